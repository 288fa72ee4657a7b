import Glibc

/// A forward pass over a one-level JSON object of plain ASCII strings, integers and literals.
/// Every method answers nil or false, without judging, at anything outside that subset: the
/// caller then hands the object to the full parser.
struct FlatObjectScanner {
  /// The keys a captured event's fields go by.
  enum Keyword: UInt8 {
    case name, data, ttl, publishedAt, coreid, productID, productIDUnderscored

    var bit: UInt8 { 1 << rawValue }
    static let spellings: [(StaticString, Keyword)] = [
      ("name", .name), ("data", .data), ("ttl", .ttl), ("published_at", .publishedAt),
      ("coreid", .coreid), ("productID", .productID), ("product_id", .productIDUnderscored),
    ]
  }

  private let bytes: UnsafeBufferPointer<UInt8>
  private var index: Int

  init(_ bytes: UnsafeBufferPointer<UInt8>) {
    self.bytes = bytes
    self.index = bytes.startIndex
  }

  private var current: UInt8? { index < bytes.endIndex ? bytes[index] : nil }

  private mutating func skipSpace() {
    while let byte = current, byte == 0x20 || byte == 0x0A || byte == 0x0D || byte == 0x09 {
      index += 1
    }
  }

  private mutating func take(_ byte: UInt8) -> Bool {
    skipSpace()
    guard current == byte else { return false }
    index += 1
    return true
  }

  /// Reads the opening brace.
  mutating func open() -> Bool { take(UInt8(ascii: "{")) }

  /// Reads a key and its colon; the range is the key's text.
  mutating func key() -> Range<Int>? {
    guard let key = plainString(), take(UInt8(ascii: ":")) else { return nil }
    skipSpace()
    return key
  }

  /// Reads the comma before another key (true) or the closing brace (false).
  mutating func next() -> Bool? {
    if take(UInt8(ascii: ",")) { return true }
    return take(UInt8(ascii: "}")) ? false : nil
  }

  /// Whether nothing but whitespace follows.
  var atEnd: Bool {
    mutating get {
      skipSpace()
      return index == bytes.endIndex
    }
  }

  /// Which field a key names.
  func keyword(_ key: Range<Int>) -> Keyword? {
    guard let base = bytes.baseAddress else { return nil }
    for (spelling, keyword) in Keyword.spellings
    where spelling.utf8CodeUnitCount == key.count
      && memcmp(base + key.lowerBound, spelling.utf8Start, key.count) == 0
    {
      return keyword
    }
    return nil
  }

  /// A string of printable ASCII without escapes; the range is its text.
  mutating func plainString() -> Range<Int>? {
    guard let (range, escaped) = string(), !escaped else { return nil }
    return range
  }

  /// A string of printable ASCII, and whether it holds escapes; the range is its text as
  /// written, escapes included.
  mutating func string() -> (Range<Int>, Bool)? {
    guard take(UInt8(ascii: "\"")) else { return nil }
    let start = index
    var escaped = false
    while let byte = current {
      if byte == UInt8(ascii: "\"") {
        index += 1
        return (start..<index - 1, escaped)
      }
      guard byte >= 0x20, byte < 0x80 else { return nil }
      if byte == UInt8(ascii: "\\") {
        escaped = true
        index += 1
      }
      index += 1
    }
    return nil
  }

  /// `null`.
  mutating func null() -> Bool { word("null") }

  private mutating func word(_ literal: StaticString) -> Bool {
    guard let base = bytes.baseAddress, bytes.endIndex - index >= literal.utf8CodeUnitCount,
      memcmp(base + index, literal.utf8Start, literal.utf8CodeUnitCount) == 0
    else { return false }
    index += literal.utf8CodeUnitCount
    return true
  }

  /// An integer as JSON writes one (no leading zeros), of at most 18 digits. What follows it is
  /// checked by `next`, so `1.5` is refused there.
  mutating func integer() -> Int64? {
    let start = index
    var negative = false
    if current == UInt8(ascii: "-") {
      negative = true
      index += 1
    }
    let digits = index
    var value: Int64 = 0
    while let byte = current, byte >= 0x30, byte <= 0x39 {
      value = value * 10 + Int64(byte - 0x30)
      index += 1
      if index - digits > 18 { break }
    }
    let count = index - digits
    guard count > 0, count <= 18, !(count > 1 && bytes[digits] == 0x30) else {
      index = start
      return nil
    }
    return negative ? -value : value
  }

  /// Skips a value of the subset: a string without escapes, an integer, `true`, `false`, `null`.
  mutating func skipValue() -> Bool {
    switch current {
    case UInt8(ascii: "\"")?: return plainString() != nil
    case UInt8(ascii: "t")?: return word("true")
    case UInt8(ascii: "f")?: return word("false")
    case UInt8(ascii: "n")?: return word("null")
    default: return integer() != nil
    }
  }

  /// A whole number written as the digits of a string (`"60"`), of at most 9 digits.
  func digits(_ range: Range<Int>) -> Int? {
    guard (1...9).contains(range.count) else { return nil }
    var value = 0
    for byte in bytes[range] {
      guard byte >= 0x30, byte <= 0x39 else { return nil }
      value = value * 10 + Int(byte - 0x30)
    }
    return value
  }

  /// A string's text with its escapes resolved; nil for `\u` escapes, left to the full parser.
  static func unescape(_ raw: UnsafeBufferPointer<UInt8>) -> String? {
    var out: [UInt8] = []
    out.reserveCapacity(raw.count)
    var index = raw.startIndex
    while index < raw.endIndex {
      let byte = raw[index]
      index += 1
      guard byte == UInt8(ascii: "\\") else {
        out.append(byte)
        continue
      }
      guard index < raw.endIndex else { return nil }
      let escape = raw[index]
      index += 1
      switch escape {
      case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): out.append(escape)
      case UInt8(ascii: "b"): out.append(0x08)
      case UInt8(ascii: "f"): out.append(0x0C)
      case UInt8(ascii: "n"): out.append(0x0A)
      case UInt8(ascii: "r"): out.append(0x0D)
      case UInt8(ascii: "t"): out.append(0x09)
      default: return nil
      }
    }
    return String(decoding: out, as: UTF8.self)
  }
}
