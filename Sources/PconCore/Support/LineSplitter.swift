import Glibc

/// Splits bytes that arrive in pieces into lines, holding at most one unfinished line.
///
/// Lines end at LF, CR LF or a bare CR (as the SSE specification allows), also when CR and LF
/// arrive in different pieces. A last line without an ending is a line too. Complete lines
/// inside a piece are handed out in place, so only a line that straddles pieces is copied.
public struct LineSplitter {
  /// A line grew past the limit before its end was seen.
  public struct LineTooLong: Error, Equatable, CustomStringConvertible {
    public let line: Int
    public var description: String { "line \(line) is too long" }
  }

  /// The most bytes a line may hold.
  public let limit: Int
  /// Whether a line past the limit is passed over (and reported) rather than thrown for.
  public let skipsLongLines: Bool
  /// The number of the last line handed out.
  public private(set) var lineNumber = 0
  private var carry: [UInt8] = []
  /// True while the rest of an over-long line is being passed over.
  private var skipping = false

  public init(limit: Int, skipsLongLines: Bool = false) {
    self.limit = limit
    self.skipsLongLines = skipsLongLines
  }

  /// What happens to each line: `line` for a line, `tooLong` for one passed over by number.
  public typealias LineHandler = (Int, UnsafeBufferPointer<UInt8>) throws -> Void

  /// Hands `body` every line that `piece` completes; `tooLong` hears of each line passed over.
  public mutating func feed(
    _ piece: UnsafeRawBufferPointer, _ body: LineHandler, tooLong: (Int) throws -> Void = { _ in }
  ) throws {
    guard let base = piece.baseAddress?.assumingMemoryBound(to: UInt8.self), !piece.isEmpty else {
      return
    }
    var start = 0
    while start < piece.count {
      guard let found = memchr(base + start, 0x0A, piece.count - start) else { break }
      let end = base.distance(to: found.assumingMemoryBound(to: UInt8.self))
      let line = UnsafeBufferPointer(start: base + start, count: end - start)
      // The common case: a whole line in this piece, no CR but one before the LF; handed out in place.
      if carry.isEmpty, !skipping, line.count <= limit,
        line.count < 2 || memchr(base + start, 0x0D, line.count - 1) == nil
      {
        lineNumber += 1
        try body(
          lineNumber, line.last == 0x0D ? UnsafeBufferPointer(rebasing: line.dropLast()) : line)
      } else {
        try take(line, body, tooLong)
        try endLine(body, tooLong)
      }
      start = end + 1
    }
    guard start < piece.count else { return }
    // Lines ended by a bare CR go out now, unless the CR is the piece's last byte: its LF may
    // open the next piece.
    var lastCR = piece.count - 2
    while lastCR >= start, base[lastCR] != 0x0D { lastCR -= 1 }
    if lastCR >= start {
      try take(UnsafeBufferPointer(start: base + start, count: lastCR + 1 - start), body, tooLong)
      try endLine(body, tooLong)
      start = lastCR + 1
    }
    try take(
      UnsafeBufferPointer(start: base + start, count: piece.count - start), body, tooLong,
      splitting: false)
  }

  /// Ends the input, handing out a last line that has no ending.
  public mutating func finish(_ body: LineHandler, tooLong: (Int) throws -> Void = { _ in })
    throws
  {
    if !carry.isEmpty || skipping { try endLine(body, tooLong) }
  }

  /// Adds `bytes` to the unfinished line, handing out every line a CR inside them ends when
  /// `splitting` (the piece's unfinished tail has none).
  private mutating func take(
    _ bytes: UnsafeBufferPointer<UInt8>, _ body: LineHandler,
    _ tooLong: (Int) throws -> Void, splitting: Bool = true
  ) throws {
    // A CR that ended the previous piece ends its line, now that no LF follows it.
    if carry.last == 0x0D, !bytes.isEmpty { try endLine(body, tooLong) }
    var start = 0
    if splitting {
      // The last byte is kept: a CR there is dropped or ends the line in `endLine`.
      var index = 0
      while index < bytes.count - 1 {
        if bytes[index] == 0x0D {
          try add(UnsafeBufferPointer(rebasing: bytes[start..<index]), tooLong)
          try endLine(body, tooLong)
          start = index + 1
        }
        index += 1
      }
    }
    try add(UnsafeBufferPointer(rebasing: bytes[start...]), tooLong)
  }

  private mutating func add(_ bytes: UnsafeBufferPointer<UInt8>, _ tooLong: (Int) throws -> Void)
    throws
  {
    guard !skipping, !bytes.isEmpty else { return }
    guard carry.count + bytes.count - 1 <= limit else {  // - 1: room for a CR that ends it
      guard skipsLongLines else { throw LineTooLong(line: lineNumber + 1) }
      skipping = true
      carry.removeAll()
      return
    }
    carry.append(contentsOf: bytes)
  }

  /// Hands out the unfinished line (without a CR that ends it), or reports it passed over.
  private mutating func endLine(_ body: LineHandler, _ tooLong: (Int) throws -> Void) throws {
    lineNumber += 1
    if skipping {
      skipping = false
      return try tooLong(lineNumber)
    }
    let count = carry.last == 0x0D ? carry.count - 1 : carry.count
    guard count <= limit else {
      carry.removeAll()
      if skipsLongLines { return try tooLong(lineNumber) }
      throw LineTooLong(line: lineNumber)
    }
    let number = lineNumber
    try carry.withUnsafeBufferPointer {
      try body(number, UnsafeBufferPointer(rebasing: $0[..<count]))
    }
    carry.removeAll(keepingCapacity: carry.capacity <= 1 << 16)
  }
}
