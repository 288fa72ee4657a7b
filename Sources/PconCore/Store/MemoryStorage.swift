import Foundation

/// The state held in memory: the backend PconCore's unit tests run the store on, and proof that
/// the store needs nothing of a file system beyond `Storage`. Its lock serialises the
/// transactions of one process; a crash simulated by a throwing `CrashPoint` hook leaves exactly
/// what a real crash would, for the next store over the same storage to recover.
public final class MemoryStorage: Storage, @unchecked Sendable {
  private let mutex = NSLock()
  private var files: [String: [UInt8]] = [:]
  private var directories: Set<String> = []
  private var exists = false
  // Readers holding the lock, or -1 while a writer holds it.
  private var holders = 0
  private var leases: Set<String> = []

  public init() {}

  public var location: String { "memory" }

  private func locked<T>(_ body: () throws -> T) rethrows -> T {
    mutex.lock()
    defer { mutex.unlock() }
    return try body()
  }

  public func rootEntry() throws -> StorageEntry? {
    locked { exists ? StorageEntry(kind: .directory, mode: 0o700) : nil }
  }

  public func createRoot() throws { locked { exists = true } }

  public func read(_ path: String, limit: Int) throws -> [UInt8]? {
    _ = try POSIXStorage.components(path)
    guard let bytes = locked({ files[path] }) else {
      if locked({ directories.contains(path) }) {
        throw PconError.stateDamaged(file: path, reason: "it is not a regular file")
      }
      return nil
    }
    guard bytes.count <= limit else {
      throw PconError.stateDamaged(
        file: path,
        reason: "it is \(bytes.count) bytes, more than the \(limit >> 20) MiB a state file may hold"
      )
    }
    return bytes
  }

  public func open(_ path: String) throws -> (any StorageReader)? {
    try read(path, limit: .max).map(SnapshotReader.init)
  }

  public func size(_ path: String) throws -> Int? { locked { files[path]?.count } }

  public func list(_ directory: String) throws -> [String] {
    locked {
      let prefix = directory == "." ? "" : directory + "/"
      var names = Set<String>()
      for path in Array(files.keys) + Array(directories) where path.hasPrefix(prefix) {
        if let name = path.dropFirst(prefix.count).split(separator: "/").first {
          names.insert(String(name))
        }
      }
      return names.sorted()
    }
  }

  public func entry(_ path: String) throws -> StorageEntry? {
    locked {
      if files[path] != nil { return StorageEntry(kind: .file, mode: 0o600) }
      if directories.contains(path) { return StorageEntry(kind: .directory, mode: 0o700) }
      return nil
    }
  }

  public func create(_ path: String) throws -> any StorageWriter {
    _ = try POSIXStorage.components(path)
    return try locked {
      guard files[path] == nil else {
        throw PconError.stateUnusable(path: location, reason: "cannot create \(path): File exists")
      }
      files[path] = []
      return MemoryWriter(path: path, storage: self)
    }
  }

  public func openForAppend(_ path: String, at offset: Int) throws -> any StorageWriter {
    _ = try POSIXStorage.components(path)
    locked {
      var bytes = files[path] ?? []
      if bytes.count > offset { bytes.removeSubrange(offset...) }
      if bytes.count < offset { bytes += repeatElement(0, count: offset - bytes.count) }
      files[path] = bytes
    }
    return MemoryWriter(path: path, storage: self)
  }

  fileprivate func append(_ bytes: UnsafeRawBufferPointer, to path: String) {
    locked { files[path, default: []].append(contentsOf: bytes) }
  }

  public func rename(_ source: String, to destination: String) throws {
    try locked {
      guard let bytes = files.removeValue(forKey: source) else {
        throw PconError.stateUnusable(
          path: location, reason: "cannot replace \(destination): No such file or directory")
      }
      files[destination] = bytes
    }
  }

  public func remove(_ path: String) throws { _ = locked { files.removeValue(forKey: path) } }

  public func makeDirectories(_ path: String) throws {
    guard path != "." else { return }
    locked {
      var prefix = ""
      for part in path.split(separator: "/") {
        prefix += prefix.isEmpty ? String(part) : "/" + part
        directories.insert(prefix)
      }
    }
  }

  public func sync(directory: String) throws {}

  public func lock(_ mode: StorageLockMode, timeout: Double) throws -> any StorageLock {
    // The lock files exist in a locked state, as they do on disk.
    locked {
      for name in StateLayout.lockFiles { files[name] = files[name] ?? [] }
    }
    let lock = MemoryLock(storage: self)
    try lock.change(to: mode, timeout: timeout)
    return lock
  }

  public func lease(_ path: String) throws -> (any StorageLock)? {
    _ = try POSIXStorage.components(path)
    let taken = locked { () -> Bool in
      files[path] = files[path] ?? []
      return leases.insert(path).inserted
    }
    return taken ? MemoryLease(storage: self, path: path) : nil
  }

  /// Lets go of the lease `path`.
  fileprivate func release(lease path: String) { _ = locked { leases.remove(path) } }

  /// Moves a holder from `old` to `new` when the lock allows it now.
  fileprivate func transition(from old: StorageLockMode?, to new: StorageLockMode?) -> Bool {
    locked {
      var count = holders
      switch old {
      case .shared: count -= 1
      case .exclusive: count = 0
      case nil: break
      }
      switch new {
      case .shared where count >= 0: count += 1
      case .exclusive where count == 0: count = -1
      case nil: break
      default: return false
      }
      holders = count
      return true
    }
  }
}

/// A lease on a memory store, let go when dropped.
private final class MemoryLease: StorageLock {
  let storage: MemoryStorage
  let path: String

  init(storage: MemoryStorage, path: String) {
    self.storage = storage
    self.path = path
  }

  deinit { storage.release(lease: path) }

  func change(to mode: StorageLockMode, timeout: Double) throws {}
}

private final class SnapshotReader: StorageReader {
  let bytes: [UInt8]
  init(_ bytes: [UInt8]) { self.bytes = bytes }

  func size() throws -> Int { bytes.count }

  func read(at offset: Int, into buffer: UnsafeMutableRawBufferPointer) throws -> Int {
    guard offset < bytes.count else { return 0 }
    let count = min(buffer.count, bytes.count - offset)
    bytes.withUnsafeBytes { raw in
      guard let source = raw.baseAddress else { return }
      buffer.baseAddress?.copyMemory(from: source + offset, byteCount: count)
    }
    return count
  }
}

private final class MemoryWriter: StorageWriter {
  let path: String
  let storage: MemoryStorage
  init(path: String, storage: MemoryStorage) {
    self.path = path
    self.storage = storage
  }

  func write(_ bytes: UnsafeRawBufferPointer) throws { storage.append(bytes, to: path) }
  func finish() throws {}
}

private final class MemoryLock: StorageLock {
  let storage: MemoryStorage
  var mode: StorageLockMode?

  init(storage: MemoryStorage) { self.storage = storage }

  deinit { _ = storage.transition(from: mode, to: nil) }

  func change(to mode: StorageLockMode, timeout: Double) throws {
    var waited = 0.0
    while !storage.transition(from: self.mode, to: mode) {
      guard waited < timeout else { throw PconError.stateLocked(seconds: timeout) }
      usleep(1000)
      waited += 0.001
    }
    self.mode = mode
  }
}
