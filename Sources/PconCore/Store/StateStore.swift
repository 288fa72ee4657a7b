/// The state: where it is, how it is locked, and how transactions run on it.
public struct StateStore: Sendable {
  /// The format version this pcon writes. Version 1 kept every device in one `devices.json`.
  public static let formatVersion = 4
  /// Staged bytes past this size go to a spill file: a large ingest costs at most this much
  /// memory per partition it touches.
  public static let defaultSpillThreshold = 1 << 20

  /// The bytes underneath.
  let storage: any Storage
  /// Where the state lives, for messages: the state directory's absolute path.
  public var root: String { storage.location }
  /// Seconds to wait for the lock before giving up with exit 5.
  public let lockTimeout: Double
  /// The source of "now" for every transaction.
  public let clock: Clock
  /// Called at each `CrashPoint` of a commit; debug builds of the CLI pass one that kills the
  /// process, tests one that throws.
  let crash: @Sendable (CrashPoint) throws -> Void
  /// Appended bytes past this size are staged in a spill file rather than in memory.
  let spillThreshold: Int

  /// A store on the state directory at `root` (an absolute path).
  public init(
    root: String, lockTimeout: Double = 10, clock: Clock = .system,
    crash: @escaping @Sendable (CrashPoint) throws -> Void = { _ in }
  ) {
    self.init(
      storage: POSIXStorage(root: root), lockTimeout: lockTimeout, clock: clock, crash: crash)
  }

  /// A store on any storage backend.
  public init(
    storage: any Storage, lockTimeout: Double = 10, clock: Clock = .system,
    crash: @escaping @Sendable (CrashPoint) throws -> Void = { _ in },
    spillThreshold: Int = StateStore.defaultSpillThreshold
  ) {
    self.storage = storage
    self.lockTimeout = lockTimeout
    self.clock = clock
    self.crash = crash
    self.spillThreshold = spillThreshold
  }

  private func transaction(writable: Bool) -> Transaction {
    Transaction(
      storage: storage, now: clock.now(), isWritable: writable, crash: crash,
      spillThreshold: spillThreshold)
  }

  /// The lease named `path` when no other process holds it (see `Storage.lease`).
  public func lease(_ path: String) throws -> (any StorageLock)? { try storage.lease(path) }

  /// Runs `body` under a shared lock; it sees a consistent state and cannot change it.
  public func read<T>(_ body: (Transaction) throws -> T) throws -> T {
    guard let place = try storage.rootEntry() else {
      return try body(transaction(writable: false))
    }
    guard place.kind == .directory else {
      throw PconError.stateUnusable(path: root, reason: "it is not a directory")
    }
    // A directory no command has finished initialising reads as empty, and is left as it is.
    if try !isInitialised() {
      return try body(transaction(writable: false))
    }
    let lock = try storage.lock(.shared, timeout: lockTimeout)
    // pcon.json is read once on the usual path; again only after recovering or migrating.
    var version = try formatVersion()
    if try Journal.needsRecovery(storage) || version < StateStore.formatVersion {
      try lock.change(to: .exclusive, timeout: lockTimeout)
      try prepare()
      try lock.change(to: .shared, timeout: lockTimeout)
      version = try formatVersion()
    }
    if version > StateStore.formatVersion {
      throw PconError.stateFormatTooNew(found: version, supported: StateStore.formatVersion)
    }
    return try withExtendedLifetime(lock) { try body(transaction(writable: false)) }
  }

  /// Runs `body` under the exclusive lock and commits what it staged, all or nothing.
  /// Nothing is written when `body` throws.
  public func write<T>(_ body: (Transaction) throws -> T) throws -> T {
    try storage.createRoot()
    // Refuse a directory that is not ours before creating even the lock file in it.
    if try !isInitialised() { try crash(.directoryCreated) }
    let lock = try storage.lock(.exclusive, timeout: lockTimeout)
    return try withExtendedLifetime(lock) {
      // Initialised under the exclusive lock, so commands racing to be first wait for the
      // one that wins and then find pcon.json; one killed half-way leaves only what
      // `isInitialised` accepts, swept here by the next.
      if try !isInitialised() {
        try crash(.lockCreated)
        try Journal.recover(storage)
        try initialize()
      }
      try prepare()
      let transaction = transaction(writable: true)
      let result: T
      do {
        result = try body(transaction)
      } catch {
        transaction.discardSpills()
        throw error
      }
      try transaction.commit()
      return result
    }
  }

  /// Whether the directory has never been used by pcon (no `pcon.json`).
  public var isUninitialised: Bool {
    (try? hasFormatFile()) != true
  }

  private func hasFormatFile() throws -> Bool {
    try storage.entry(StateLayout.format) != nil
  }

  /// Whether the directory holds pcon's state (`pcon.json`). Without it, the directory must hold
  /// nothing but what a first command leaves before writing `pcon.json` (lock files, temporary
  /// files of a writer that died), or it is not pcon's and is refused.
  private func isInitialised() throws -> Bool {
    if try hasFormatFile() { return true }
    let names = try storage.list(".")
    // pcon.json may have landed since it was looked for: then the rest is its writer's too.
    if names.contains(StateLayout.format) { return true }
    let debris = { (name: String) in
      StateLayout.lockFiles.contains(name) || StateLayout.isTemporary(name, for: StateLayout.format)
    }
    guard names.allSatisfy(debris) else { throw PconError.notAStateDirectory(path: root) }
    return false
  }

  private func initialize() throws {
    let transaction = transaction(writable: true)
    transaction.save(
      StateFiles.format,
      FormatRecord(version: StateStore.formatVersion, stamp: ("created_at", clock.now())))
    try transaction.commit()
  }

  /// With the exclusive lock held: finish any interrupted change, then migrate an older format.
  private func prepare() throws {
    try Journal.recover(storage)
    try migrateIfOlder()
  }

  func formatVersion() throws -> Int {
    guard let format = try transaction(writable: false).load(StateFiles.format) else {
      throw PconError.stateDamaged(file: StateLayout.format, reason: "missing")
    }
    return format.version
  }

  /// Refuses a newer format; migrates an older one in place.
  private func migrateIfOlder() throws {
    let version = try formatVersion()
    if version > StateStore.formatVersion {
      throw PconError.stateFormatTooNew(found: version, supported: StateStore.formatVersion)
    }
    guard version < StateStore.formatVersion else { return }
    guard version >= 1 else {
      throw PconError.stateDamaged(
        file: StateLayout.format,
        reason: "format_version \(version) is not a version pcon ever wrote")
    }
    let transaction = transaction(writable: true)
    try Migration.upgrade(transaction, from: version)
    try transaction.commit()
  }
}

extension StateStore {
  /// Where the state lives: `--state-dir`, else `$PCON_STATE_DIR`, else `$XDG_DATA_HOME/pcon`,
  /// else `~/.local/share/pcon`. Relative XDG values are ignored, as the XDG spec requires.
  public static func location(
    flag: String?, environment: [String: String], workingDirectory: String
  ) throws -> String {
    try location(flag: flag, variable: { environment[$0] }, workingDirectory: { workingDirectory })
  }

  /// `location`, asking `variable` and `workingDirectory` only for what decides the answer, so
  /// a front end can refuse one it cannot pass on faithfully. An empty flag or `PCON_STATE_DIR`
  /// is refused: it names no directory, and falling back to the default fleet would act on it.
  public static func location(
    flag: String?, variable: (String) throws -> String?, workingDirectory: () throws -> String
  ) throws -> String {
    func absolute(_ path: String) throws -> String {
      path.hasPrefix("/") ? path : try workingDirectory() + "/" + path
    }
    if let flag {
      guard !flag.isEmpty else {
        throw PconError.invalidValue(field: "state directory", value: "", expected: "a directory")
      }
      return normalise(try absolute(flag))
    }
    if let env = try variable("PCON_STATE_DIR") {
      guard !env.isEmpty else {
        throw PconError.invalidValue(
          field: "PCON_STATE_DIR", value: "", expected: "a directory, or the variable unset")
      }
      return normalise(try absolute(env))
    }
    if let xdg = try variable("XDG_DATA_HOME"), xdg.hasPrefix("/") {
      return normalise(xdg + "/pcon")
    }
    guard let home = try variable("HOME"), home.hasPrefix("/") else {
      throw PconError.stateUnusable(
        path: "~/.local/share/pcon",
        reason: "HOME is not set and no state directory was given")
    }
    return normalise(home + "/.local/share/pcon")
  }

  private static func normalise(_ path: String) -> String {
    var parts: [Substring] = []
    for part in path.split(separator: "/") where part != "." {
      if part == ".." { _ = parts.popLast() } else { parts.append(part) }
    }
    return "/" + parts.joined(separator: "/")
  }
}
