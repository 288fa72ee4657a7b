import Glibc
import Synchronization

/// The state in a directory of the file system. Every file is opened relative to a descriptor
/// of the root, one component at a time, without following links and without blocking on a
/// pipe or device; only regular files are read. Files are 0600, directories 0700. The root and
/// every directory under it must belong to the effective user and be writable by no one else:
/// whoever else could write there could plant a link or a journal and have pcon write anywhere.
public final class POSIXStorage: Storage {
  /// The absolute path of the state directory.
  public let root: String
  // The root's descriptor, opened on first use and kept: every file is opened relative to it.
  private let rootFD = Mutex<Int32>(-1)

  public init(root: String) { self.root = root }

  deinit {
    rootFD.withLock { fd in if fd >= 0 { close(fd) } }
  }

  public var location: String { root }

  // MARK: Reading

  public func rootEntry() throws -> StorageEntry? {
    var info = stat()
    guard stat(root, &info) == 0 else {
      if errno == ENOENT { return nil }
      throw unusable(".", "inspect", errno)
    }
    return StorageEntry(kind: Self.kind(info.st_mode), mode: UInt32(info.st_mode & 0o7777))
  }

  public func read(_ path: String, limit: Int) throws -> [UInt8]? {
    guard let fd = try openFile(path, flags: O_RDONLY) else { return nil }
    defer { close(fd) }
    let size = try Self.regularSize(fd, path: path)
    guard size <= limit else {
      throw PconError.stateDamaged(
        file: path,
        reason: "it is \(size) bytes, more than the \(limit >> 20) MiB a state file may hold")
    }
    var buffer = [UInt8](repeating: 0, count: size + 1)
    var filled = 0
    while true {
      if filled == buffer.count {
        guard buffer.count <= limit else {
          throw PconError.stateDamaged(file: path, reason: "it grew while it was read")
        }
        buffer.append(contentsOf: repeatElement(0, count: buffer.count))
      }
      let n = buffer.withUnsafeMutableBytes { raw in
        Glibc.read(fd, raw.baseAddress.map { $0 + filled }, raw.count - filled)
      }
      if n < 0 {
        if errno == EINTR { continue }
        throw unusable(path, "read", errno)
      }
      if n == 0 { break }
      filled += n
    }
    buffer.removeSubrange(filled...)
    return buffer
  }

  public func open(_ path: String) throws -> (any StorageReader)? {
    guard let fd = try openFile(path, flags: O_RDONLY) else { return nil }
    do {
      _ = try Self.regularSize(fd, path: path)
    } catch {
      close(fd)
      throw error
    }
    return FileReader(fd: fd, path: path, storage: self)
  }

  public func size(_ path: String) throws -> Int? {
    guard let fd = try openFile(path, flags: O_RDONLY) else { return nil }
    defer { close(fd) }
    return try Self.regularSize(fd, path: path)
  }

  public func list(_ directory: String) throws -> [String] {
    guard let fd = try openDirectory(directory, create: false) else { return [] }
    guard let dir = fdopendir(fd) else {
      let code = errno
      close(fd)
      throw unusable(directory, "list", code)
    }
    defer { closedir(dir) }
    var names: [String] = []
    while let entry = readdir(dir) {
      let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
        String(decoding: raw.prefix { $0 != 0 }, as: UTF8.self)
      }
      if name != "." && name != ".." { names.append(name) }
    }
    return names.sorted()
  }

  public func entry(_ path: String) throws -> StorageEntry? {
    var info = stat()
    let found = try withParent(path, create: false) { dir, name in
      fstatat(dir, name, &info, AT_SYMLINK_NOFOLLOW) == 0
    }
    guard found == true else { return nil }
    return StorageEntry(kind: Self.kind(info.st_mode), mode: UInt32(info.st_mode & 0o7777))
  }

  // MARK: Writing

  public func createRoot() throws {
    var prefix = ""
    for part in root.split(separator: "/") {
      prefix += "/" + part
      if mkdir(prefix, 0o700) != 0, errno != EEXIST { throw unusable(".", "create", errno) }
    }
    // One that already existed is checked like any other when its descriptor is opened.
    guard try rootEntry()?.kind == .directory, try rootDescriptor() != nil else {
      throw PconError.stateUnusable(path: root, reason: "it is not a directory")
    }
  }

  public func create(_ path: String) throws -> any StorageWriter {
    guard let fd = try openFile(path, flags: O_WRONLY | O_CREAT | O_EXCL, create: true) else {
      throw unusable(path, "create", ENOENT)
    }
    return FileWriter(fd: fd, path: path, storage: self)
  }

  public func openForAppend(_ path: String, at offset: Int) throws -> any StorageWriter {
    guard let fd = try openFile(path, flags: O_WRONLY | O_CREAT, create: true) else {
      throw unusable(path, "append to", ENOENT)
    }
    do {
      _ = try Self.regularSize(fd, path: path)
      fchmod(fd, 0o600)
      guard ftruncate(fd, off_t(offset)) == 0, lseek(fd, off_t(offset), SEEK_SET) >= 0 else {
        throw unusable(path, "append to", errno)
      }
    } catch {
      close(fd)
      throw error
    }
    return FileWriter(fd: fd, path: path, storage: self)
  }

  public func rename(_ source: String, to destination: String) throws {
    try withRoot { rootFD in
      try withParent(destination, create: true) { dir, name in
        guard renameat(rootFD, source, dir, name) == 0 else {
          throw unusable(destination, "replace", errno)
        }
      }
    }
  }

  public func remove(_ path: String) throws {
    _ = try withParent(path, create: false) { dir, name in
      guard unlinkat(dir, name, 0) == 0 || errno == ENOENT else {
        throw unusable(path, "remove", errno)
      }
    }
  }

  public func makeDirectories(_ path: String) throws {
    if path == "." { return try createRoot() }
    guard let fd = try openDirectory(path, create: true) else {
      throw unusable(path, "create directory", ENOENT)
    }
    close(fd)
  }

  public func sync(directory: String) throws {
    guard let fd = try openDirectory(directory, create: false) else { return }
    defer { close(fd) }
    guard fsync(fd) == 0 else { throw unusable(directory, "sync", errno) }
  }

  /// Writers are preferred: a writer that does not get `lock` at once takes `intent`
  /// exclusively, then `lock`; a reader passes through `intent` (shared, released at once)
  /// before it shares `lock`. A waiting writer therefore holds back new readers, and readers
  /// that keep re-taking the lock cannot starve it.
  public func lock(_ mode: StorageLockMode, timeout: Double) throws -> any StorageLock {
    let deadline = FileLock.now() + timeout
    // A reader of a directory it cannot write (read-only, or chmod 0500) finds the lock files
    // missing and cannot create them; then no writer can change the directory either, and the
    // reader goes ahead unlocked.
    let lock = try lockFile(StateLayout.lock, required: mode == .exclusive)
    let intent = try lockFile(StateLayout.intent, required: mode == .exclusive)
    // A writer first tries briefly without declaring itself: between readers' sections the
    // lock is often free, and waiting behind every reader in flight would cost that chance.
    if mode == .exclusive, let lock,
      try lock.poll(.exclusive, until: min(deadline, FileLock.now() + Self.writerGrace))
    {
      return lock
    }
    try intent?.take(mode, until: deadline, timeout: timeout)
    guard let lock else { return ReadOnlyLock(root: root) }
    try lock.take(mode, until: deadline, timeout: timeout)
    return lock
  }

  public func lease(_ path: String) throws -> (any StorageLock)? {
    let parts = try Self.components(path)
    if parts.count > 1 { try makeDirectories(parts.dropLast().joined(separator: "/")) }
    guard let file = try lockFile(path, required: true),
      try file.poll(.exclusive, until: FileLock.now())
    else { return nil }
    return file
  }

  /// How long a writer tries for the lock before it holds new readers back.
  static let writerGrace = 0.05

  /// One of the state's lock files, opened (and created when missing); nil when it is missing
  /// and the directory is read-only, unless `required`.
  private func lockFile(_ name: String, required: Bool) throws -> FileLock? {
    let flags = O_CLOEXEC | O_NOFOLLOW | O_NONBLOCK
    var fd = try withRoot { openat($0, name, O_RDWR | O_CREAT | flags, 0o600) }
    if fd < 0, errno == EACCES || errno == EROFS || errno == EPERM {
      let refusal = errno
      fd = try withRoot { openat($0, name, O_RDONLY | flags) }
      if fd < 0, errno == ENOENT, !required { return nil }
      if fd < 0 { errno = refusal }
    }
    guard fd >= 0 else {
      throw PconError.stateUnusable(
        path: root, reason: "cannot open its lock file \(name): \(String(cString: strerror(errno)))"
      )
    }
    let lock = FileLock(fd: fd)
    // flock on a pipe or device a stranger planted would mean nothing: refuse it.
    _ = try Self.regularSize(fd, path: name)
    return lock
  }

  // MARK: Descriptors

  /// The root's descriptor, or nil while the root does not exist (before the first write).
  /// The directory is checked on the descriptor every later open goes through, so what is
  /// checked is what is used.
  private func rootDescriptor() throws -> Int32? {
    try rootFD.withLock { fd -> Int32? in
      if fd >= 0 { return fd }
      let opened = Glibc.open(root, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
      guard opened >= 0 else {
        if errno == ENOENT { return nil }
        if errno == ENOTDIR {
          throw PconError.stateUnusable(path: root, reason: "it is not a directory")
        }
        throw unusable(".", "open", errno)
      }
      if let fault = Self.ownershipFault(opened) {
        close(opened)
        throw PconError.stateUnusable(path: root, reason: "it \(fault)")
      }
      fd = opened
      return opened
    }
  }

  /// Why a directory is not safe to keep state in, or nil when it belongs to the effective user
  /// and no one else may write to it.
  private static func ownershipFault(_ fd: Int32) -> String? {
    var info = stat()
    guard fstat(fd, &info) == 0 else {
      return "cannot be inspected: \(String(cString: strerror(errno)))"
    }
    let user = geteuid()
    if info.st_uid != user {
      return
        "is owned by user \(info.st_uid), not by you (user \(user)); pcon keeps state only in a directory of yours"
    }
    if info.st_mode & 0o022 != 0 {
      let mode = String(info.st_mode & 0o7777, radix: 8)
      return "is writable by group or others (mode 0\(mode)); make it yours alone with chmod go-w"
    }
    return nil
  }

  /// Opens the directory `name` in `dir` (`path` from the root) without following a link, and
  /// refuses one that is not the effective user's alone; nil when it does not exist.
  private func openSubdirectory(_ dir: Int32, _ name: String, path: String) throws -> Int32? {
    let fd = openat(dir, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC)
    guard fd >= 0 else {
      let code = errno
      if code == ENOENT { return nil }
      // O_DIRECTORY answers a link with ENOTDIR: say which it is.
      var info = stat()
      if fstatat(dir, name, &info, AT_SYMLINK_NOFOLLOW) == 0, info.st_mode & S_IFMT == S_IFLNK {
        throw notADirectory(path, ELOOP)
      }
      throw notADirectory(path, code)
    }
    if let fault = Self.ownershipFault(fd) {
      close(fd)
      throw PconError.stateUnusable(path: root, reason: "its directory \(path)/ \(fault)")
    }
    return fd
  }

  private func withRoot<T>(_ body: (Int32) throws -> T) throws -> T {
    guard let fd = try rootDescriptor() else { throw unusable(".", "open", ENOENT) }
    return try body(fd)
  }

  /// Calls `body` with a descriptor of the directory holding `path` and its last component,
  /// or returns nil when a directory on the way does not exist (and `create` is false).
  private func withParent<T>(
    _ path: String, create: Bool, _ body: (Int32, String) throws -> T
  ) throws -> T? {
    let parts = try Self.components(path)
    // Before the first write there is no root, so nothing in it: reads find nothing.
    guard try create || rootDescriptor() != nil else { return nil }
    return try withRoot { rootFD in
      var fd = rootFD
      defer { if fd != rootFD { close(fd) } }
      for (n, part) in parts.dropLast().enumerated() {
        if create, mkdirat(fd, part, 0o700) != 0, errno != EEXIST {
          throw unusable(parts[...n].joined(separator: "/"), "create directory", errno)
        }
        let path = parts[...n].joined(separator: "/")
        guard let next = try openSubdirectory(fd, part, path: path) else {
          if !create { return nil }
          throw notADirectory(path, ENOENT)
        }
        if fd != rootFD { close(fd) }
        fd = next
      }
      return try body(fd, parts[parts.count - 1])
    }
  }

  private func openFile(_ path: String, flags: Int32, create: Bool = false) throws -> Int32? {
    let result: Int32?? = try withParent(path, create: create) { dir, name in
      let fd = openat(dir, name, flags | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC, 0o600)
      guard fd >= 0 else {
        if errno == ENOENT && flags & O_CREAT == 0 { return nil }
        if errno == ELOOP {
          throw PconError.stateDamaged(
            file: path, reason: "it is a symbolic link, not a regular file")
        }
        if errno == EEXIST { throw unusable(path, "create", errno) }
        throw unusable(path, flags & O_WRONLY != 0 ? "write" : "read", errno)
      }
      return fd
    }
    return result ?? nil
  }

  private func openDirectory(_ path: String, create: Bool) throws -> Int32? {
    if path == "." {
      // A new open file description: a dup would share the cached descriptor's position.
      guard let rootFD = try rootDescriptor() else { return nil }
      return openat(rootFD, ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC)
    }
    if create {
      _ = try withParent(path + "/x", create: true) { _, _ in () }
    }
    let result: Int32?? = try withParent(path, create: false) { dir, name in
      try openSubdirectory(dir, name, path: path)
    }
    return result ?? nil
  }

  /// The components of a relative state path; anything that could leave the root is refused.
  static func components(_ path: String) throws -> [String] {
    let parts = path.split(separator: "/", omittingEmptySubsequences: false).map(String.init)
    guard !path.hasPrefix("/"), !parts.isEmpty,
      parts.allSatisfy({ !$0.isEmpty && $0 != "." && $0 != ".." })
    else {
      throw PconError.stateDamaged(file: path, reason: "not a path inside the state directory")
    }
    return parts
  }

  private static func regularSize(_ fd: Int32, path: String) throws -> Int {
    var info = stat()
    guard fstat(fd, &info) == 0 else {
      throw PconError.stateUnusable(path: path, reason: String(cString: strerror(errno)))
    }
    guard kind(info.st_mode) == .file else {
      throw PconError.stateDamaged(file: path, reason: "it is not a regular file")
    }
    return Int(info.st_size)
  }

  private static func kind(_ mode: mode_t) -> StorageEntry.Kind {
    switch mode & S_IFMT {
    case S_IFREG: return .file
    case S_IFDIR: return .directory
    default: return .other
    }
  }

  func unusable(_ path: String, _ operation: String, _ code: Int32) -> PconError {
    .stateUnusable(
      path: root, reason: "cannot \(operation) \(path): \(String(cString: strerror(code)))")
  }

  private func notADirectory(_ path: String, _ code: Int32) -> PconError {
    switch code {
    case ELOOP: return .stateDamaged(file: path, reason: "it is a symbolic link, not a directory")
    case ENOTDIR: return .stateDamaged(file: path, reason: "it is not a directory")
    default: return unusable(path, "open", code)
    }
  }
}

/// An open file read by range with `pread`.
private final class FileReader: StorageReader {
  let fd: Int32
  let path: String
  let storage: POSIXStorage

  init(fd: Int32, path: String, storage: POSIXStorage) {
    self.fd = fd
    self.path = path
    self.storage = storage
  }

  deinit { close(fd) }

  func size() throws -> Int {
    var info = stat()
    guard fstat(fd, &info) == 0 else { throw storage.unusable(path, "read", errno) }
    return Int(info.st_size)
  }

  func read(at offset: Int, into buffer: UnsafeMutableRawBufferPointer) throws -> Int {
    while true {
      let n = pread(fd, buffer.baseAddress, buffer.count, off_t(offset))
      if n >= 0 { return n }
      if errno != EINTR { throw storage.unusable(path, "read", errno) }
    }
  }
}

/// An open file written sequentially, synced when finished.
private final class FileWriter: StorageWriter {
  private var fd: Int32
  let path: String
  let storage: POSIXStorage

  init(fd: Int32, path: String, storage: POSIXStorage) {
    self.fd = fd
    self.path = path
    self.storage = storage
    fchmod(fd, 0o600)
  }

  deinit { if fd >= 0 { close(fd) } }

  func write(_ bytes: UnsafeRawBufferPointer) throws {
    var written = 0
    while written < bytes.count {
      let n = Glibc.write(fd, bytes.baseAddress.map { $0 + written }, bytes.count - written)
      if n < 0 {
        if errno == EINTR { continue }
        throw storage.unusable(path, "write", errno)
      }
      written += n
    }
  }

  func finish() throws {
    guard fsync(fd) == 0 else { throw storage.unusable(path, "sync", errno) }
    close(fd)
    fd = -1
  }
}

/// `flock` on one of the state's lock files.
private final class FileLock: StorageLock {
  let fd: Int32

  init(fd: Int32) { self.fd = fd }

  deinit {
    flock(fd, LOCK_UN)
    close(fd)
  }

  func change(to mode: StorageLockMode, timeout: Double) throws {
    try take(mode, until: Self.now() + timeout, timeout: timeout)
  }

  /// Takes the lock in `mode`, giving up at `deadline` (`timeout` is for the message).
  func take(_ mode: StorageLockMode, until deadline: Double, timeout: Double) throws {
    guard try poll(mode, until: deadline) else { throw PconError.stateLocked(seconds: timeout) }
  }

  /// Tries to take the lock in `mode` until `deadline`; whether it got it.
  func poll(_ mode: StorageLockMode, until deadline: Double) throws -> Bool {
    let operation = mode == .shared ? LOCK_SH : LOCK_EX
    var pause = 0.001
    while flock(fd, operation | LOCK_NB) != 0 {
      guard errno == EWOULDBLOCK || errno == EINTR else {
        throw PconError.stateUnusable(path: "lock", reason: String(cString: strerror(errno)))
      }
      let left = deadline - Self.now()
      guard left > 0 else { return false }
      // Back off up to 20 ms so many waiting writers do not spin the CPU.
      usleep(UInt32(min(pause, left) * 1_000_000))
      pause = min(pause * 2, 0.02)
    }
    return true
  }

  /// Seconds on the monotonic clock.
  static func now() -> Double {
    var time = timespec()
    clock_gettime(CLOCK_MONOTONIC, &time)
    return Double(time.tv_sec) + Double(time.tv_nsec) / 1e9
  }
}

/// The "lock" of a reader in a directory it cannot write, where no lock file exists: nothing to
/// hold, since no writer can change the directory either; it cannot become a writer's lock.
private final class ReadOnlyLock: StorageLock {
  let root: String

  init(root: String) { self.root = root }

  func change(to mode: StorageLockMode, timeout: Double) throws {
    guard mode == .shared else {
      throw PconError.stateUnusable(
        path: root,
        reason: "it is read-only, and an interrupted change or an older format needs writing first")
    }
  }
}
