import Glibc

/// One command's view of the state: files read once and cached, changes staged and committed
/// together when the command succeeds. It is the only way any code reaches the state's bytes.
public final class Transaction {
  /// The largest state file read whole; a larger one is damage (event partitions are read in
  /// chunks and may be any size).
  static let fileSizeLimit = 256 << 20

  let storage: any Storage
  /// When this transaction started, from the injected clock.
  public let now: Timestamp
  /// Whether changes may be staged (false inside `StateStore.read`).
  public let isWritable: Bool
  /// How many files this transaction has read or opened; the scaling tests watch it.
  public private(set) var filesRead = 0
  /// How many bytes the files it read whole held.
  public private(set) var bytesRead = 0
  /// Repairs this transaction makes besides the command's own change, for the caller to report
  /// once it commits.
  public internal(set) var repairs: [Notice] = []
  /// What the rules noticed on the way (a usage threshold crossed, a block added), for the
  /// caller to report once the change commits.
  public internal(set) var notices: [Notice] = []

  private let crash: (CrashPoint) throws -> Void
  private let spillThreshold: Int
  private var cache: [String: JSON?] = [:]
  // Decoded values by path, so a file many rules read is decoded once per transaction.
  private var decoded: [String: Any] = [:]
  private var staged: [String: Content] = [:]
  private var stagedOrder: [String] = []
  private var spills: [StagedBytes] = []
  private var pack: SpillPack?
  private var spillNames = 0
  // Bytes of whole files staged in memory; past the budget they go to the pack.
  private var wholeInMemory = 0
  // A pack that could not be written keeps its file in memory and fails the commit.
  private var packFailure: (any Error)?

  private enum Content {
    /// A whole file, encoded when staged: in memory, or in the pack past the budget.
    case whole(Payload)
    case replaced(StagedBytes)
    case removed
    case appended(offset: Int, StagedBytes)
  }

  /// The whole-file bytes a transaction keeps in memory before packing the rest into a spill
  /// file, so a command touching thousands of files stays small.
  var memoryBudget: Int { 2 * spillThreshold }

  init(
    storage: any Storage, now: Timestamp, isWritable: Bool,
    crash: @escaping (CrashPoint) throws -> Void = { _ in },
    spillThreshold: Int = StateStore.defaultSpillThreshold
  ) {
    self.storage = storage
    self.now = now
    self.isWritable = isWritable
    self.crash = crash
    self.spillThreshold = spillThreshold
  }

  // MARK: Typed state files

  /// The value of a declared state file; a missing file reads as the declaration's empty value.
  public func load<Value>(_ file: StateFile<Value>) throws -> Value {
    // Unwrapped first: a missing entry must not cast to an optional Value as "nil".
    if let cached = decoded[file.path], let value = cached as? Value { return value }
    guard let json = try json(file.path) else { return file.missing() }
    do {
      let value = try file.decode(try JSONObject(json, path: ""))
      decoded[file.path] = value
      // The decoded value is the cache from now on; holding the tree too would double it.
      cache[file.path] = nil
      return value
    } catch let failure as JSONObject.ShapeError {
      throw PconError.stateDamaged(file: file.path, reason: failure.description)
    }
  }

  /// Whether a declared state file exists (or is staged to).
  public func exists<Value>(_ file: StateFile<Value>) throws -> Bool {
    if decoded[file.path] != nil { return true }
    return try json(file.path) != nil
  }

  /// Stages `value` as the new content of a declared state file.
  public func save<Value>(_ file: StateFile<Value>, _ value: Value) {
    stage(file.path, file.encode(value))
    // A packed file is read back from the pack if needed, so its value need not stay.
    if case .whole(.bytes)? = staged[file.path] { decoded[file.path] = value }
  }

  // MARK: Raw reads, for the store and the event log

  /// The parsed JSON of a state file, or nil when it does not exist.
  func json(_ path: String) throws -> JSON? {
    if let cached = cache[path] { return cached }
    let bytes: [UInt8]?
    switch staged[path] {
    case .appended?:
      preconditionFailure(
        "\(path) was appended to and cannot be read back as JSON in the same transaction")
    case .whole(.bytes(let content))?: bytes = content
    case .whole(.spill(let spill))?:
      guard let pack else { preconditionFailure("\(path) was packed with no pack") }
      bytes = try pack.read(spill)
    case .replaced(let content)?:
      guard let inMemory = content.inMemory else {
        preconditionFailure("\(path) was staged too large to read back in the same transaction")
      }
      bytes = inMemory
    case .removed?: bytes = nil
    case nil:
      bytes = try storage.read(path, limit: Self.fileSizeLimit)
      filesRead += 1
      bytesRead += bytes?.count ?? 0
    }
    guard let bytes else {
      cache[path] = .some(nil)
      return nil
    }
    do {
      let value = try JSONParser.parse(bytes)
      cache[path] = value
      return value
    } catch {
      throw PconError.stateDamaged(file: path, reason: error.description)
    }
  }

  /// The bytes of a file that is not JSON (a firmware binary), staged ones included, or nil
  /// when it does not exist; a file larger than `limit` is damage.
  func bytes(_ path: String, limit: Int) throws -> [UInt8]? {
    switch staged[path] {
    case .replaced(let content)?:
      guard let inMemory = content.inMemory else {
        preconditionFailure("\(path) was staged too large to read back in the same transaction")
      }
      return inMemory
    case .removed?: return nil
    case nil:
      let bytes = try storage.read(path, limit: limit)
      filesRead += 1
      bytesRead += bytes?.count ?? 0
      return bytes
    default: preconditionFailure("\(path) was staged as JSON, not bytes")
    }
  }

  /// Stages the removal of a file that is not JSON.
  func remove(_ path: String) { stage(path, nil) }

  /// A reader of byte ranges of a file (an event partition), or nil when it does not exist.
  /// Bytes staged in this transaction are not visible through it.
  func open(_ path: String) throws -> (any StorageReader)? {
    filesRead += 1
    return try storage.open(path)
  }

  /// The size of a file as stored, or nil when it does not exist.
  func size(_ path: String) throws -> Int? { try storage.size(path) }

  /// What is at `path` as stored, for the doctor.
  func entry(_ path: String) throws -> StorageEntry? { try storage.entry(path) }

  /// The names of the files in a directory of the state, staged ones included.
  func list(_ directory: String) throws -> [String] {
    var names = Set(try storage.list(directory).filter { !StateLayout.isTemporary($0) })
    let prefix = directory + "/"
    for path in stagedOrder where path.hasPrefix(prefix) {
      let name = String(path.dropFirst(prefix.count))
      if case .removed = staged[path] { names.remove(name) } else { names.insert(name) }
    }
    return names.sorted()
  }

  // MARK: Staging

  /// Stages `value` as the new content of `path` (nil removes the file), encoded now so that
  /// only its bytes are held: in memory within the budget, else in the pack.
  func stage(_ path: String, _ value: JSON?) {
    precondition(isWritable, "stage called in a read-only transaction")
    if staged[path] == nil { stagedOrder.append(path) }
    var restaged = false
    var bytes: [UInt8] = []
    if case .whole(let old)? = staged[path] {
      restaged = true
      if case .bytes(let old) = old {
        bytes.reserveCapacity(old.count + old.count / 16)  // a restaged file changes a little
      }
    }
    release(path)
    decoded[path] = nil
    guard let value else {
      staged[path] = .removed
      cache[path] = .some(nil)
      return
    }
    cache[path] = nil
    JSONWriter(pretty: false).write(value, into: &bytes, indent: 0)
    bytes.append(0x0A)
    staged[path] = .whole(hold(bytes, restaged: restaged))
  }

  // A file staged a second time stays in memory: an index rewritten batch after batch is then
  // neither copied into the pack again each time nor parsed back from it. The budget bounds
  // the many files staged once.
  private func hold(_ bytes: [UInt8], restaged: Bool) -> Payload {
    if !restaged, wholeInMemory + bytes.count > memoryBudget, packFailure == nil {
      do {
        let pack = self.pack ?? SpillPack(storage: storage, path: spillName())
        self.pack = pack
        return .spill(try pack.add(bytes))
      } catch {
        packFailure = error
      }
    }
    wholeInMemory += bytes.count
    return .bytes(bytes)
  }

  /// Stages raw bytes as the new content of `path`.
  func stage(_ path: String, bytes: [UInt8]) throws {
    try replace(path) { try $0.append(bytes) }
  }

  /// Stages the new content of `path`, written in pieces by `body`: past a threshold the pieces
  /// go to a spill file in the root, so a large file need never be whole in memory.
  func replace(_ path: String, _ body: (StagedBytes) throws -> Void) throws {
    precondition(isWritable, "stage called in a read-only transaction")
    let content = stagedBytes()
    try body(content)
    if staged[path] == nil { stagedOrder.append(path) }
    release(path)
    staged[path] = .replaced(content)
    cache[path] = nil
    decoded[path] = nil
  }

  /// Forgets the in-memory bytes of what `path` had staged, before it is staged anew.
  private func release(_ path: String) {
    if case .whole(.bytes(let old))? = staged[path] { wholeInMemory -= old.count }
  }

  private func stagedBytes() -> StagedBytes {
    StagedBytes(storage: storage, threshold: spillThreshold) { [unowned self] in
      spills.append($0)
      return spillName()
    }
  }

  private func spillName() -> String {
    defer { spillNames += 1 }
    return StateLayout.spill(spillNames)
  }

  /// Stages `bytes` to be appended to `path`, after anything appended earlier in this
  /// transaction; the file is never rewritten. Past a threshold the staged bytes go to a spill
  /// file in the root, so a large append does not sit in memory. `offset`, on the first append,
  /// is where the new bytes go when not at the file's end: what lies past it is cut away.
  func append(_ path: String, bytes: [UInt8], at offset: Int? = nil) throws {
    precondition(isWritable, "append called in a read-only transaction")
    if case .appended(_, let buffer) = staged[path] {
      try buffer.append(bytes)
      return
    }
    precondition(staged[path] == nil, "\(path) was already staged as a whole file")
    let buffer = stagedBytes()
    try buffer.append(bytes)
    stagedOrder.append(path)
    staged[path] = .appended(offset: try offset ?? storage.size(path) ?? 0, buffer)
  }

  /// Whether bytes are already staged to be appended to `path`.
  func isStagedForAppend(_ path: String) -> Bool {
    if case .appended = staged[path] { return true }
    return false
  }

  var hasChanges: Bool { !stagedOrder.isEmpty }

  // MARK: Commit

  /// Makes the staged changes durable: one file by atomic rename, several through the journal.
  /// Until the journal is written a failure leaves no trace; after it, recovery finishes.
  func commit() throws {
    var journalled = false
    defer { if !journalled { discardSpills() } }
    let changes = try stagedOrder.compactMap { path -> (String, FileChange)? in
      guard let content = staged[path] else { return nil }
      switch content {
      case .whole(let payload): return (path, .replace(payload))
      case .replaced(let content): return (path, .replace(try content.finish()))
      case .removed: return (path, .remove)
      case .appended(let offset, let buffer):
        return (path, .append(offset: offset, try buffer.finish()))
      }
    }
    guard !changes.isEmpty else { return }
    if let packFailure { throw packFailure }
    try pack?.finish()
    for (path, _) in changes { try storage.makeDirectories(Journal.parent(of: path)) }
    if changes.count == 1, let (path, change) = changes.first {
      let temporary = StateLayout.temporary(for: path, process: getpid(), attempt: 1)
      try change.apply(to: path, in: storage, temporary: temporary) {
        try crash(.beforeRename)
      }
      try crash(.afterRename)
      try storage.sync(directory: Journal.parent(of: path))
      discardSpills()
      return
    }
    try Journal.write(changes, to: storage)
    journalled = true
    try crash(.journalWritten)
    do {
      try Journal.apply(changes, to: storage, crash: crash)
    } catch PconError.stateUnusable(let path, let reason) {
      // Past the journal the change is no longer undone: say that it will still land.
      throw PconError.stateUnusable(
        path: path,
        reason: reason
          + "; the change is recorded in the journal, and the next pcon command that can write here finishes it"
      )
    }
  }

  /// Removes the spill files of a change that will not be journalled.
  func discardSpills() {
    for spill in spills { spill.discard() }
    spills = []
    pack?.discard()
    pack = nil
  }
}
