import Glibc

/// Reads a partition's lines in chunks, forwards or backwards, in memory that does not grow
/// with the file, through the transaction's storage.
enum PartitionReader {
  static let chunkSize = 1 << 20
  /// The longest line a partition may hold: far above the largest event pcon writes (16 KiB of
  /// data, escaped), so a longer one is damage, and reading it never takes more memory than this.
  static let maxLineLength = 1 << 20

  static func lineTooLong(_ path: String, at offset: Int) -> PconError {
    .stateDamaged(
      file: path, reason: "the line at byte \(offset) is longer than \(maxLineLength) bytes")
  }

  /// Calls `body` with each line (without its newline) from the first; `body` returns false to
  /// stop. The offset passed is the line's byte offset in the file.
  static func forward(
    _ path: String, in transaction: Transaction, from start: Int = 0,
    _ body: (UnsafeBufferPointer<UInt8>, Range<Int>, Int) throws -> Bool
  ) throws -> Int {
    guard let reader = try transaction.open(path) else { return start }
    var buffer = [UInt8](repeating: 0, count: chunkSize)
    var filled = 0
    var fileOffset = start  // offset in the file of buffer[0]
    var consumed = start
    while true {
      if filled == buffer.count {
        // One line fills the buffer: grow it once, to hold the longest line allowed.
        buffer.append(contentsOf: repeatElement(0, count: buffer.count))
      }
      let n = try buffer.withUnsafeMutableBytes { raw in
        try reader.read(
          at: fileOffset + filled, into: UnsafeMutableRawBufferPointer(rebasing: raw[filled...]))
      }
      if n == 0 { return consumed }
      filled += n
      var lineStart = 0
      var keepGoing = true
      try buffer.withUnsafeBufferPointer { bytes in
        var index = lineStart
        while index < filled, keepGoing {
          guard let newline = memchrIndex(bytes, from: index, to: filled) else { break }
          keepGoing = try body(bytes, lineStart..<newline, fileOffset + lineStart)
          lineStart = newline + 1
          index = lineStart
        }
      }
      consumed = fileOffset + lineStart
      if !keepGoing { return consumed }
      guard filled - lineStart <= maxLineLength else {
        throw lineTooLong(path, at: fileOffset + lineStart)
      }
      // Keep the unfinished last line for the next read.
      if lineStart > 0 {
        buffer.withUnsafeMutableBufferPointer { raw in
          guard let base = raw.baseAddress else { return }
          memmove(base, base + lineStart, filled - lineStart)
        }
        fileOffset += lineStart
        filled -= lineStart
      }
    }
  }

  /// Calls `body` with each complete line from the last to the first; `body` returns false to
  /// stop. A last line with no newline (a write still under way) is skipped.
  static func backward(
    _ path: String, in transaction: Transaction,
    _ body: (UnsafeBufferPointer<UInt8>, Range<Int>, Int) throws -> Bool
  ) throws {
    guard let reader = try transaction.open(path) else { return }
    var end = try reader.size()
    // The end of a line that began before the chunk being read, from the chunk read before it.
    var carry: [UInt8] = []
    // True until the first newline from the end is seen: bytes after it are an unfinished line.
    var inUnfinishedTail = true
    while end > 0 {
      let start = max(0, end - chunkSize)
      var buffer = try readExactly(reader, path: path, from: start, count: end - start)
      buffer.append(contentsOf: carry)
      var keepGoing = true
      var firstSegmentEnd = 0
      try buffer.withUnsafeBufferPointer { bytes in
        var lineEnd = bytes.count
        var i = bytes.count - 1
        while i >= 0 {
          if bytes[i] == 0x0A {
            if inUnfinishedTail {
              inUnfinishedTail = false
            } else if i + 1 < lineEnd {
              keepGoing = try body(bytes, (i + 1)..<lineEnd, start + i + 1)
              if !keepGoing { return }
            }
            lineEnd = i
          }
          i -= 1
        }
        firstSegmentEnd = lineEnd
        if start == 0, !inUnfinishedTail, lineEnd > 0 {
          keepGoing = try body(bytes, 0..<lineEnd, 0)
        }
      }
      if !keepGoing || start == 0 { return }
      carry = inUnfinishedTail ? [] : Array(buffer[0..<firstSegmentEnd])
      guard carry.count <= maxLineLength else { throw lineTooLong(path, at: start) }
      end = start
    }
  }

  private static func readExactly(
    _ reader: any StorageReader, path: String, from offset: Int, count: Int
  ) throws -> [UInt8] {
    let bytes = try reader.bytes(at: offset, count: count)
    guard bytes.count == count else {
      throw PconError.stateDamaged(file: path, reason: "the file shrank while it was read")
    }
    return bytes
  }

  private static func memchrIndex(_ bytes: UnsafeBufferPointer<UInt8>, from: Int, to: Int) -> Int? {
    guard let base = bytes.baseAddress, from < to, let found = memchr(base + from, 0x0A, to - from)
    else { return nil }
    return base.distance(to: found.assumingMemoryBound(to: UInt8.self))
  }
}
