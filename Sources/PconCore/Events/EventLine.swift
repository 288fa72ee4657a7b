import Glibc

/// A stored event line located inside a read buffer, field by field, without building strings.
///
/// pcon writes every event line in one canonical form (`Event.line`), so the fields are found
/// by a single forward pass; a line in any other form is parsed in full and re-encoded.
struct EventLine {
  var id: Int64 = 0
  var name: Range<Int> = 0..<0
  /// The data as it appears between its quotes, escapes included.
  var data: Range<Int> = 0..<0
  var dataIsPlain = true
  var ttl: Int = 0
  var publishedAt: Range<Int> = 0..<0
  var coreid: Range<Int> = 0..<0
  var productID: Int?
  /// The whole line, without its newline.
  var line: Range<Int> = 0..<0

  /// Locates the fields of the canonical line `range` in `bytes`, or nil when it is not canonical.
  static func parse(_ bytes: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) -> EventLine? {
    var cursor = LineCursor(bytes: bytes, index: range.lowerBound, end: range.upperBound)
    var line = EventLine()
    line.line = range
    guard cursor.expect(#"{"id":"#), let id = cursor.integer(), cursor.expect(#","name":""#),
      let name = cursor.string(), cursor.expect(#","data":""#), let data = cursor.string(),
      cursor.expect(#","ttl":"#), let ttl = cursor.integer(), cursor.expect(#","published_at":""#),
      let published = cursor.string(), published.range.count == 24, cursor.expect(#","coreid":""#),
      let coreid = cursor.string(), cursor.expect(#","product_id":"#)
    else { return nil }
    if cursor.expect("null") {
      line.productID = nil
    } else {
      guard let product = cursor.integer() else { return nil }
      line.productID = Int(product)
    }
    guard cursor.expect("}"), cursor.index == range.upperBound, name.plain, published.plain,
      coreid.plain
    else { return nil }
    line.id = id
    line.name = name.range
    line.data = data.range
    line.dataIsPlain = data.plain
    line.ttl = Int(ttl)
    line.publishedAt = published.range
    line.coreid = coreid.range
    return line
  }

  /// The data with its escapes resolved, as UTF-8 bytes.
  func decodedData(_ bytes: UnsafeBufferPointer<UInt8>) -> [UInt8] {
    if dataIsPlain { return Array(UnsafeBufferPointer(rebasing: bytes[data])) }
    let quoted =
      [UInt8(ascii: "\"")] + Array(UnsafeBufferPointer(rebasing: bytes[data])) + [
        UInt8(ascii: "\"")
      ]
    guard case .string(let text) = try? JSONParser.parse(quoted) else { return [] }
    return Array(text.utf8)
  }

  /// The whole event, as a value.
  func event(_ bytes: UnsafeBufferPointer<UInt8>) -> Event {
    func text(_ range: Range<Int>) -> String {
      String(decoding: UnsafeBufferPointer(rebasing: bytes[range]), as: UTF8.self)
    }
    return Event(
      id: id, name: text(name), data: String(decoding: decodedData(bytes), as: UTF8.self), ttl: ttl,
      publishedAt: Timestamp(iso8601: text(publishedAt)) ?? Timestamp(millisecondsSince1970: 0),
      coreid: text(coreid),
      productID: productID)
  }
}

private struct LineCursor {
  let bytes: UnsafeBufferPointer<UInt8>
  var index: Int
  let end: Int

  mutating func expect(_ literal: StaticString) -> Bool {
    let count = literal.utf8CodeUnitCount
    guard index + count <= end, let base = bytes.baseAddress,
      memcmp(base + index, literal.utf8Start, count) == 0
    else {
      return false
    }
    index += count
    return true
  }

  mutating func integer() -> Int64? {
    var value: Int64 = 0
    var negative = false
    if index < end, bytes[index] == UInt8(ascii: "-") {
      negative = true
      index += 1
    }
    let start = index
    while index < end, bytes[index] >= 0x30, bytes[index] <= 0x39, index - start < 18 {
      value = value * 10 + Int64(bytes[index] - 0x30)
      index += 1
    }
    return index > start ? (negative ? -value : value) : nil
  }

  /// The content of a string whose opening quote was already read, and whether it has escapes.
  mutating func string() -> (range: Range<Int>, plain: Bool)? {
    guard let base = bytes.baseAddress else { return nil }
    let start = index
    // Short fields (names, times, IDs) are quickest byte by byte.
    var probe = start
    while probe < end, probe - start < 48 {
      let byte = bytes[probe]
      if byte == UInt8(ascii: "\"") {
        index = probe + 1
        return (start..<probe, true)
      }
      if byte == UInt8(ascii: "\\") { break }
      probe += 1
    }
    // Longer data: find the closing quote and check for a backslash before it.
    guard let quote = memchr(base + start, Int32(UInt8(ascii: "\"")), end - start) else {
      return nil
    }
    let close = base.distance(to: quote.assumingMemoryBound(to: UInt8.self))
    if memchr(base + start, Int32(UInt8(ascii: "\\")), close - start) == nil {
      index = close + 1
      return (start..<close, true)
    }
    while index < end {
      let byte = bytes[index]
      if byte == UInt8(ascii: "\"") {
        let range = start..<index
        index += 1
        return (range, false)
      }
      index += byte == UInt8(ascii: "\\") ? 2 : 1
    }
    return nil
  }
}
