/// Particle's adaptive webhook throttle, kept per target host (not per hook, account or port):
/// while a host's errors outnumber its successes, requests to it are skipped; a skipped event is
/// retried after 30 s and after 1 min, then dropped. A host that has gone a few seconds without
/// an error starts afresh.
public struct HostThrottle: Sendable, Equatable {
  /// What one host has answered lately.
  public struct Host: Sendable, Equatable {
    public var successes: Int
    public var errors: Int
    public var lastErrorAt: Timestamp?

    public init(successes: Int = 0, errors: Int = 0, lastErrorAt: Timestamp? = nil) {
      self.successes = successes
      self.errors = errors
      self.lastErrorAt = lastErrorAt
    }
  }

  /// Seconds without an error after which a host's record is forgotten ("a few seconds").
  public static let coolDownSeconds: Int64 = 5
  /// When a skipped event is tried again, in seconds after it was first skipped; after the
  /// last it is dropped.
  public static let retryAfterSeconds: [Int64] = [30, 60]
  /// The text of the `hook-error` event for a dropped event, as Particle words it.
  public static let droppedMessage = "Sleeping, too many errors, please wait and try again"
  /// The most hosts remembered; the quietest are forgotten first.
  static let maxHosts = 1000

  /// Each host's record, by lowercased host name.
  public private(set) var hosts: [String: Host]

  public init(hosts: [String: Host] = [:]) { self.hosts = hosts }

  /// Whether a request to `host` may be sent at `now`.
  public func allows(_ host: String, at now: Timestamp) -> Bool {
    guard let record = hosts[host.lowercased()] else { return true }
    // An error dated ahead (a clock stepped back) cannot hold a host off until then.
    if let last = record.lastErrorAt,
      now >= last.adding(seconds: Self.coolDownSeconds) || last > now
    {
      return true
    }
    return record.errors <= record.successes
  }

  /// Records what `host` answered at `now`: a 2xx is a success, anything else (another status,
  /// no answer in time, no connection) an error.
  public mutating func record(_ host: String, success: Bool, at now: Timestamp) {
    let key = host.lowercased()
    var record = hosts[key] ?? Host()
    if let last = record.lastErrorAt,
      now >= last.adding(seconds: Self.coolDownSeconds) || last > now
    {
      record = Host()
    }
    if success {
      record.successes = min(record.successes + 1, 1 << 30)
    } else {
      record.errors = min(record.errors + 1, 1 << 30)
      record.lastErrorAt = now
    }
    hosts[key] = record
    if hosts.count > Self.maxHosts, let quietest = hosts.min(by: { Self.quieter($0, $1) })?.key {
      hosts[quietest] = nil
    }
  }

  /// When an event first skipped at `firstSkipped`, skipped `attempts` times so far, is next
  /// tried; nil when it is to be dropped.
  public static func nextTry(firstSkipped: Timestamp, attempts: Int) -> Timestamp? {
    guard attempts >= 1, attempts <= retryAfterSeconds.count else { return nil }
    return firstSkipped.adding(seconds: retryAfterSeconds[attempts - 1])
  }

  private static func quieter(_ a: (key: String, value: Host), _ b: (key: String, value: Host))
    -> Bool
  {
    let x = a.value.lastErrorAt?.millisecondsSince1970 ?? .min
    let y = b.value.lastErrorAt?.millisecondsSince1970 ?? .min
    return x != y ? x < y : a.key < b.key
  }
}

extension HostThrottle {
  init(stored json: JSONObject) throws {
    var hosts: [String: Host] = [:]
    for entry in try json.objects("hosts") {
      let counts = try [entry.int("successes"), entry.int("errors")]
      guard counts.allSatisfy({ (0...(1 << 30)).contains($0) }) else {
        throw JSONObject.ShapeError(path: entry.path, problem: "expected counts from 0 to 2^30")
      }
      hosts[try entry.string("host").lowercased()] = Host(
        successes: counts[0], errors: counts[1],
        lastErrorAt: try entry.optionalDate("last_error_at"))
    }
    guard hosts.count <= Self.maxHosts else {
      throw JSONObject.ShapeError(path: json.path, problem: "more hosts than pcon keeps")
    }
    self.init(hosts: hosts)
  }

  var stored: JSON {
    .object([
      (
        "hosts",
        .array(
          hosts.sorted { $0.key < $1.key }.map { host, record in
            .object([
              ("host", .string(host)), ("successes", .int(record.successes)),
              ("errors", .int(record.errors)),
              ("last_error_at", .string(record.lastErrorAt?.iso8601)),
            ])
          })
      )
    ])
  }
}
