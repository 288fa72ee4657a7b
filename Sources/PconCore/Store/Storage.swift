/// The bytes underneath the state: the few operations a transaction needs, on paths relative to
/// the state directory. `POSIXStorage` keeps them in a directory; `MemoryStorage` in memory, for
/// tests. A backend decides how to make each step durable; the transaction, journal and layout
/// above it decide what the steps are, so a new backend changes no rule and no command.
public protocol Storage: AnyObject, Sendable {
  /// Where the state lives, for messages only (a path, or a name for a backend with none).
  var location: String { get }

  /// What is at the state's root (nothing yet, a directory, or something else) and its mode.
  func rootEntry() throws -> StorageEntry?
  /// Creates the state's root (and missing parents) if it does not exist yet.
  func createRoot() throws

  /// The whole content of a regular file, or nil when it does not exist. Anything that is not a
  /// regular file, or is larger than `limit` bytes, is damage naming the file.
  func read(_ path: String, limit: Int) throws -> [UInt8]?
  /// A reader of byte ranges of a regular file, or nil when it does not exist.
  func open(_ path: String) throws -> (any StorageReader)?
  /// The size of a file in bytes, or nil when it does not exist.
  func size(_ path: String) throws -> Int?
  /// The names in a directory, sorted, or [] when it does not exist.
  func list(_ directory: String) throws -> [String]
  /// What is at `path`, or nil when nothing is.
  func entry(_ path: String) throws -> StorageEntry?

  /// Creates a new file that must not exist yet (a temporary or spill file) for writing.
  func create(_ path: String) throws -> any StorageWriter
  /// Opens a file (created if missing) for writing at `offset`, cutting anything after it.
  func openForAppend(_ path: String, at offset: Int) throws -> any StorageWriter
  /// Moves `source` over `destination` in one step: a reader sees one or the other.
  func rename(_ source: String, to destination: String) throws
  /// Removes a file; one that is already gone is not an error.
  func remove(_ path: String) throws
  /// Creates a directory and any missing parents.
  func makeDirectories(_ path: String) throws
  /// Makes renames and removals in `directory` durable.
  func sync(directory: String) throws

  /// Takes the state's advisory lock, waiting at most `timeout` seconds.
  func lock(_ mode: StorageLockMode, timeout: Double) throws -> any StorageLock

  /// Takes the lease named by `path` (a lock file, created with its folder when missing) when
  /// no other holder has it, else nil: one holder at a time does a long-running job, and a
  /// holder that dies (even by SIGKILL) lets go. Held until the value is dropped.
  func lease(_ path: String) throws -> (any StorageLock)?
}

/// How a lock is held: shared by readers, exclusive for one writer.
public enum StorageLockMode: Sendable { case shared, exclusive }

/// A held lock; released when the value is dropped.
public protocol StorageLock: AnyObject {
  /// Changes the mode of the held lock (to replay a journal, then go back to sharing).
  func change(to mode: StorageLockMode, timeout: Double) throws
}

/// Reads byte ranges of one file.
public protocol StorageReader: AnyObject {
  /// The file's current size.
  func size() throws -> Int
  /// Reads up to `buffer.count` bytes at `offset`; returns how many (0 at the end).
  func read(at offset: Int, into buffer: UnsafeMutableRawBufferPointer) throws -> Int
}

extension StorageReader {
  /// Up to `count` bytes from `offset`: fewer only where the file ends first.
  func bytes(at offset: Int, count: Int) throws -> [UInt8] {
    guard count > 0 else { return [] }
    var bytes = [UInt8](repeating: 0, count: count)
    var filled = 0
    while filled < count {
      let n = try bytes.withUnsafeMutableBytes { raw in
        try read(
          at: offset + filled, into: UnsafeMutableRawBufferPointer(rebasing: raw[filled...]))
      }
      if n == 0 { break }
      filled += n
    }
    return filled == count ? bytes : Array(bytes[..<filled])
  }
}

/// Writes one file sequentially.
public protocol StorageWriter: AnyObject {
  /// Appends bytes at the writer's position.
  func write(_ bytes: UnsafeRawBufferPointer) throws
  /// Makes what was written durable and closes the file.
  func finish() throws
}

/// What a directory entry is, for the doctor.
public struct StorageEntry: Sendable, Equatable {
  /// A regular file, a directory, or anything else (a link, a device, a pipe).
  public enum Kind: Sendable, Equatable { case file, directory, other }
  public let kind: Kind
  /// The permission bits.
  public let mode: UInt32
}

extension StorageWriter {
  /// Appends `bytes` at the writer's position.
  public func write(_ bytes: [UInt8]) throws {
    try bytes.withUnsafeBytes { try write($0) }
  }
}

extension Storage {
  /// Writes `payload` to a new file at `temporary` and makes it durable.
  func write(_ payload: Payload, toNew temporary: String) throws {
    let writer = try create(temporary)
    try payload.copy(to: writer, from: self)
    try writer.finish()
  }

  /// Replaces `path` so that a reader or a crash sees the old file or the new one, never a mix:
  /// write a temporary file beside the root, make it durable, rename it over `path`.
  /// `beforeRename` runs between the two (the commit's crash point).
  func replace(
    _ path: String, with payload: Payload, temporary: String, beforeRename: () throws -> Void = {}
  ) throws {
    try write(payload, toNew: temporary)
    do {
      try beforeRename()
      try rename(temporary, to: path)
    } catch {
      // A simulated crash leaves the temporary file behind, as a real one would.
      if !(error is CrashPoint.Reached) { try? remove(temporary) }
      throw error
    }
  }

  /// Writes `payload` at `offset` of `path`, cutting anything after it: an append that lands
  /// once however often it is replayed.
  func append(_ payload: Payload, to path: String, at offset: Int) throws {
    let writer = try openForAppend(path, at: offset)
    try payload.copy(to: writer, from: self)
    try writer.finish()
  }
}
