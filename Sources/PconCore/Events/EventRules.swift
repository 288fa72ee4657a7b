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

  /// Whether `name` is one the cloud reserves for itself (`particle…`, `spark…`, any case).
  public static func isReserved(name: String) -> Bool {
    let lower = name.lowercased()
    return lower.hasPrefix("particle") || lower.hasPrefix("spark")
  }

  /// Checks an event a user or device publishes.
  public static func validate(name: String, data: String, ttl: Int) throws {
    guard isWellFormed(name: name) else {
      throw PconError.invalidValue(
        field: "event name", value: name, expected: "1 to 64 letters, digits, '_', '-' or '/'")
    }
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
