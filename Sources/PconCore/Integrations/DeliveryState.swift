/// Where one webhook's delivery stands: how far it has read its owner's event log, the events the
/// throttle skipped that wait for another try, and what its last deliveries did.
public struct DeliveryState: Sendable, Equatable {
  /// Byte offsets in the owner's event partitions up to which every matching event has an
  /// outcome recorded (see `EventTail.offsets`). Empty until the hook first watches.
  public var cursor: [String: Int]
  /// The ID of the last event whose outcome is recorded, so an event is never handled twice
  /// even if a partition was cut and appended again.
  public var lastEventID: Int64
  /// Whether the hook has begun watching: an empty cursor then means an empty log, not a hook
  /// that has yet to start.
  public var started: Bool
  /// Skipped events waiting for their next try, oldest first.
  public var retries: [Retry]
  /// The latest deliveries, newest last, at most `maxRecent`.
  public var recent: [Delivery]
  /// Outcomes counted per UTC day, oldest first, at most `maxDays`.
  public var days: [DayCount]

  /// The most skipped events one hook keeps for retrying; beyond it they are dropped at once.
  public static let maxRetries = 1000
  /// How many deliveries `integration history` can show.
  public static let maxRecent = 100
  /// How many days of counts are kept, as the console's history shows.
  public static let maxDays = 30

  public init(
    cursor: [String: Int] = [:], lastEventID: Int64 = 0, started: Bool = false,
    retries: [Retry] = [], recent: [Delivery] = [], days: [DayCount] = []
  ) {
    self.cursor = cursor
    self.lastEventID = lastEventID
    self.started = started
    self.retries = retries
    self.recent = recent
    self.days = days
  }

  /// A skipped event and when it is tried next.
  public struct Retry: Sendable, Equatable {
    public var event: Event
    public var firstSkipped: Timestamp
    /// How many times it has been skipped.
    public var attempts: Int
    public var due: Timestamp
  }

  /// How one delivery ended.
  public enum Outcome: String, Sendable, CaseIterable {
    /// The server answered 2xx.
    case success
    /// Another status, no answer in 20 s, no connection, or a request that could not be made.
    case failure
    /// The throttle held it back for a later try.
    case skipped
    /// Held back too often: dropped with Particle's "Sleeping, too many errors" error.
    case dropped
    /// Sent by `integration test`, not from the log.
    case test
  }

  /// One delivery as history shows it.
  public struct Delivery: Sendable, Equatable {
    public var at: Timestamp
    public var eventID: Int64?
    public var eventName: String
    /// The HTTP status, when the server answered.
    public var status: Int?
    /// Milliseconds from sending to the whole answer.
    public var latencyMs: Int?
    public var outcome: Outcome
    /// Why it failed, when it did without a status (a timeout, a refused connection).
    public var error: String?

    public init(
      at: Timestamp, eventID: Int64?, eventName: String, status: Int?, latencyMs: Int?,
      outcome: Outcome, error: String? = nil
    ) {
      self.at = at
      self.eventID = eventID
      self.eventName = eventName
      self.status = status
      self.latencyMs = latencyMs
      self.outcome = outcome
      self.error = error
    }
  }

  /// One day's outcomes.
  public struct DayCount: Sendable, Equatable {
    /// `YYYY-MM-DD`, UTC.
    public var date: String
    public var success: Int
    public var failure: Int
    public var skipped: Int
  }

  /// Adds `delivery` to the history and the day's counts, keeping both bounded.
  public mutating func note(_ delivery: Delivery) {
    recent.append(delivery)
    if recent.count > Self.maxRecent { recent.removeFirst(recent.count - Self.maxRecent) }
    let date = String(delivery.at.iso8601.prefix(10))
    if days.last?.date != date {
      days.append(DayCount(date: date, success: 0, failure: 0, skipped: 0))
      days.sort { $0.date < $1.date }
    }
    guard let index = days.lastIndex(where: { $0.date == date }) else { return }
    switch delivery.outcome {
    case .success: days[index].success += 1
    case .failure, .dropped: days[index].failure += 1
    case .skipped: days[index].skipped += 1
    case .test: break
    }
    if days.count > Self.maxDays { days.removeFirst(days.count - Self.maxDays) }
  }
}

extension DeliveryState {
  init(stored json: JSONObject) throws {
    var cursor: [String: Int] = [:]
    for (path, value) in try json.object("cursor").fields {
      guard case .int(let offset) = value, offset >= 0, let size = Int(exactly: offset),
        path.hasPrefix(StateLayout.eventsDirectory + "/"), path.hasSuffix(".ndjson")
      else {
        throw JSONObject.ShapeError(
          path: json.path + ".cursor", problem: "expected byte offsets of event partitions")
      }
      cursor[path] = size
    }
    let last = try json.int("last_event_id")
    guard last >= 0 else {
      throw JSONObject.ShapeError(path: "last_event_id", problem: "expected 0 or more")
    }
    self.init(
      cursor: cursor, lastEventID: Int64(last), started: try json.bool("started"),
      retries: try json.objects("retries").map(Retry.init(stored:)),
      recent: try json.objects("recent").map(Delivery.init(stored:)),
      days: try json.objects("days").map(DayCount.init(stored:)))
    guard Set(retries.map(\.event.id)).count == retries.count else {
      throw JSONObject.ShapeError(path: json.path + ".retries", problem: "an event is listed twice")
    }
    guard retries.count <= Self.maxRetries, recent.count <= Self.maxRecent,
      days.count <= Self.maxDays
    else {
      throw JSONObject.ShapeError(path: json.path, problem: "more entries than pcon keeps")
    }
  }

  var stored: JSON {
    .object([
      (
        "cursor",
        .object(cursor.sorted { $0.key < $1.key }.map { ($0.key, .int(Int64($0.value))) })
      ),
      ("last_event_id", .int(lastEventID)), ("started", .bool(started)),
      ("retries", .array(retries.map(\.stored))),
      ("recent", .array(recent.map(\.stored))),
      ("days", .array(days.map(\.stored))),
    ])
  }
}

extension DeliveryState.Retry {
  init(stored json: JSONObject) throws {
    let attempts = try json.int("attempts")
    guard (1...HostThrottle.retryAfterSeconds.count).contains(attempts) else {
      throw JSONObject.ShapeError(
        path: json.path + ".attempts",
        problem: "expected 1 to \(HostThrottle.retryAfterSeconds.count)")
    }
    self.init(
      event: try Event(stored: try json.object("event")),
      firstSkipped: try json.date("first_skipped"), attempts: attempts, due: try json.date("due"))
  }

  var stored: JSON {
    .object([
      ("event", event.stored), ("first_skipped", .string(firstSkipped.iso8601)),
      ("attempts", .int(attempts)), ("due", .string(due.iso8601)),
    ])
  }
}

extension DeliveryState.Delivery {
  init(stored json: JSONObject) throws {
    let name = try json.string("outcome")
    guard let outcome = DeliveryState.Outcome(rawValue: name) else {
      throw JSONObject.ShapeError(
        path: json.path + ".outcome",
        problem: "expected one of "
          + DeliveryState.Outcome.allCases.map(\.rawValue).joined(separator: ", "))
    }
    let status = try json.optionalInt("status")
    let latency = try json.optionalInt("latency_ms")
    let statusOK = status.map { (100...999).contains($0) } ?? true
    guard statusOK, (latency ?? 0) >= 0 else {
      throw JSONObject.ShapeError(
        path: json.path, problem: "expected a status from 100 to 999 and a latency of 0 or more")
    }
    self.init(
      at: try json.date("at"), eventID: try json.optionalInt("event_id").map(Int64.init),
      eventName: try json.string("event"), status: status, latencyMs: latency,
      outcome: outcome, error: try json.optionalString("error"))
  }

  var stored: JSON {
    .object([
      ("at", .string(at.iso8601)), ("event_id", .int(eventID.map { Int($0) })),
      ("event", .string(eventName)), ("status", .int(status)), ("latency_ms", .int(latencyMs)),
      ("outcome", .string(outcome.rawValue)), ("error", .string(error)),
    ])
  }
}

extension DeliveryState.DayCount {
  init(stored json: JSONObject) throws {
    let counts = try ["success", "failure", "skipped"].map { try json.int($0) }
    guard counts.allSatisfy({ $0 >= 0 }) else {
      throw JSONObject.ShapeError(path: json.path, problem: "expected counts of 0 or more")
    }
    self.init(
      date: try json.string("date"), success: counts[0], failure: counts[1], skipped: counts[2])
  }

  var stored: JSON {
    .object([
      ("date", .string(date)), ("success", .int(success)), ("failure", .int(failure)),
      ("skipped", .int(skipped)),
    ])
  }
}
