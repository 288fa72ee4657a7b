/// A strict RFC 8259 parser that reports the byte offset of the first fault.
public struct JSONParser {
  /// Why a document is not valid JSON, and where.
  public struct Failure: Error, Equatable, Sendable, CustomStringConvertible {
    public let offset: Int
    public let reason: String
    public var description: String { "invalid JSON at byte \(offset): \(reason)" }
  }

  /// Parses one JSON document; trailing whitespace is allowed, anything else is not.
  public static func parse(_ bytes: [UInt8]) throws(Failure) -> JSON {
    try bytes.withUnsafeBufferPointer { (buffer) throws(Failure) -> JSON in
      var cursor = Cursor(bytes: buffer)
      let value = try cursor.parseValue(depth: 0)
      cursor.skipWhitespace()
      guard cursor.index == buffer.count else {
        throw cursor.fail("unexpected data after the value")
      }
      return value
    }
  }

  /// Parses a string as one JSON document.
  public static func parse(_ text: String) throws(Failure) -> JSON {
    try parse(Array(text.utf8))
  }
}

private let maxDepth = 256

private struct Cursor {
  let bytes: UnsafeBufferPointer<UInt8>
  var index = 0

  init(bytes: UnsafeBufferPointer<UInt8>) { self.bytes = bytes }

  func fail(_ reason: String) -> JSONParser.Failure {
    JSONParser.Failure(offset: index, reason: reason)
  }

  mutating func skipWhitespace() {
    while index < bytes.count {
      switch bytes[index] {
      case 0x20, 0x0A, 0x0D, 0x09: index += 1
      default: return
      }
    }
  }

  mutating func parseValue(depth: Int) throws(JSONParser.Failure) -> JSON {
    skipWhitespace()
    guard index < bytes.count else { throw fail("unexpected end of data") }
    guard depth < maxDepth else { throw fail("nested more than \(maxDepth) levels deep") }
    switch bytes[index] {
    case UInt8(ascii: "{"): return try parseObject(depth: depth)
    case UInt8(ascii: "["): return try parseArray(depth: depth)
    case UInt8(ascii: "\""): return .string(try parseString())
    case UInt8(ascii: "t"):
      try expectWord("true")
      return .bool(true)
    case UInt8(ascii: "f"):
      try expectWord("false")
      return .bool(false)
    case UInt8(ascii: "n"):
      try expectWord("null")
      return .null
    case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): return try parseNumber()
    default: throw fail("unexpected character \(describe(bytes[index]))")
    }
  }

  mutating func expectWord(_ word: StaticString) throws(JSONParser.Failure) {
    let start = index
    for byte in UnsafeBufferPointer(start: word.utf8Start, count: word.utf8CodeUnitCount) {
      guard index < bytes.count, bytes[index] == byte else {
        index = start
        throw fail("invalid literal")
      }
      index += 1
    }
  }

  mutating func parseObject(depth: Int) throws(JSONParser.Failure) -> JSON {
    index += 1
    var pairs: [(String, JSON)] = []
    skipWhitespace()
    if index < bytes.count, bytes[index] == UInt8(ascii: "}") {
      index += 1
      return .object(pairs)
    }
    while true {
      skipWhitespace()
      guard index < bytes.count else { throw fail("unexpected end of data in an object") }
      guard bytes[index] == UInt8(ascii: "\"") else { throw fail("expected a key in quotes") }
      let key = try parseString()
      skipWhitespace()
      guard index < bytes.count, bytes[index] == UInt8(ascii: ":") else {
        throw fail("expected ':' after a key")
      }
      index += 1
      pairs.append((key, try parseValue(depth: depth + 1)))
      skipWhitespace()
      guard index < bytes.count else { throw fail("unexpected end of data in an object") }
      if bytes[index] == UInt8(ascii: ",") {
        index += 1
        continue
      }
      guard bytes[index] == UInt8(ascii: "}") else {
        throw fail("expected ',' or '}' in an object")
      }
      index += 1
      return .object(pairs)
    }
  }

  mutating func parseArray(depth: Int) throws(JSONParser.Failure) -> JSON {
    index += 1
    var items: [JSON] = []
    skipWhitespace()
    if index < bytes.count, bytes[index] == UInt8(ascii: "]") {
      index += 1
      return .array(items)
    }
    while true {
      items.append(try parseValue(depth: depth + 1))
      skipWhitespace()
      guard index < bytes.count else { throw fail("unexpected end of data in an array") }
      if bytes[index] == UInt8(ascii: ",") {
        index += 1
        continue
      }
      guard bytes[index] == UInt8(ascii: "]") else { throw fail("expected ',' or ']' in an array") }
      index += 1
      return .array(items)
    }
  }

  mutating func parseNumber() throws(JSONParser.Failure) -> JSON {
    let start = index
    var isInteger = true
    if bytes[index] == UInt8(ascii: "-") { index += 1 }
    guard index < bytes.count, isDigit(bytes[index]) else { throw fail("invalid number") }
    if bytes[index] == UInt8(ascii: "0") {
      index += 1
    } else {
      while index < bytes.count, isDigit(bytes[index]) { index += 1 }
    }
    if index < bytes.count, bytes[index] == UInt8(ascii: ".") {
      isInteger = false
      index += 1
      guard index < bytes.count, isDigit(bytes[index]) else { throw fail("invalid number") }
      while index < bytes.count, isDigit(bytes[index]) { index += 1 }
    }
    if index < bytes.count, bytes[index] == UInt8(ascii: "e") || bytes[index] == UInt8(ascii: "E") {
      isInteger = false
      index += 1
      if index < bytes.count, bytes[index] == UInt8(ascii: "+") || bytes[index] == UInt8(ascii: "-")
      {
        index += 1
      }
      guard index < bytes.count, isDigit(bytes[index]) else { throw fail("invalid number") }
      while index < bytes.count, isDigit(bytes[index]) { index += 1 }
    }
    let text = String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<index]), as: UTF8.self)
    if isInteger, let value = Int64(text) { return .int(value) }
    guard let value = Double(text), value.isFinite else {
      index = start
      throw fail("number out of range")
    }
    return .double(value)
  }

  mutating func parseString() throws(JSONParser.Failure) -> String {
    index += 1
    let start = index
    var isPlain = true
    // Fast path: no escapes and plain ASCII, decoded in one step.
    while index < bytes.count {
      let byte = bytes[index]
      if byte == UInt8(ascii: "\"") { break }
      if byte == UInt8(ascii: "\\") || byte >= 0x80 {
        isPlain = false
        break
      }
      guard byte >= 0x20 else { throw fail("control character in a string") }
      index += 1
    }
    if isPlain {
      guard index < bytes.count else { throw fail("unterminated string") }
      let text = String(
        decoding: UnsafeBufferPointer(rebasing: bytes[start..<index]), as: UTF8.self)
      index += 1
      return text
    }
    var scalarBytes: [UInt8] = Array(UnsafeBufferPointer(rebasing: bytes[start..<index]))
    while true {
      guard index < bytes.count else { throw fail("unterminated string") }
      let byte = bytes[index]
      if byte == UInt8(ascii: "\"") {
        index += 1
        break
      }
      if byte < 0x20 { throw fail("control character in a string") }
      if byte != UInt8(ascii: "\\") {
        scalarBytes.append(byte)
        index += 1
        continue
      }
      index += 1
      guard index < bytes.count else { throw fail("unterminated string") }
      let escape = bytes[index]
      index += 1
      switch escape {
      case UInt8(ascii: "\""): scalarBytes.append(0x22)
      case UInt8(ascii: "\\"): scalarBytes.append(0x5C)
      case UInt8(ascii: "/"): scalarBytes.append(0x2F)
      case UInt8(ascii: "b"): scalarBytes.append(0x08)
      case UInt8(ascii: "f"): scalarBytes.append(0x0C)
      case UInt8(ascii: "n"): scalarBytes.append(0x0A)
      case UInt8(ascii: "r"): scalarBytes.append(0x0D)
      case UInt8(ascii: "t"): scalarBytes.append(0x09)
      case UInt8(ascii: "u"):
        var code = try parseHex4()
        if (0xD800...0xDBFF).contains(code) {
          guard index + 1 < bytes.count, bytes[index] == UInt8(ascii: "\\"),
            bytes[index + 1] == UInt8(ascii: "u")
          else { throw fail("unpaired surrogate in \\u escape") }
          index += 2
          let low = try parseHex4()
          guard (0xDC00...0xDFFF).contains(low) else {
            throw fail("unpaired surrogate in \\u escape")
          }
          code = 0x10000 + ((code - 0xD800) << 10) + (low - 0xDC00)
        } else if (0xDC00...0xDFFF).contains(code) {
          throw fail("unpaired surrogate in \\u escape")
        }
        guard let scalar = Unicode.Scalar(code) else { throw fail("invalid \\u escape") }
        scalarBytes.append(contentsOf: Array(String(Character(scalar)).utf8))
      default:
        index -= 1
        throw fail("invalid escape character \(describe(escape))")
      }
    }
    guard let text = String(validating: scalarBytes, as: UTF8.self) else {
      index = start
      throw fail("string is not valid UTF-8")
    }
    return text
  }

  mutating func parseHex4() throws(JSONParser.Failure) -> UInt32 {
    guard index + 4 <= bytes.count else { throw fail("invalid \\u escape") }
    var value: UInt32 = 0
    for _ in 0..<4 {
      let byte = bytes[index]
      let digit: UInt32
      switch byte {
      case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = UInt32(byte - UInt8(ascii: "0"))
      case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = UInt32(byte - UInt8(ascii: "a") + 10)
      case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = UInt32(byte - UInt8(ascii: "A") + 10)
      default: throw fail("invalid \\u escape")
      }
      value = value << 4 | digit
      index += 1
    }
    return value
  }

  func isDigit(_ byte: UInt8) -> Bool { byte >= 0x30 && byte <= 0x39 }

  func describe(_ byte: UInt8) -> String {
    byte >= 0x21 && byte < 0x7F
      ? "'\(Character(Unicode.Scalar(byte)))'" : "0x\(String(byte, radix: 16))"
  }
}
