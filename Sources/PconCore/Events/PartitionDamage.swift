import Glibc

/// Faults in a partition's bytes that its line reader alone does not see: a last record cut
/// short or followed by garbage, NUL bytes, lines longer than any pcon writes. Both passes read
/// in fixed-size chunks, so a gigabyte of zeros costs no more memory than a small file.
public enum PartitionDamage {
  static let chunkSize = 1 << 16

  /// The length of `path` up to and including its last newline, when bytes follow that
  /// newline (what a killed append or a damaged disk leaves); nil when the file is whole.
  static func completeLength(of path: String, in transaction: Transaction) throws -> Int? {
    guard let reader = try transaction.open(path) else { return nil }
    var end = try reader.size()
    let size = end
    while end > 0 {
      let start = max(0, end - chunkSize)
      let bytes = try reader.bytes(at: start, count: end - start)
      if let last = bytes.lastIndex(of: 0x0A) {
        let complete = start + last + 1
        return complete == size ? nil : complete
      }
      end = start
    }
    return size == 0 ? nil : 0
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
    var lineStart = 0
    var longLine: Int?
    var last: UInt8 = 0x0A
    var offset = 0
    while offset < size {
      let bytes = try reader.bytes(at: offset, count: min(chunkSize, size - offset))
      if bytes.isEmpty { break }
      for (index, byte) in bytes.enumerated() {
        if byte == 0 && firstNUL == nil { firstNUL = offset + index }
        if byte == 0x0A {
          if longLine == nil, offset + index - lineStart > PartitionReader.maxLineLength {
            longLine = lineStart
          }
          lineStart = offset + index + 1
        }
      }
      last = bytes[bytes.count - 1]
      offset += bytes.count
    }
    if longLine == nil, offset - lineStart > PartitionReader.maxLineLength { longLine = lineStart }
    if let firstNUL { problems.append("holds a NUL byte at byte \(firstNUL)") }
    if let longLine {
      problems.append(
        "the line at byte \(longLine) is longer than \(PartitionReader.maxLineLength) bytes")
    }
    if size > 0, last != 0x0A {
      problems.append(
        "does not end with a newline: \(offset - lineStart) bytes after the last complete event")
    }
    return problems
  }
}
