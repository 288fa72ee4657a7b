import Testing

@testable import PconCore

/// Whole files staged past a transaction's memory budget go to one pack file: readable in the
/// same transaction, journalled by range, replayed after a crash, and refused when altered.
@Suite struct SpillPackTests {
  static let ids = (0..<600).map { n in "e00fce68" + String(String(n, radix: 16).reversed()) }
    .map { $0 + String(repeating: "0", count: 24 - $0.count) }

  @Test(arguments: Backend.allCases)
  func filesPastTheBudgetShareOnePackThatSurvivesACrash(backend: Backend) throws {
    let (storage, cleanUp) = backend.make()
    defer { cleanUp() }
    let crashing = temporaryStore(
      crash: CrashPoint.throwing(at: .journalWritten), spillThreshold: 512, storage: storage)
    var seen: (spills: Int, first: Int?, restaged: String?) = (0, nil, nil)
    do {
      try crashing.write { tx in
        try tx.save(Self.ids.map { Device(id: $0, platformID: 13, owner: nil) })
        // Hundreds of shards, far past a 1 KiB budget: packed together, not one spill each.
        seen.spills = try storage.list(".").filter(StateLayout.isSpill).count
        // A packed shard reads back in the same transaction, and can be restaged.
        seen.first = try tx.device(id: Self.ids[0])?.platformID
        if var renamed = try tx.device(id: Self.ids[1]) {
          renamed.name = "restaged"
          try tx.save(renamed)
        }
        seen.restaged = try tx.device(id: Self.ids[1])?.name
      }
      Issue.record("the commit was not interrupted")
    } catch let reached as CrashPoint.Reached {
      #expect(reached == CrashPoint.Reached(.journalWritten))
    }
    #expect(seen.spills == 1)
    #expect(seen.first == 13)
    #expect(seen.restaged == "restaged")
    let pack = try #require(try storage.list(".").first(where: StateLayout.isSpill))
    let bytes = try #require(try storage.read(pack, limit: 1 << 20))

    // One altered byte in the middle of the pack: the journal's range no longer checks out.
    var altered = bytes
    altered[bytes.count / 2] ^= 0x20
    try rewrite(pack, altered, in: storage)
    #expect(throws: PconError.self) { try temporaryStore(storage: storage).read { _ in () } }

    try rewrite(pack, bytes, in: storage)
    let (count, name) = try temporaryStore(storage: storage).read { tx in
      (try tx.devices(ids: Self.ids).count, try tx.device(id: Self.ids[1])?.name)
    }
    #expect(count == Self.ids.count)
    #expect(name == "restaged")
    #expect(try storage.list(".").filter(StateLayout.isSpill).isEmpty)
  }

  /// An index rewritten group after group (as `device import` does) is copied into the pack
  /// at most once, so the pack grows with the change, not with how often a file is restaged.
  @Test func aPackedFileRestagedStaysInMemory() throws {
    let (storage, cleanUp) = Backend.memory.make()
    defer { cleanUp() }
    var sizes: [Int] = []
    try temporaryStore(spillThreshold: 512, storage: storage).write { tx in
      try tx.save(Self.ids.map { Device(id: $0, platformID: 13, owner: nil) })
      let pack = try #require(try storage.list(".").first(where: StateLayout.isSpill))
      for n in 0..<20 {
        if var device = try tx.device(id: Self.ids[0]) {
          device.notes = "restaged-\(n)"
          try tx.save(device)
        }
        sizes.append(try storage.size(pack) ?? 0)
      }
    }
    #expect(Set(sizes).count == 1)
    #expect(
      try temporaryStore(storage: storage).read { try $0.device(id: Self.ids[0])?.notes }
        == "restaged-19")
  }

  @Test(arguments: Backend.allCases)
  func aFailedCommandLeavesNoPackBehind(backend: Backend) throws {
    let (storage, cleanUp) = backend.make()
    defer { cleanUp() }
    struct Refused: Error {}
    #expect(throws: Refused.self) {
      try temporaryStore(spillThreshold: 512, storage: storage).write { tx in
        try tx.save(Self.ids.map { Device(id: $0, platformID: 13, owner: nil) })
        throw Refused()
      }
    }
    #expect(try storage.list(".").filter(StateLayout.isSpill).isEmpty)
    #expect(
      try temporaryStore(storage: storage).read { tx in try tx.devices(ids: Self.ids) }.isEmpty)
  }

  private func rewrite(_ path: String, _ bytes: [UInt8], in storage: any Storage) throws {
    try storage.remove(path)
    let writer = try storage.create(path)
    try writer.write(bytes)
    try writer.finish()
  }
}
