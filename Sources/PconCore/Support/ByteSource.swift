/// Bytes read in pieces from a file, standard input or memory, so that no input need ever be
/// whole in memory.
public protocol ByteSource {
  /// What the input is called in messages: a path, or `stdin`.
  var name: String { get }
  /// Fills the start of `buffer` and returns how many bytes it read: 0 at the end of the input.
  mutating func read(into buffer: UnsafeMutableRawBufferPointer) throws -> Int
}

extension ByteSource {
  /// Reads to the end, calling `body` with each line's 1-based number and its bytes (without
  /// its ending, valid only during the call). A line longer than `limit` bytes stops the read,
  /// or, when `skippingLongLines`, is passed over and reported to `tooLong` by number.
  public mutating func forEachLine(
    limit: Int, skippingLongLines: Bool = false, tooLong: (Int) throws -> Void = { _ in },
    _ body: (Int, UnsafeBufferPointer<UInt8>) throws -> Void
  ) throws {
    var splitter = LineSplitter(limit: limit, skipsLongLines: skippingLongLines)
    let report = tooLong
    let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: 1 << 16, alignment: 1)
    defer { buffer.deallocate() }
    do {
      while true {
        let count = try read(into: buffer)
        if count == 0 { break }
        try splitter.feed(
          UnsafeRawBufferPointer(rebasing: buffer[0..<count]), body, tooLong: report)
      }
      try splitter.finish(body, tooLong: report)
    } catch let tooLong as LineSplitter.LineTooLong {
      throw PconError.inputLineTooLong(input: name, line: tooLong.line, limit: limit)
    }
  }
}

extension ByteSource {
  /// Every byte to the end; an input holding more than `limit` bytes is refused as soon as it
  /// passes the limit, so a hostile pipe cannot fill memory.
  public mutating func readAll(limit: Int) throws -> [UInt8] {
    var bytes: [UInt8] = []
    let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: 1 << 16, alignment: 1)
    defer { buffer.deallocate() }
    while true {
      let count = try read(into: buffer)
      if count == 0 { return bytes }
      guard bytes.count + count <= limit else {
        throw PconError.inputTooLarge(input: name, limit: limit, unit: "bytes")
      }
      bytes.append(contentsOf: buffer[0..<count])
    }
  }
}

/// Bytes already in memory, handed out in pieces of at most `pieceSize` bytes.
public struct MemorySource: ByteSource {
  public let name: String
  private let bytes: [UInt8]
  private let pieceSize: Int
  private var offset = 0

  public init(_ bytes: [UInt8], name: String = "stdin", pieceSize: Int = 1 << 16) {
    self.bytes = bytes
    self.name = name
    self.pieceSize = max(1, pieceSize)
  }

  public mutating func read(into buffer: UnsafeMutableRawBufferPointer) throws -> Int {
    let count = min(buffer.count, pieceSize, bytes.count - offset)
    guard count > 0 else { return 0 }
    bytes.withUnsafeBytes { source in
      buffer.copyMemory(from: UnsafeRawBufferPointer(rebasing: source[offset..<offset + count]))
    }
    offset += count
    return count
  }
}
