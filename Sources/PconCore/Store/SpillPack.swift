/// Whole files a transaction staged beyond its memory budget, packed one after another into a
/// single spill file: thousands of small files (the shards a large import touches) then cost
/// one file and one sync, and none of them stays in memory until the commit.
final class SpillPack {
  private let storage: any Storage
  private let path: String
  private var writer: (any StorageWriter)?
  private var length = 0
  private var created = false

  init(storage: any Storage, path: String) {
    self.storage = storage
    self.path = path
  }

  /// Appends `bytes` to the pack; the range it now occupies, to be journalled.
  func add(_ bytes: [UInt8]) throws -> Payload.Spill {
    if writer == nil {
      try storage.remove(path)  // debris of a dead writer with a recycled name
      writer = try storage.create(path)
      created = true
    }
    try writer?.write(bytes)
    let spill = Payload.Spill(
      path: path, offset: length, length: bytes.count, sha256: SHA256.hex(bytes))
    length += bytes.count
    return spill
  }

  /// The bytes of a range added earlier, for a file read back in the same transaction.
  func read(_ spill: Payload.Spill) throws -> [UInt8] {
    guard let reader = try storage.open(path) else {
      throw PconError.stateDamaged(file: path, reason: "missing")
    }
    let bytes = try reader.bytes(at: spill.offset, count: spill.length)
    guard bytes.count == spill.length else {
      throw PconError.stateDamaged(file: path, reason: "it ends before the staged range")
    }
    return bytes
  }

  /// Syncs the pack, before a journal names it.
  func finish() throws {
    try writer?.finish()
    writer = nil
  }

  /// Removes the pack of a change that will not be journalled.
  func discard() {
    writer = nil
    if created { try? storage.remove(path) }
  }
}
