import Foundation
import Glibc
import Testing

@testable import PconCore

/// A storage backend under test: the POSIX one in a temporary directory (removed by `cleanUp`),
/// or the in-memory one.
enum Backend: String, CaseIterable, CustomTestStringConvertible {
  case posix, memory

  var testDescription: String { rawValue }

  /// A fresh, empty storage of this kind, and what removes it afterwards.
  func make() -> (storage: any Storage, cleanUp: () -> Void) {
    switch self {
    case .memory: return (MemoryStorage(), {})
    case .posix:
      let base = FileManager.default.temporaryDirectory.appendingPathComponent(
        "pcon-core-\(UUID().uuidString)"
      ).path
      return (
        POSIXStorage(root: base + "/state"),
        { try? FileManager.default.removeItem(atPath: base) }
      )
    }
  }
}

/// The same store behaviour, checked on every backend.
@Suite struct StorageTests {
  @Test(arguments: Backend.allCases)
  func filesAreReadWrittenRenamedAppendedAndListed(backend: Backend) throws {
    let (storage, cleanUp) = backend.make()
    defer { cleanUp() }
    #expect(try storage.rootEntry() == nil)
    try storage.createRoot()
    #expect(try storage.rootEntry()?.kind == .directory)
    #expect(try storage.read("accounts.json", limit: 100) == nil)
    #expect(try storage.size("accounts.json") == nil)
    #expect(try storage.list("devices") == [])

    let writer = try storage.create("a.tmp-1")
    try writer.write([1, 2, 3])
    try writer.finish()
    #expect(throws: PconError.self) { try storage.create("a.tmp-1") }
    try storage.makeDirectories("devices")
    try storage.rename("a.tmp-1", to: "devices/001.json")
    #expect(try storage.read("devices/001.json", limit: 100) == [1, 2, 3])
    #expect(try storage.list(".") == ["devices"])
    #expect(try storage.list("devices") == ["001.json"])
    #expect(try storage.entry("devices")?.kind == .directory)
    #expect(try storage.entry("devices/001.json")?.kind == .file)

    // An append at an offset cuts anything after it first, so a replay lands once.
    try storage.append(.bytes([9, 9]), to: "devices/001.json", at: 2)
    try storage.append(.bytes([9, 9]), to: "devices/001.json", at: 2)
    #expect(try storage.read("devices/001.json", limit: 100) == [1, 2, 9, 9])
    let reader = try #require(try storage.open("devices/001.json"))
    #expect(try reader.size() == 4)
    var buffer = [UInt8](repeating: 0, count: 3)
    let n = try buffer.withUnsafeMutableBytes { try reader.read(at: 1, into: $0) }
    #expect(n == 3 && buffer == [2, 9, 9])
    #expect(try buffer.withUnsafeMutableBytes { try reader.read(at: 4, into: $0) } == 0)

    // A whole-file read refuses a file larger than its limit, naming it.
    #expect(throws: PconError.self) { try storage.read("devices/001.json", limit: 3) }

    try storage.remove("devices/001.json")
    try storage.remove("devices/001.json")
    #expect(try storage.read("devices/001.json", limit: 100) == nil)
    // Paths that could leave the state are refused.
    #expect(throws: PconError.self) { try storage.read("../x", limit: 100) }
    #expect(throws: PconError.self) { try storage.read("/etc/passwd", limit: 100) }
  }

  @Test(arguments: Backend.allCases)
  func aStateThatDoesNotExistYetReadsAsEmpty(backend: Backend) throws {
    let (storage, cleanUp) = backend.make()
    defer { cleanUp() }
    #expect(try storage.read(StateLayout.accounts, limit: 100) == nil)
    #expect(try storage.open(StateLayout.partition(.product(id: 1), month: "2026-11")) == nil)
    #expect(try storage.size(StateLayout.sims) == nil)
    #expect(try storage.list(".") == [] && storage.list(StateLayout.devicesDirectory) == [])
    #expect(try storage.entry(StateLayout.format) == nil)
    let store = temporaryStore(storage: storage)
    #expect(try store.read { try $0.accounts() } == [])
    #expect(try Doctor.check(store) == [])
    // Nothing was created by reading.
    #expect(try storage.rootEntry() == nil)
  }

  @Test(arguments: Backend.allCases)
  func readersShareTheLockAndAWriterWaitsThenGivesUp(backend: Backend) throws {
    let (storage, cleanUp) = backend.make()
    defer { cleanUp() }
    try storage.createRoot()
    do {
      let first = try storage.lock(.shared, timeout: 0.1)
      let second = try storage.lock(.shared, timeout: 0.1)
      #expect(throws: PconError.stateLocked(seconds: 0.05)) {
        try storage.lock(.exclusive, timeout: 0.05)
      }
      withExtendedLifetime((first, second)) {}
    }
    do {
      let writer = try storage.lock(.exclusive, timeout: 0.1)
      #expect(throws: PconError.stateLocked(seconds: 0.05)) {
        try storage.lock(.shared, timeout: 0.05)
      }
      withExtendedLifetime(writer) {}
    }
    // Released locks let the next writer in at once.
    _ = try storage.lock(.exclusive, timeout: 0)
  }

  @Test(arguments: Backend.allCases)
  func aCommitLandsWholeAndAFailedOneLeavesNothing(backend: Backend) throws {
    let (storage, cleanUp) = backend.make()
    defer { cleanUp() }
    let store = temporaryStore(storage: storage)
    _ = try store.write { tx in
      try Accounts.create(email: "a@example.com", name: nil, in: tx, random: counter)
    }
    struct Boom: Error {}
    #expect(throws: Boom.self) {
      try store.write { tx in
        try Accounts.create(email: "b@example.com", name: nil, in: tx, random: counter)
        try tx.append(StateLayout.partition(.product(id: 1), month: "2026-11"), bytes: [1])
        throw Boom()
      }
    }
    #expect(try store.read { try $0.accounts().map(\.email) } == ["a@example.com"])
    #expect(
      try storage.list(".").sorted() == [
        "accounts.json", "intent", "lock", "pcon.json", "session.json",
      ])
  }

  /// Every byte value, in a file whose bytes are inline in the journal and in one large enough
  /// to spill, through a commit interrupted at each point and replayed by the next open.
  @Test(
    arguments: Backend.allCases,
    [CrashPoint.journalWritten, .firstFileApplied, .beforeJournalRemoved])
  func everyByteSurvivesAnInterruptedCommitAndItsReplay(backend: Backend, point: CrashPoint)
    throws
  {
    let (storage, cleanUp) = backend.make()
    defer { cleanUp() }
    let everyByte = (0...255).map(UInt8.init)
    let partition = StateLayout.partition(.product(id: 7), month: "2026-11")
    try temporaryStore(storage: storage).write { tx in
      try tx.stage(StateLayout.demoMarker, bytes: [0xFF])
      try tx.append(partition, bytes: [0x0A])
    }
    let crashing = temporaryStore(
      crash: CrashPoint.throwing(at: point), spillThreshold: 300, storage: storage)
    #expect(throws: CrashPoint.Reached(point)) {
      try crashing.write { tx in
        try tx.stage(StateLayout.demoMarker, bytes: everyByte + everyByte)
        for _ in 0..<4 { try tx.append(partition, bytes: everyByte) }
        try tx.stage(StateLayout.products, bytes: everyByte.reversed())
      }
    }
    #expect(try storage.list(".").contains(StateLayout.journal))
    // The large replacement and the large append wait in spill files; the small one is inline.
    #expect(try storage.list(".").filter(StateLayout.isSpill).count == 2)
    // The next store to open the state finishes the change, byte for byte.
    try temporaryStore(storage: storage).read { _ in () }
    #expect(try storage.read(StateLayout.demoMarker, limit: 1000) == everyByte + everyByte)
    #expect(try storage.read(StateLayout.products, limit: 1000) == everyByte.reversed())
    #expect(
      try storage.read(partition, limit: 2000)
        == [0x0A] + everyByte + everyByte + everyByte + everyByte)
    #expect(
      try storage.list(".").sorted() == [
        "demo.json", "events", "intent", "lock", "pcon.json", "products.json",
      ])
  }

  @Test(arguments: Backend.allCases, [CrashPoint.beforeRename, .afterRename])
  func aSingleFileCommitIsOldOrNew(backend: Backend, point: CrashPoint) throws {
    let (storage, cleanUp) = backend.make()
    defer { cleanUp() }
    try temporaryStore(storage: storage).write { tx in try tx.stage(StateLayout.sims, bytes: [1]) }
    let crashing = temporaryStore(crash: CrashPoint.throwing(at: point), storage: storage)
    #expect(throws: CrashPoint.Reached(point)) {
      try crashing.write { tx in try tx.stage(StateLayout.sims, bytes: [2, 0xFF]) }
    }
    let expected: [UInt8] = point == .beforeRename ? [1] : [2, 0xFF]
    #expect(try storage.read(StateLayout.sims, limit: 10) == expected)
    try temporaryStore(storage: storage).write { _ in () }
    #expect(try storage.read(StateLayout.sims, limit: 10) == expected)
    #expect(try !Journal.needsRecovery(storage))
  }

  @Test(arguments: Backend.allCases)
  func aTornOrRottedJournalIsDiscardedNotApplied(backend: Backend) throws {
    let (storage, cleanUp) = backend.make()
    defer { cleanUp() }
    let store = temporaryStore(storage: storage)
    try store.write { tx in try tx.stage(StateLayout.sims, bytes: Array("old".utf8)) }
    let journal = Journal.encode([
      (StateLayout.sims, .replace(.bytes(Array("new".utf8)))),
      (StateLayout.demoMarker, .replace(.bytes([0]))),
    ])
    var rotted = journal
    rotted[rotted.count - 3] ^= 0x01
    for damaged in [Array(journal.dropLast(4)), rotted, Array("{\"files\":[]}".utf8)] {
      let writer = try storage.create(StateLayout.journal)
      try writer.write(damaged)
      try writer.finish()
      try store.read { _ in () }
      #expect(try storage.read(StateLayout.sims, limit: 10) == Array("old".utf8))
      #expect(try storage.read(StateLayout.demoMarker, limit: 10) == nil)
      #expect(try !Journal.needsRecovery(storage))
    }
    // The intact journal is applied.
    let writer = try storage.create(StateLayout.journal)
    try writer.write(journal)
    try writer.finish()
    try store.read { _ in () }
    #expect(try storage.read(StateLayout.sims, limit: 10) == Array("new".utf8))
  }

  /// A complete journal whose spill is missing or altered was damaged from outside (spills are
  /// synced before the journal and removed after it): refused naming the journal, never dropped.
  @Test(arguments: Backend.allCases)
  func aCompleteJournalWithADamagedSpillIsRefusedNotDropped(backend: Backend) throws {
    let (storage, cleanUp) = backend.make()
    defer { cleanUp() }
    let store = temporaryStore(storage: storage)
    try store.write { tx in try tx.stage(StateLayout.sims, bytes: Array("old".utf8)) }
    let content = Array("{}".utf8)
    let spill = Payload.Spill(
      path: StateLayout.spill(1), length: content.count, sha256: SHA256.hex(content))
    let journal = Journal.encode([(StateLayout.sims, .replace(.spill(spill)))])
    for damaged in [nil, Array("{".utf8)] {
      try? storage.remove(spill.path)
      if let damaged {
        let writer = try storage.create(spill.path)
        try writer.write(damaged)
        try writer.finish()
      }
      try? storage.remove(StateLayout.journal)
      let writer = try storage.create(StateLayout.journal)
      try writer.write(journal)
      try writer.finish()
      #expect(throws: PconError.self) { try store.read { _ in () } }
      #expect(try storage.read(StateLayout.journal, limit: 1 << 20) != nil)
      #expect(try storage.read(StateLayout.sims, limit: 10) == Array("old".utf8))
    }
  }

  @Test(arguments: Backend.allCases)
  func aJournalMayNameOnlyFilesPconWrites(backend: Backend) throws {
    let (storage, cleanUp) = backend.make()
    defer { cleanUp() }
    let store = temporaryStore(storage: storage)
    try store.write { tx in try tx.stage(StateLayout.sims, bytes: [1]) }
    for path in ["../escape.json", "lock", "devices/zz.json", "events/a-x/notes.txt"] {
      let writer = try storage.create(StateLayout.journal)
      try writer.write(Journal.encode([(path, .remove)]))
      try writer.finish()
      #expect(
        throws: PconError.stateDamaged(
          file: "journal", reason: "unsafe path '\(path)' at files[0].path")
      ) {
        try store.read { _ in () }
      }
      try storage.remove(StateLayout.journal)
    }
  }

  @Test(arguments: Backend.allCases)
  func largeAppendsSpillToAFileAndLeaveNoneBehind(backend: Backend) throws {
    let (storage, cleanUp) = backend.make()
    defer { cleanUp() }
    let store = temporaryStore(spillThreshold: 1024, storage: storage)
    let partition = StateLayout.partition(.product(id: 1), month: "2026-11")
    let line = Array(repeating: UInt8(ascii: "x"), count: 99) + [0x0A]
    try store.write { tx in
      for _ in 0..<100 { try tx.append(partition, bytes: line) }
      // Staged bytes beyond the threshold live in a spill file, not in memory.
      #expect(try storage.size(StateLayout.spill(0)) ?? 0 >= 9_000)
      tx.save(StateFiles.eventSequence, 2)
    }
    #expect(try storage.size(partition) == 10_000)
    #expect(try storage.list(".").allSatisfy { !StateLayout.isSpill($0) })
    struct Boom: Error {}
    #expect(throws: Boom.self) {
      try store.write { tx in
        for _ in 0..<100 { try tx.append(partition, bytes: line) }
        throw Boom()
      }
    }
    #expect(try storage.list(".").allSatisfy { !StateLayout.isSpill($0) })
    #expect(try storage.size(partition) == 10_000)
  }

  @Test(arguments: Backend.allCases)
  func aFileThatLacksItsKeysIsDamageAndOnlyAMissingOneIsEmpty(backend: Backend) throws {
    let (storage, cleanUp) = backend.make()
    defer { cleanUp() }
    let store = temporaryStore(storage: storage)
    #expect(try store.write { try $0.teamMembers() } == [])
    for (text, reason) in [
      ("{}", "missing key at members"),
      (#"{"members":{},"api_users":[]}"#, "expected an array, found an object at members"),
      (#"{"members":[]}"#, "missing key at api_users"),
    ] {
      try store.write { tx in try tx.stage(StateLayout.team, bytes: Array(text.utf8)) }
      #expect(throws: PconError.stateDamaged(file: "team.json", reason: reason)) {
        try store.read { try $0.teamMembers() }
      }
      let problems = try Doctor.check(store)
      #expect(problems.contains(Notice(.problem, subject: "team.json", message: reason)))
    }
  }
}

/// What only the POSIX backend can be asked: links, pipes and sizes of real files.
@Suite struct POSIXStorageTests {
  @Test func linksPipesAndHugeFilesAreDamageNamingTheFile() throws {
    let (storage, cleanUp) = Backend.posix.make()
    defer { cleanUp() }
    let store = temporaryStore(storage: storage)
    _ = try store.write { tx in
      try Accounts.create(email: "a@example.com", name: nil, in: tx, random: counter)
    }
    let root = storage.location
    let outside = root + "/../outside.json"
    try #"{"sims":[]}"#.write(toFile: outside, atomically: false, encoding: .utf8)
    try FileManager.default.createSymbolicLink(
      atPath: root + "/sims.json", withDestinationPath: outside)
    #expect(
      throws: PconError.stateDamaged(
        file: "sims.json", reason: "it is a symbolic link, not a regular file")
    ) { try store.read { try SIMs.all(in: $0) } }
    try FileManager.default.removeItem(atPath: root + "/sims.json")

    // A pipe would block a reader that opened it without O_NONBLOCK.
    #expect(mkfifo(root + "/products.json", 0o600) == 0)
    #expect(
      throws: PconError.stateDamaged(file: "products.json", reason: "it is not a regular file")
    ) {
      try store.read { try $0.products() }
    }
    #expect(try Doctor.check(store).contains { $0.subject == "products.json" })
    try FileManager.default.removeItem(atPath: root + "/products.json")

    // A sparse file past the size limit is refused without being read.
    #expect(truncate(root + "/orgs.json", 0) != 0)
    #expect(FileManager.default.createFile(atPath: root + "/orgs.json", contents: nil))
    #expect(truncate(root + "/orgs.json", off_t(Transaction.fileSizeLimit + 1)) == 0)
    #expect(
      throws: PconError.stateDamaged(
        file: "orgs.json",
        reason: "it is 268435457 bytes, more than the 256 MiB a state file may hold")
    ) { try store.read { try $0.orgs() } }

    // A directory on the way that is a link is not followed either.
    try FileManager.default.createDirectory(
      atPath: root + "/../elsewhere", withIntermediateDirectories: true)
    try FileManager.default.createSymbolicLink(
      atPath: root + "/owners", withDestinationPath: root + "/../elsewhere")
    #expect(throws: PconError.self) { try store.read { try $0.ownedDeviceIDs($0.accounts()[0]) } }
  }
}
