/// What may be published: Particle's limits on names, data and time to live.
public enum EventRules {
  /// The most bytes of data an event carries.
  public static let maxDataBytes = 1024
  /// The longest time to live Particle accepts.
  public static let maxTTL = 16_777_215

  /// Whether `name` has a valid event name's characters and length (any owner).
  public static func isWellFormed(name: String) -> Bool {
    (1...64).contains(name.utf8.count)
      && name.utf8.allSatisfy { byte in
        switch byte {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
          UInt8(ascii: "0")...UInt8(ascii: "9"),
          UInt8(ascii: "_"), UInt8(ascii: "-"), UInt8(ascii: "/"):
          return true
        default: return false
        }
      }
  }

  /// The publishers the cloud itself uses in place of a device ID: `api` (product events),
  /// `particle-internal` (webhook and system events) and `001` (events sent through the REST API).
  public static let cloudPublishers: Set<String> = [Event.apiPublisher, "particle-internal", "001"]

  /// Whether `coreid` names a publisher: a device ID in lower case, or one of the cloud's own.
  public static func isPublisher(_ coreid: String) -> Bool {
    cloudPublishers.contains(coreid) || (Device.isID(coreid) && coreid == coreid.lowercased())
  }

  /// The largest event ID: the stored-line reader takes at most 18 digits.
  public static let maxEventID: Int64 = 999_999_999_999_999_999

  /// Checks that `event` is one the log's own reader reads back as it is: a well-formed name, a
  /// known publisher, a time in years 0000–9999 and an ID in range. The log refuses anything
  /// else rather than store a line that would make its partition unreadable.
  static func checkStorable(_ event: Event) throws {
    guard (1...maxEventID).contains(event.id) else {
      throw PconError.stateDamaged(
        file: StateLayout.eventSequence,
        reason: "next_id \(event.id) is outside 1 to \(maxEventID)")
    }
    guard isWellFormed(name: event.name) else {
      throw PconError.invalidValue(
        field: "event name", value: event.name, expected: "1 to 64 letters, digits, '_', '-' or '/'"
      )
    }
    guard isPublisher(event.coreid) else {
      throw PconError.invalidValue(
        field: "coreid", value: event.coreid,
        expected:
          "a 24-digit device ID or one of \(cloudPublishers.sorted().joined(separator: ", "))")
    }
    guard event.publishedAt.isStorable else {
      throw PconError.invalidValue(
        field: "published_at", value: String(event.publishedAt.millisecondsSince1970),
        expected: "a time in years 0000–9999 UTC")
    }
    guard (0...maxTTL).contains(event.ttl) else {
      throw PconError.invalidValue(
        field: .ttl, value: String(event.ttl), expected: "seconds from 0 to \(maxTTL)")
    }
  }

  /// Whether `name` is one the cloud reserves for itself (`particle…`, `spark…`, any case).
  public static func isReserved(name: String) -> Bool {
    let lower = name.lowercased()
    return lower.hasPrefix("particle") || lower.hasPrefix("spark")
  }

  /// Checks an event a user or device publishes.
  public static func validate(name: String, data: String, ttl: Int) throws {
    guard isWellFormed(name: name) else { throw PconError.invalidEventName(name) }
    guard !isReserved(name: name) else { throw PconError.reservedEventName(name) }
    guard data.utf8.count <= maxDataBytes else {
      throw PconError.eventDataTooLong(bytes: data.utf8.count, limit: maxDataBytes)
    }
    guard (0...maxTTL).contains(ttl) else {
      throw PconError.invalidValue(
        field: .ttl, value: String(ttl), expected: "seconds from 0 to \(maxTTL)")
    }
  }
}
