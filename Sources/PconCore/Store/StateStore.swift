/// The state: where it is, how it is locked, and how transactions run on it.
public struct StateStore: Sendable {
  /// The format version this pcon writes. Version 1 kept every device in one `devices.json`.
  public static let formatVersion = 2
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

  /// Runs `body` under a shared lock; it sees a consistent state and cannot change it.
  public func read<T>(_ body: (Transaction) throws -> T) throws -> T {
    guard let place = try storage.rootEntry() else {
      return try body(transaction(writable: false))
    }
    guard place.kind == .directory else {
      throw PconError.stateUnusable(path: root, reason: "it is not a directory")
    }
    if try !hasFormatFile() {
      try requireEmpty()
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
    if try !hasFormatFile() { try requireEmpty() }
    let lock = try storage.lock(.exclusive, timeout: lockTimeout)
    return try withExtendedLifetime(lock) {
      if try !hasFormatFile() {
        try requireEmpty()
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

  private func requireEmpty() throws {
    guard try storage.list(".").allSatisfy({ $0 == StateLayout.lock }) else {
      throw PconError.notAStateDirectory(path: root)
    }
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
    func absolute(_ path: String) -> String {
      path.hasPrefix("/") ? path : workingDirectory + "/" + path
    }
    if let flag, !flag.isEmpty { return normalise(absolute(flag)) }
    if let env = environment["PCON_STATE_DIR"], !env.isEmpty { return normalise(absolute(env)) }
    if let xdg = environment["XDG_DATA_HOME"], xdg.hasPrefix("/") {
      return normalise(xdg + "/pcon")
    }
    guard let home = environment["HOME"], home.hasPrefix("/") else {
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
