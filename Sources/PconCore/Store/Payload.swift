/// Bytes a transaction staged for one file: in memory, or spilled to a file in the state's root
/// when too large to hold (written and synced before the journal that names it).
enum Payload {
  case bytes([UInt8])
  case spill(Spill)

  /// A range of a spill file, with what the journal records to check it before replaying it.
  /// A file's own spill starts at 0; a pack holds many files' contents one after another.
  struct Spill {
    let path: String
    let offset: Int
    let length: Int
    let sha256: String

    init(path: String, offset: Int = 0, length: Int, sha256: String) {
      self.path = path
      self.offset = offset
      self.length = length
      self.sha256 = sha256
    }
  }

  static let chunkSize = 1 << 20

  /// Writes the payload to `writer`, a spill in chunks, never whole in memory.
  func copy(to writer: any StorageWriter, from storage: any Storage) throws {
    switch self {
    case .bytes(let bytes): try writer.write(bytes)
    case .spill(let spill):
      try Self.chunks(of: spill, in: storage) { try writer.write($0) }
    }
  }

  /// Calls `body` with each chunk of a spill file; a file shorter than recorded is damage.
  static func chunks(
    of spill: Spill, in storage: any Storage, _ body: (UnsafeRawBufferPointer) throws -> Void
  ) throws {
    guard let reader = try storage.open(spill.path) else {
      throw PconError.stateDamaged(file: spill.path, reason: "missing")
    }
    var buffer = [UInt8](repeating: 0, count: min(chunkSize, max(spill.length, 1)))
    var offset = 0
    while offset < spill.length {
      let n = try buffer.withUnsafeMutableBytes { raw in
        try reader.read(
          at: spill.offset + offset,
          into: UnsafeMutableRawBufferPointer(
            rebasing: raw[0..<min(raw.count, spill.length - offset)]))
      }
      guard n > 0 else {
        throw PconError.stateDamaged(
          file: spill.path, reason: "it holds \(offset) bytes, not the \(spill.length) journalled")
      }
      try buffer.withUnsafeBytes { try body(UnsafeRawBufferPointer(rebasing: $0[0..<n])) }
      offset += n
    }
  }

  /// Whether a spill file still holds exactly what was journalled in its range (only that
  /// range is ever copied, and a pack holds many).
  static func isIntact(_ spill: Spill, in storage: any Storage) -> Bool {
    var hash = SHA256()
    do {
      try chunks(of: spill, in: storage) { hash.update($0) }
    } catch {
      return false
    }
    return Hex.encode(hash.finalize()) == spill.sha256
  }
}
