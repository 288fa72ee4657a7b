/// Bytes staged for one file: in memory up to a threshold, then in a spill file of the root,
/// written in order with its SHA-256 kept as it goes.
final class StagedBytes {
  private let storage: any Storage
  private let threshold: Int
  private let name: (StagedBytes) -> String
  private var bytes: [UInt8] = []
  private var writer: (any StorageWriter)?
  private var path: String?
  private var length = 0
  private var hash = SHA256()

  init(storage: any Storage, threshold: Int, name: @escaping (StagedBytes) -> String) {
    self.storage = storage
    self.threshold = threshold
    self.name = name
  }

  /// The staged bytes, while they are all in memory.
  var inMemory: [UInt8]? { writer == nil && path == nil ? bytes : nil }

  /// Adds bytes after those staged so far.
  func append(_ more: [UInt8]) throws {
    bytes.append(contentsOf: more)
    guard bytes.count >= threshold else { return }
    if writer == nil {
      let path = name(self)
      self.path = path
      try storage.remove(path)  // debris of a dead writer with a recycled name
      writer = try storage.create(path)
    }
    try flush()
  }

  private func flush() throws {
    guard let writer, !bytes.isEmpty else { return }
    try writer.write(bytes)
    hash.update(bytes)
    length += bytes.count
    bytes.removeAll(keepingCapacity: true)
  }

  /// The staged bytes as a payload: in memory, or the finished, synced spill file.
  func finish() throws -> Payload {
    guard let writer, let path else { return .bytes(bytes) }
    try flush()
    try writer.finish()
    self.writer = nil
    return .spill(Payload.Spill(path: path, length: length, sha256: Hex.encode(hash.finalize())))
  }

  func discard() {
    writer = nil
    if let path { try? storage.remove(path) }
  }
}
