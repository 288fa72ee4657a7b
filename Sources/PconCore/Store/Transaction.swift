/// One command's view of the state directory: files read once and cached, changes staged and
/// committed together when the command succeeds.
public final class Transaction {
  /// The state directory this transaction reads and writes.
  public let root: String
  /// When this transaction started, from the injected clock.
  public let now: Timestamp
  /// Whether changes may be staged (false inside `StateStore.read`).
  public let isWritable: Bool
  /// How many files this transaction has read from disk; the scaling tests watch it.
  public private(set) var filesRead = 0
  /// How many bytes those files held.
  public private(set) var bytesRead = 0

  private var cache: [String: JSON?] = [:]
  private var staged: [String: Content] = [:]
  private var stagedOrder: [String] = []

  // Staged JSON is encoded once, at commit, however often a command restages a file.
  private enum Content {
    case json(JSON)
    case bytes([UInt8])
    case removed
    case appended(offset: Int, bytes: [UInt8])

    var change: FileChange {
      switch self {
      case .json(let value): return .replace(JSONWriter(pretty: false).bytes(value) + [0x0A])
      case .bytes(let bytes): return .replace(bytes)
      case .removed: return .remove
      case .appended(let offset, let bytes): return .append(offset: offset, bytes: bytes)
      }
    }

    /// The whole new content, for a file read back after it was staged.
    var bytes: [UInt8]? {
      switch change {
      case .replace(let bytes): return bytes
      case .remove: return nil
      case .append: return nil
      }
    }
  }

  init(root: String, now: Timestamp, isWritable: Bool) {
    self.root = root
    self.now = now
    self.isWritable = isWritable
  }

  /// The parsed JSON of a state file, or nil when it does not exist.
  public func json(_ path: String) throws -> JSON? {
    if let cached = cache[path] { return cached }
    let bytes: [UInt8]?
    if let pending = staged[path], case .appended = pending {
      preconditionFailure(
        "\(path) was appended to and cannot be read back as JSON in the same transaction")
    } else if let pending = staged[path] {
      bytes = pending.bytes
    } else {
      bytes = try Journal.wrap { () throws(POSIXFile.Failure) in
        try POSIXFile.read(root + "/" + path)
      }
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

  /// Decodes a state file with `build`, turning shape faults into a damage report naming it.
  public func decode<T>(_ path: String, _ build: (JSONObject) throws -> T) throws -> T? {
    guard let value = try json(path) else { return nil }
    do {
      return try build(try JSONObject(value, path: ""))
    } catch let failure as JSONObject.ShapeError {
      throw PconError.stateDamaged(file: path, reason: failure.description)
    }
  }

  /// Stages `value` as the new content of `path` (nil removes the file).
  public func stage(_ path: String, _ value: JSON?) {
    precondition(isWritable, "stage called in a read-only transaction")
    if staged[path] == nil { stagedOrder.append(path) }
    staged[path] = value.map(Content.json) ?? .removed
    cache[path] = .some(value)
  }

  /// Stages raw bytes as the new content of `path`.
  public func stage(_ path: String, bytes: [UInt8]) {
    precondition(isWritable, "stage called in a read-only transaction")
    if staged[path] == nil { stagedOrder.append(path) }
    staged[path] = .bytes(bytes)
    cache[path] = nil
  }

  /// Stages `bytes` to be appended to `path`, after anything appended earlier in this
  /// transaction; the file is never rewritten.
  public func append(_ path: String, bytes: [UInt8]) {
    precondition(isWritable, "append called in a read-only transaction")
    if case .appended(let offset, let earlier) = staged[path] {
      staged[path] = .appended(offset: offset, bytes: earlier + bytes)
      return
    }
    precondition(staged[path] == nil, "\(path) was already staged as a whole file")
    stagedOrder.append(path)
    staged[path] = .appended(offset: POSIXFile.size(root + "/" + path) ?? 0, bytes: bytes)
  }

  /// The names of the files in a directory of the state, staged ones included.
  public func list(_ directory: String) throws -> [String] {
    var names = Set(
      try Journal.wrap { () throws(POSIXFile.Failure) in try POSIXFile.list(root + "/" + directory)
      }
      .filter { !$0.contains(".tmp-") })
    let prefix = directory + "/"
    for path in stagedOrder where path.hasPrefix(prefix) {
      let name = String(path.dropFirst(prefix.count))
      if case .removed = staged[path] { names.remove(name) } else { names.insert(name) }
    }
    return names.sorted()
  }

  var hasChanges: Bool { !stagedOrder.isEmpty }

  /// Makes the staged changes durable: one file by atomic rename, several through the journal.
  func commit() throws {
    let changes = stagedOrder.compactMap { path in staged[path].map { (path, $0.change) } }
    guard !changes.isEmpty else { return }
    for (path, _) in changes {
      let directory = POSIXFile.parent(of: root + "/" + path)
      try Journal.wrap { () throws(POSIXFile.Failure) in try POSIXFile.makeDirectories(directory) }
    }
    if changes.count == 1, let (path, change) = changes.first {
      try Journal.wrap { () throws(POSIXFile.Failure) in
        try change.apply(to: root + "/" + path, temporaryDirectory: root)
        try POSIXFile.syncDirectory(containing: root + "/" + path)
      }
      return
    }
    try Journal.write(changes, root: root)
    try Journal.apply(changes, root: root)
  }
}
