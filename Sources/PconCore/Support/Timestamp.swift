import Glibc

/// A UTC instant with millisecond precision, written as ISO-8601 (`2026-11-26T10:00:00.000Z`).
///
/// Kept as whole milliseconds since the Unix epoch so that comparisons are exact and formatting
/// does not depend on Foundation's locale-aware formatters.
public struct Timestamp: Sendable, Hashable, Comparable {
  public var millisecondsSince1970: Int64

  public init(millisecondsSince1970: Int64) { self.millisecondsSince1970 = millisecondsSince1970 }

  public static func < (a: Timestamp, b: Timestamp) -> Bool {
    a.millisecondsSince1970 < b.millisecondsSince1970
  }

  /// The first instant pcon stores: 0000-01-01T00:00:00.000Z.
  public static let earliest = Timestamp(millisecondsSince1970: -62_167_219_200_000)
  /// The last instant pcon stores: 9999-12-31T23:59:59.999Z. Every stored time has a four-digit
  /// year, so readers can rely on its 24 bytes.
  public static let latest = Timestamp(millisecondsSince1970: 253_402_300_799_999)

  /// Whether this instant falls in years 0000–9999 UTC, the range pcon stores.
  public var isStorable: Bool { self >= Timestamp.earliest && self <= Timestamp.latest }

  /// This instant moved by `seconds` (negative for earlier), held to the storable range: an
  /// expiry past year 9999 is as good as never, and must still be written and read back.
  public func adding(seconds: Int64) -> Timestamp {
    let (delta, overflow) = seconds.multipliedReportingOverflow(by: 1000)
    let (sum, overflowed) = millisecondsSince1970.addingReportingOverflow(delta)
    if overflow || overflowed { return seconds < 0 ? .earliest : .latest }
    return min(max(Timestamp(millisecondsSince1970: sum), .earliest), .latest)
  }

  /// The ISO-8601 form with milliseconds and a `Z` suffix.
  public var iso8601: String {
    let fast = withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 24) { buffer in
      writeISO8601(into: buffer)
        ? String(decoding: UnsafeBufferPointer(buffer), as: UTF8.self) : nil
    }
    if let fast { return fast }
    var seconds = time_t(
      millisecondsSince1970 >= 0
        ? millisecondsSince1970 / 1000 : (millisecondsSince1970 - 999) / 1000)
    let millis = Int(millisecondsSince1970 - Int64(seconds) * 1000)
    var parts = tm()
    gmtime_r(&seconds, &parts)
    return pad(Int(parts.tm_year) + 1900, 4) + "-" + pad(Int(parts.tm_mon) + 1, 2) + "-"
      + pad(Int(parts.tm_mday), 2) + "T" + pad(Int(parts.tm_hour), 2) + ":"
      + pad(Int(parts.tm_min), 2)
      + ":" + pad(Int(parts.tm_sec), 2) + "." + pad(millis, 3) + "Z"
  }

  /// Writes the 24 bytes of `iso8601` to the start of `buffer`; false (and nothing written)
  /// for a year outside 0–9999, which takes more or fewer digits.
  @discardableResult
  func writeISO8601(into buffer: UnsafeMutableBufferPointer<UInt8>) -> Bool {
    let millisecondsPerDay: Int64 = 86_400_000
    var days = millisecondsSince1970 / millisecondsPerDay
    var rest = millisecondsSince1970 % millisecondsPerDay
    if rest < 0 {
      days -= 1
      rest += millisecondsPerDay
    }
    let (year, month, day) = civil(fromDays: Int(days))
    guard (0...9999).contains(year), buffer.count >= 24 else { return false }
    let seconds = Int(rest / 1000)
    var index = 0
    func put(_ value: Int, _ width: Int) {
      var value = value
      for position in stride(from: index + width - 1, through: index, by: -1) {
        buffer[position] = UInt8(0x30 + value % 10)
        value /= 10
      }
      index += width
    }
    func put(_ ascii: Unicode.Scalar) {
      buffer[index] = UInt8(ascii: ascii)
      index += 1
    }
    put(year, 4)
    put("-")
    put(month, 2)
    put("-")
    put(day, 2)
    put("T")
    put(seconds / 3600, 2)
    put(":")
    put(seconds / 60 % 60, 2)
    put(":")
    put(seconds % 60, 2)
    put(".")
    put(Int(rest % 1000), 3)
    put("Z")
    return true
  }

  /// Parses `2026-11-26`, `2026-11-26T10:00`, `2026-11-26T10:00:00Z`, with optional fraction
  /// and `Z` or `±HH:MM` offset; a time without an offset is UTC. A time that falls outside
  /// years 0000–9999 once in UTC (`9999-12-31T23:00:00-14:00`) is refused.
  public init?(iso8601 text: String) {
    var text = text
    guard let milliseconds = text.withUTF8({ Timestamp.milliseconds(iso8601: $0) }) else {
      return nil
    }
    self.init(millisecondsSince1970: milliseconds)
  }

  /// The first instant of the month `YYYY-MM` names, as billing and event partitions name
  /// months; nil for any other text.
  public init?(month text: String) {
    guard text.utf8.count == 7 else { return nil }
    self.init(iso8601: text + "-01")
  }

  /// Parses the UTF-8 bytes of an ISO-8601 time, as `init(iso8601:)` does its text.
  init?(iso8601 bytes: UnsafeBufferPointer<UInt8>) {
    guard let milliseconds = Timestamp.milliseconds(iso8601: bytes) else { return nil }
    self.init(millisecondsSince1970: milliseconds)
  }

  private static func milliseconds(iso8601 bytes: UnsafeBufferPointer<UInt8>) -> Int64? {
    var scanner = DigitScanner(bytes)
    guard let year = scanner.number(4), scanner.skip("-"), let month = scanner.number(2),
      scanner.skip("-"),
      let day = scanner.number(2), (1...12).contains(month),
      (1...daysIn(month: month, year: year)).contains(day)
    else { return nil }
    var hour = 0
    var minute = 0
    var second = 0
    var millis = 0
    var offset = 0
    if scanner.skip("T") || scanner.skip(" ") {
      guard let h = scanner.number(2), scanner.skip(":"), let m = scanner.number(2), h < 24, m < 60
      else {
        return nil
      }
      hour = h
      minute = m
      if scanner.skip(":") {
        guard let s = scanner.number(2), s < 61 else { return nil }
        second = min(s, 59)
        if scanner.skip(".") {
          guard let fraction = scanner.fraction() else { return nil }
          millis = fraction
        }
      }
      if scanner.skip("Z") || scanner.skip("z") {
      } else if let sign = scanner.sign() {
        guard let oh = scanner.number(2), oh < 24 else { return nil }
        _ = scanner.skip(":")
        guard let om = scanner.number(2), om < 60 else { return nil }
        offset = sign * (oh * 3600 + om * 60)
      }
    }
    guard scanner.atEnd else { return nil }
    let days = daysFromCivil(year: year, month: month, day: day)
    let seconds = Int64(days) * 86400 + Int64(hour * 3600 + minute * 60 + second) - Int64(offset)
    let milliseconds = seconds * 1000 + Int64(millis)
    guard Timestamp(millisecondsSince1970: milliseconds).isStorable else { return nil }
    return milliseconds
  }

  /// The `YYYY-MM` month this instant falls in.
  public var month: String { String(iso8601.prefix(7)) }

  /// Midnight UTC at the start of this instant's month: when a billing month begins.
  public var startOfMonth: Timestamp {
    let date = civil(fromDays: Int(floorDivide(millisecondsSince1970, 86_400_000)))
    return Timestamp(
      millisecondsSince1970: Int64(daysFromCivil(year: date.year, month: date.month, day: 1))
        * 86_400_000)
  }

  /// Midnight UTC at the start of the month after this instant's.
  public var startOfNextMonth: Timestamp {
    let date = civil(fromDays: Int(floorDivide(millisecondsSince1970, 86_400_000)))
    let (year, month) = date.month == 12 ? (date.year + 1, 1) : (date.year, date.month + 1)
    // Past year 9999 is as good as never, and must still be written and read back.
    return min(
      Timestamp(
        millisecondsSince1970: Int64(daysFromCivil(year: year, month: month, day: 1)) * 86_400_000),
      .latest)
  }

  /// Midnight UTC at the start of this instant's day.
  public var startOfDay: Timestamp {
    Timestamp(millisecondsSince1970: floorDivide(millisecondsSince1970, 86_400_000) * 86_400_000)
  }

  /// This instant `days` days later.
  public func adding(days: Int64) -> Timestamp { adding(seconds: days * 86_400) }
}

private func floorDivide(_ a: Int64, _ b: Int64) -> Int64 {
  a >= 0 ? a / b : -((-a + b - 1) / b)
}

private func pad(_ value: Int, _ width: Int) -> String {
  let digits = String(value)
  return digits.count >= width
    ? digits : String(repeating: "0", count: width - digits.count) + digits
}

private func isLeap(_ year: Int) -> Bool { year % 4 == 0 && (year % 100 != 0 || year % 400 == 0) }

private func daysIn(month: Int, year: Int) -> Int {
  switch month {
  case 2: return isLeap(year) ? 29 : 28
  case 4, 6, 9, 11: return 30
  default: return 31
  }
}

// Howard Hinnant's civil_from_days: the proleptic Gregorian date `days` after 1970-01-01.
private func civil(fromDays days: Int) -> (year: Int, month: Int, day: Int) {
  let z = days + 719468
  let era = (z >= 0 ? z : z - 146096) / 146097
  let doe = z - era * 146097
  let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365
  let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
  let mp = (5 * doy + 2) / 153
  let day = doy - (153 * mp + 2) / 5 + 1
  let month = mp < 10 ? mp + 3 : mp - 9
  return (yoe + era * 400 + (month <= 2 ? 1 : 0), month, day)
}

// Howard Hinnant's days_from_civil: days since 1970-01-01 for a proleptic Gregorian date.
private func daysFromCivil(year: Int, month: Int, day: Int) -> Int {
  let y = month <= 2 ? year - 1 : year
  let era = (y >= 0 ? y : y - 399) / 400
  let yoe = y - era * 400
  let doy = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1
  let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
  return era * 146097 + doe - 719468
}

private struct DigitScanner {
  let bytes: UnsafeBufferPointer<UInt8>
  var index = 0
  init(_ bytes: UnsafeBufferPointer<UInt8>) { self.bytes = bytes }
  var atEnd: Bool { index == bytes.count }

  mutating func number(_ width: Int) -> Int? {
    guard index + width <= bytes.count else { return nil }
    var value = 0
    for byte in bytes[index..<index + width] {
      guard byte >= 0x30 && byte <= 0x39 else { return nil }
      value = value * 10 + Int(byte - 0x30)
    }
    index += width
    return value
  }

  mutating func fraction() -> Int? {
    var digits = 0
    var value = 0
    while index < bytes.count, bytes[index] >= 0x30 && bytes[index] <= 0x39 {
      if digits < 3 { value = value * 10 + Int(bytes[index] - 0x30) }
      digits += 1
      index += 1
    }
    guard digits > 0 else { return nil }
    if digits < 3 {
      for _ in digits..<3 { value *= 10 }
    }
    return value
  }

  mutating func skip(_ c: Character) -> Bool {
    guard index < bytes.count, let ascii = c.asciiValue, bytes[index] == ascii else { return false }
    index += 1
    return true
  }

  mutating func sign() -> Int? {
    if skip("+") { return 1 }
    if skip("-") { return -1 }
    return nil
  }
}
