import Glibc

/// The state directory: where it is, how it is locked, and how transactions run on it.
public struct StateStore: Sendable {
  /// The format version this pcon writes. Version 1 kept every device in one `devices.json`.
  public static let formatVersion = 2
  static let formatFile = "pcon.json"

  /// The absolute path of the state directory.
  public let root: String
  /// Seconds to wait for the lock before giving up with exit 5.
  public let lockTimeout: Double
  /// The source of "now" for every transaction.
  public let clock: Clock

  public init(root: String, lockTimeout: Double = 10, clock: Clock = .system) {
    self.root = root
    self.lockTimeout = lockTimeout
    self.clock = clock
  }

  /// Runs `body` under a shared lock; it sees a consistent state and cannot change it.
  public func read<T>(_ body: (Transaction) throws -> T) throws -> T {
    let place = POSIXFile.kind(root)
    guard place.exists else {
      return try body(Transaction(root: root, now: clock.now(), isWritable: false))
    }
    guard place.isDirectory else {
      throw PconError.stateUnusable(path: root, reason: "it is not a directory")
    }
    if try !hasFormatFile() {
      try requireEmpty()
      return try body(Transaction(root: root, now: clock.now(), isWritable: false))
    }
    let lock = try StateLock(directory: root, mode: .shared, timeout: lockTimeout)
    // pcon.json is read once on the usual path; again only after recovering or migrating.
    var version = try formatVersion()
    if try Journal.needsRecovery(root: root) || version < StateStore.formatVersion {
      try lock.change(to: .exclusive, timeout: lockTimeout)
      try prepare()
      try lock.change(to: .shared, timeout: lockTimeout)
      version = try formatVersion()
    }
    if version > StateStore.formatVersion {
      throw PconError.stateFormatTooNew(found: version, supported: StateStore.formatVersion)
    }
    return try withExtendedLifetime(lock) {
      try body(Transaction(root: root, now: clock.now(), isWritable: false))
    }
  }

  /// Runs `body` under the exclusive lock and commits what it staged, all or nothing.
  /// Nothing is written when `body` throws.
  public func write<T>(_ body: (Transaction) throws -> T) throws -> T {
    try Journal.wrap { () throws(POSIXFile.Failure) in try POSIXFile.makeDirectories(root) }
    // Refuse a directory that is not ours before creating even the lock file in it.
    if try !hasFormatFile() { try requireEmpty() }
    let lock = try StateLock(directory: root, mode: .exclusive, timeout: lockTimeout)
    return try withExtendedLifetime(lock) {
      if try !hasFormatFile() {
        try requireEmpty()
        try initialize()
      }
      try prepare()
      let transaction = Transaction(root: root, now: clock.now(), isWritable: true)
      let result = try body(transaction)
      try transaction.commit()
      return result
    }
  }

  /// Whether the directory has never been used by pcon (no `pcon.json`).
  public var isUninitialised: Bool {
    (try? hasFormatFile()) != true
  }

  private func hasFormatFile() throws -> Bool {
    POSIXFile.kind(root + "/" + StateStore.formatFile).exists
  }

  private func requireEmpty() throws {
    let entries = try Journal.wrap { () throws(POSIXFile.Failure) in try POSIXFile.list(root) }
    guard entries.allSatisfy({ $0 == "lock" }) else {
      throw PconError.notAStateDirectory(path: root)
    }
  }

  private func initialize() throws {
    let format = JSON.object([
      ("format_version", .int(Int64(StateStore.formatVersion))),
      ("created_at", .string(clock.now().iso8601)),
    ])
    try Journal.wrap { () throws(POSIXFile.Failure) in
      try POSIXFile.writeAtomically(
        root + "/" + StateStore.formatFile, JSONWriter(pretty: true).bytes(format) + [0x0A])
    }
  }

  /// With the exclusive lock held: finish any interrupted change, then migrate an older format.
  private func prepare() throws {
    try Journal.recover(root: root)
    try migrateIfOlder()
  }

  func formatVersion() throws -> Int {
    let transaction = Transaction(root: root, now: clock.now(), isWritable: false)
    guard
      let version = try transaction.decode(StateStore.formatFile, { try $0.int("format_version") })
    else {
      throw PconError.stateDamaged(file: StateStore.formatFile, reason: "missing")
    }
    return version
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
        file: StateStore.formatFile,
        reason: "format_version \(version) is not a version pcon ever wrote")
    }
    let transaction = Transaction(root: root, now: clock.now(), isWritable: true)
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
        reason: "HOME is not set; pass --state-dir or set PCON_STATE_DIR")
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
