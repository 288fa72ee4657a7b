/// Finds an event by ID inside one partition without reading it through: IDs rise within a
/// partition (events are only appended, and IDs only grow), so its first and last lines say
/// whether the ID can be there, and a binary search by byte offset finds the line.
enum EventLocator {
  /// Lines longer than this are not probed; the search falls back to reading forward.
  static let probeSize = 1 << 16

  /// The event `id` in the partition at `path`, or nil when the partition does not hold it.
  static func find(_ id: Int64, in path: String, transaction: Transaction) throws -> Event? {
    guard let reader = try transaction.open(path) else { return nil }
    let size = try reader.size()
    guard let first = try probe(reader, at: 0, size: size, path: path),
      let last = try lastLine(reader, size: size, path: path)
    else { return try scan(id, in: path, from: 0, to: size, transaction: transaction) }
    if id < first.id || id > last.id { return nil }
    if first.id == id { return first.event }
    if last.id == id { return last.event }
    // The ID lies strictly after the line starting at `low` and before the one at `high`.
    var low = first.end
    var high = last.start
    while high - low > probeSize {
      let middle = low + (high - low) / 2
      guard let start = try lineStart(reader, after: middle, before: high),
        let line = try probe(reader, at: start, size: high, path: path)
      else { break }
      if line.id == id { return line.event }
      if line.id < id { low = line.end } else { high = line.start }
    }
    return try scan(id, in: path, from: low, to: high, transaction: transaction)
  }

  /// The first and last event IDs of the partition at `path`, or nil when it holds none.
  static func bounds(in path: String, transaction: Transaction) throws -> (
    first: Int64, last: Int64
  )? {
    guard let reader = try transaction.open(path) else { return nil }
    let size = try reader.size()
    if let first = try probe(reader, at: 0, size: size, path: path),
      let last = try lastLine(reader, size: size, path: path)
    {
      return (first.id, last.id)
    }
    // Lines too long to probe: read the partition through.
    var ids: (first: Int64, last: Int64)?
    _ = try PartitionReader.forward(path, in: transaction) { bytes, range, offset in
      try EventQuery.withLine(bytes, range, file: path, offset: offset) { line, _ in
        ids = (ids?.first ?? line.id, line.id)
      }
      return true
    }
    return ids
  }

  private struct Probe {
    let id: Int64
    let event: Event
    let start: Int
    /// The offset just past the line's newline.
    let end: Int
  }

  /// The complete line starting at `start`, when it ends before `size` within `probeSize`.
  private static func probe(
    _ reader: any StorageReader, at start: Int, size: Int, path: String
  ) throws -> Probe? {
    let bytes = try reader.bytes(at: start, count: min(probeSize, size - start))
    guard let newline = bytes.firstIndex(of: 0x0A) else { return nil }
    var found: Probe?
    try bytes.withUnsafeBufferPointer { buffer in
      try EventQuery.withLine(buffer, 0..<newline, file: path, offset: start) { line, lineBytes in
        found = Probe(
          id: line.id, event: line.event(lineBytes), start: start, end: start + newline + 1)
      }
    }
    return found
  }

  /// The last complete line of the file.
  private static func lastLine(_ reader: any StorageReader, size: Int, path: String) throws
    -> Probe?
  {
    let from = max(0, size - probeSize)
    let bytes = try reader.bytes(at: from, count: size - from)
    guard let end = bytes.lastIndex(of: 0x0A) else { return nil }
    let start = bytes[..<end].lastIndex(of: 0x0A).map { $0 + 1 } ?? 0
    guard start > 0 || from == 0 else { return nil }
    return try probe(reader, at: from + start, size: size, path: path)
  }

  /// The start of the first line beginning after `offset` and before `limit`.
  private static func lineStart(_ reader: any StorageReader, after offset: Int, before limit: Int)
    throws -> Int?
  {
    let bytes = try reader.bytes(at: offset, count: min(probeSize, limit - offset))
    guard let newline = bytes.firstIndex(of: 0x0A), offset + newline + 1 < limit else {
      return nil
    }
    return offset + newline + 1
  }

  /// Reads forward from `start` (a line start) until `id` is found or `end` is passed.
  private static func scan(
    _ id: Int64, in path: String, from start: Int, to end: Int, transaction: Transaction
  ) throws -> Event? {
    var found: Event?
    _ = try PartitionReader.forward(path, in: transaction, from: start) { bytes, range, offset in
      guard offset < end else { return false }
      try EventQuery.withLine(bytes, range, file: path, offset: offset) { line, lineBytes in
        if line.id == id { found = line.event(lineBytes) }
      }
      return found == nil
    }
    return found
  }
}
