import Glibc

/// Splits bytes that arrive in pieces into lines, holding at most one unfinished line.
///
/// Lines end at LF; a CR before the LF is dropped, also when the two arrive in different
/// pieces. A last line without LF is a line too. Complete lines inside a piece are handed out
/// in place, so only a line that straddles pieces is copied.
public struct LineSplitter {
  /// A line grew past the limit before its end was seen.
  public struct LineTooLong: Error, Equatable, CustomStringConvertible {
    public let line: Int
    public var description: String { "line \(line) is too long" }
  }

  /// The most bytes a line may hold, CR included.
  public let limit: Int
  /// The number of the last line handed out.
  public private(set) var lineNumber = 0
  private var carry: [UInt8] = []

  public init(limit: Int) { self.limit = limit }

  /// Hands `body` every line that `piece` completes.
  public mutating func feed(
    _ piece: UnsafeRawBufferPointer, _ body: (Int, UnsafeBufferPointer<UInt8>) throws -> Void
  ) throws {
    guard let base = piece.baseAddress?.assumingMemoryBound(to: UInt8.self), !piece.isEmpty else {
      return
    }
    var start = 0
    while start < piece.count {
      guard let found = memchr(base + start, 0x0A, piece.count - start) else { break }
      let end = base.distance(to: found.assumingMemoryBound(to: UInt8.self))
      if carry.isEmpty {
        guard end - start <= limit else { throw LineTooLong(line: lineNumber + 1) }
        lineNumber += 1
        try Self.emit(
          lineNumber, UnsafeBufferPointer(start: base + start, count: end - start), body)
      } else {
        guard carry.count + end - start <= limit else { throw LineTooLong(line: lineNumber + 1) }
        carry.append(contentsOf: UnsafeBufferPointer(start: base + start, count: end - start))
        lineNumber += 1
        let number = lineNumber
        try carry.withUnsafeBufferPointer { try Self.emit(number, $0, body) }
        carry.removeAll(keepingCapacity: carry.capacity <= 1 << 16)
      }
      start = end + 1
    }
    guard start < piece.count else { return }
    guard carry.count + piece.count - start <= limit else {
      throw LineTooLong(line: lineNumber + 1)
    }
    carry.append(contentsOf: UnsafeBufferPointer(start: base + start, count: piece.count - start))
  }

  /// Ends the input, handing out a last line that has no LF.
  public mutating func finish(_ body: (Int, UnsafeBufferPointer<UInt8>) throws -> Void) throws {
    guard !carry.isEmpty else { return }
    lineNumber += 1
    let number = lineNumber
    try carry.withUnsafeBufferPointer { try Self.emit(number, $0, body) }
    carry = []
  }

  private static func emit(
    _ number: Int, _ line: UnsafeBufferPointer<UInt8>,
    _ body: (Int, UnsafeBufferPointer<UInt8>) throws -> Void
  ) throws {
    try body(number, line.last == 0x0D ? UnsafeBufferPointer(rebasing: line.dropLast()) : line)
  }
}
