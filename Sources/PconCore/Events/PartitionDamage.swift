import Glibc

/// Faults in a partition's bytes that its line reader does not see: a last record cut short or
/// followed by garbage, NUL bytes (over-long lines the reader itself refuses). Both passes read
/// in fixed-size chunks, so a gigabyte of zeros costs no more memory than a small file.
public enum PartitionDamage {
  static let chunkSize = 1 << 20

  /// Calls `body` with successive chunks of `reader`, from `offset` forwards or from the end
  /// backwards, in one reused buffer; `body` returns false to stop.
  private static func chunks(
    of reader: any StorageReader, backwards: Bool,
    _ body: (UnsafeRawBufferPointer, _ offset: Int) throws -> Bool
  ) throws {
    let size = try reader.size()
    let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: chunkSize, alignment: 1)
    defer { buffer.deallocate() }
    var done = 0
    while done < size {
      let count = min(chunkSize, size - done)
      let offset = backwards ? size - done - count : done
      var filled = 0
      while filled < count {
        let n = try reader.read(
          at: offset + filled, into: UnsafeMutableRawBufferPointer(rebasing: buffer[filled..<count])
        )
        if n == 0 { return }  // the file shrank: what is left is read next time
        filled += n
      }
      guard try body(UnsafeRawBufferPointer(rebasing: buffer[0..<count]), offset) else { return }
      done += count
    }
  }

  /// The length of `path` up to and including its last newline, when bytes follow that
  /// newline (what a killed append or a damaged disk leaves); nil when the file is whole.
  static func completeLength(of path: String, in transaction: Transaction) throws -> Int? {
    guard let reader = try transaction.open(path) else { return nil }
    let size = try reader.size()
    var complete = 0
    try chunks(of: reader, backwards: true) { bytes, offset in
      guard let base = bytes.baseAddress else { return true }
      // The last newline, by memchr from each one found (Glibc offers no memrchr here).
      var after: Int?
      var from = 0
      while from < bytes.count, let found = memchr(base + from, 0x0A, bytes.count - from) {
        from = base.distance(to: UnsafeRawPointer(found)) + 1
        after = from
      }
      guard let after else { return true }
      complete = offset + after
      return false
    }
    return complete == size ? nil : complete
  }

  /// Cuts away what follows the last newline of `path` before the transaction appends to it,
  /// so new events never join a broken record; the repair is reported through the transaction.
  /// The caller holds the exclusive lock (a writable transaction).
  static func appendOffset(for path: String, in transaction: Transaction) throws -> Int? {
    guard let complete = try completeLength(of: path, in: transaction) else { return nil }
    let size = try transaction.size(path) ?? complete
    transaction.repairs.append(
      Notice(
        .warning, subject: path,
        message:
          "removed \(size - complete) bytes after the last complete event, left by an interrupted or damaged write"
      ))
    return complete
  }

  /// What is wrong with the bytes of partition `path`, in words, for doctor.
  public static func problems(in path: String, transaction: Transaction) throws -> [String] {
    guard let reader = try transaction.open(path) else { return [] }
    let size = try reader.size()
    var problems: [String] = []
    var firstNUL: Int?
    var last: UInt8 = 0x0A
    try chunks(of: reader, backwards: false) { bytes, offset in
      guard let base = bytes.baseAddress else { return false }
      if firstNUL == nil, let found = memchr(base, 0, bytes.count) {
        firstNUL = offset + base.distance(to: UnsafeRawPointer(found))
      }
      last = bytes[bytes.count - 1]
      return true
    }
    if let firstNUL { problems.append("holds a NUL byte at byte \(firstNUL)") }
    if last != 0x0A, let complete = try completeLength(of: path, in: transaction) {
      problems.append(
        "does not end with a newline: \(size - complete) bytes after the last complete event")
    }
    return problems
  }
}
