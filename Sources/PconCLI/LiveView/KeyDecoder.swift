/// Turns the bytes a terminal sends into keys, holding an escape sequence that a read split
/// until the rest arrives. A lone Esc is only known to be one when nothing follows it soon,
/// so the driver calls `flushEscape` after a short wait.
struct KeyDecoder {
  private var pending: [UInt8] = []

  /// Whether an Esc (or an unfinished sequence) waits for more bytes.
  var isWaiting: Bool { !pending.isEmpty }

  /// The keys `bytes` completes, in order.
  mutating func feed(_ bytes: some Sequence<UInt8>) -> [Key] {
    pending.append(contentsOf: bytes)
    var keys: [Key] = []
    while !pending.isEmpty {
      guard let (key, length) = Self.decode(pending) else { break }
      pending.removeFirst(length)
      if let key { keys.append(key) }
    }
    return keys
  }

  /// What is held when no more bytes came: a lone Esc, or an unfinished sequence read as Esc.
  mutating func flushEscape() -> [Key] {
    defer { pending.removeAll() }
    return pending.isEmpty ? [] : [.escape]
  }

  /// The key at the start of `bytes` and how many bytes it took (nil key: bytes with no
  /// meaning, skipped), or nil when more bytes are needed to tell.
  private static func decode(_ bytes: [UInt8]) -> (Key?, Int)? {
    let first = bytes[0]
    switch first {
    case 0x1B: return escape(bytes)
    case 0x0D, 0x0A: return (.enter, 1)
    case 0x7F, 0x08: return (.backspace, 1)
    case 0x09: return (.tab, 1)
    case 0x01...0x1A: return (.control(Character(Unicode.Scalar(first + 0x60))), 1)
    case 0x00...0x1F: return (nil, 1)
    default: return utf8(bytes)
    }
  }

  /// ESC [ … and ESC O … sequences; Esc followed by anything else is Esc, then that.
  private static func escape(_ bytes: [UInt8]) -> (Key?, Int)? {
    guard bytes.count > 1 else { return nil }
    let introducer = bytes[1]
    guard introducer == UInt8(ascii: "[") || introducer == UInt8(ascii: "O") else {
      return (.escape, 1)
    }
    // Parameters and intermediates run until a final byte in 0x40...0x7E.
    var index = 2
    while index < bytes.count, !(0x40...0x7E).contains(bytes[index]) {
      // A sequence that grows past any key's length is noise, not a key still arriving.
      if index > 16 { return (nil, index) }
      index += 1
    }
    guard index < bytes.count else { return nil }
    let final = bytes[index]
    let parameters = String(decoding: bytes[2..<index], as: UTF8.self)
    let length = index + 1
    switch (final, parameters) {
    case (UInt8(ascii: "A"), _): return (.up, length)
    case (UInt8(ascii: "B"), _): return (.down, length)
    case (UInt8(ascii: "H"), _): return (.home, length)
    case (UInt8(ascii: "F"), _): return (.end, length)
    case (UInt8(ascii: "~"), "1"), (UInt8(ascii: "~"), "7"): return (.home, length)
    case (UInt8(ascii: "~"), "4"), (UInt8(ascii: "~"), "8"): return (.end, length)
    case (UInt8(ascii: "~"), "5"): return (.pageUp, length)
    case (UInt8(ascii: "~"), "6"): return (.pageDown, length)
    default: return (nil, length)
    }
  }

  /// One UTF-8 character; a byte that cannot start or continue one is skipped.
  private static func utf8(_ bytes: [UInt8]) -> (Key?, Int)? {
    let first = bytes[0]
    let length: Int
    switch first {
    case 0x20...0x7E: return (.character(Character(Unicode.Scalar(first))), 1)
    case 0xC2...0xDF: length = 2
    case 0xE0...0xEF: length = 3
    case 0xF0...0xF4: length = 4
    default: return (nil, 1)
    }
    guard bytes.count >= length else { return nil }
    let decoded = String(decoding: bytes[0..<length], as: UTF8.self)
    guard !decoded.unicodeScalars.contains("\u{FFFD}"), let character = decoded.first,
      decoded.count == 1
    else { return (nil, 1) }
    return (.character(character), length)
  }
}
