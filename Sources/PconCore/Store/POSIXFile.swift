import Glibc

/// Thin, throwing wrappers over the system calls the store needs, with pcon's file modes.
enum POSIXFile {
  /// Why a system call failed, with the path it was about.
  struct Failure: Error {
    let path: String
    let operation: String
    let code: Int32
    var description: String { "cannot \(operation) \(path): \(String(cString: strerror(code)))" }
  }

  /// The bytes of the file at `path`, or nil when it does not exist.
  static func read(_ path: String) throws(Failure) -> [UInt8]? {
    let fd = open(path, O_RDONLY | O_CLOEXEC)
    guard fd >= 0 else {
      if errno == ENOENT { return nil }
      throw Failure(path: path, operation: "read", code: errno)
    }
    defer { close(fd) }
    var info = stat()
    guard fstat(fd, &info) == 0 else { throw Failure(path: path, operation: "read", code: errno) }
    if (info.st_mode & S_IFMT) == S_IFDIR {
      throw Failure(path: path, operation: "read", code: EISDIR)
    }
    var buffer = [UInt8](repeating: 0, count: max(Int(info.st_size), 0) + 1)
    var filled = 0
    while true {
      if filled == buffer.count { buffer.append(contentsOf: repeatElement(0, count: buffer.count)) }
      let n = buffer.withUnsafeMutableBytes { raw in
        Glibc.read(fd, raw.baseAddress.map { $0 + filled }, raw.count - filled)
      }
      if n < 0 {
        if errno == EINTR { continue }
        throw Failure(path: path, operation: "read", code: errno)
      }
      if n == 0 { break }
      filled += n
    }
    buffer.removeSubrange(filled...)
    return buffer
  }

  /// Replaces `path` with `bytes` so that a reader or a crash sees the old or the new file,
  /// never a mix: write a temporary file, fsync it, rename it over, fsync the directory.
  /// The temporary file goes in `temporaryDirectory` (default: beside `path`); the store keeps
  /// all of them in its root, so debris from a killed writer is found without listing shards.
  static func writeAtomically(
    _ path: String, _ bytes: [UInt8], syncDirectory: Bool = true, temporaryDirectory: String? = nil
  ) throws(Failure) {
    let base = path.split(separator: "/").last.map(String.init) ?? "file"
    let temporary = "\(temporaryDirectory ?? parent(of: path))/\(base).tmp-\(getpid())"
    let fd = open(temporary, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o600)
    guard fd >= 0 else { throw Failure(path: path, operation: "write", code: errno) }
    var ok = false
    defer {
      if !ok { unlink(temporary) }
    }
    do {
      defer { close(fd) }
      fchmod(fd, 0o600)
      try writeAll(fd, bytes, path: path)
      guard fsync(fd) == 0 else { throw Failure(path: path, operation: "sync", code: errno) }
    }
    guard rename(temporary, path) == 0 else {
      throw Failure(path: path, operation: "replace", code: errno)
    }
    ok = true
    if syncDirectory { try self.syncDirectory(containing: path) }
  }

  static func writeAll(_ fd: Int32, _ bytes: [UInt8], path: String) throws(Failure) {
    var written = 0
    while written < bytes.count {
      let n = bytes.withUnsafeBytes { raw in
        write(fd, raw.baseAddress.map { $0 + written }, raw.count - written)
      }
      if n < 0 {
        if errno == EINTR { continue }
        throw Failure(path: path, operation: "write", code: errno)
      }
      written += n
    }
  }

  /// Writes `bytes` at `offset` of `path` (created if missing), cutting anything after it
  /// first, then syncs the file. Used for append-only logs; idempotent for a given offset.
  static func append(_ bytes: [UInt8], to path: String, at offset: Int) throws(Failure) {
    let fd = open(path, O_WRONLY | O_CREAT | O_CLOEXEC, 0o600)
    guard fd >= 0 else { throw Failure(path: path, operation: "append to", code: errno) }
    defer { close(fd) }
    fchmod(fd, 0o600)
    guard ftruncate(fd, off_t(offset)) == 0, lseek(fd, off_t(offset), SEEK_SET) >= 0 else {
      throw Failure(path: path, operation: "append to", code: errno)
    }
    try writeAll(fd, bytes, path: path)
    guard fsync(fd) == 0 else { throw Failure(path: path, operation: "sync", code: errno) }
  }

  /// The size of the file at `path` in bytes, or nil when it does not exist.
  static func size(_ path: String) -> Int? {
    var info = stat()
    guard stat(path, &info) == 0 else { return nil }
    return Int(info.st_size)
  }

  /// Removes `path`; a file that is already gone is not an error.
  static func remove(_ path: String) throws(Failure) {
    guard unlink(path) == 0 || errno == ENOENT else {
      throw Failure(path: path, operation: "remove", code: errno)
    }
  }

  /// Makes a rename or unlink in the directory of `path` durable.
  static func syncDirectory(containing path: String) throws(Failure) {
    let directory = parent(of: path)
    let fd = open(directory, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
    guard fd >= 0 else { throw Failure(path: directory, operation: "open", code: errno) }
    defer { close(fd) }
    guard fsync(fd) == 0 else { throw Failure(path: directory, operation: "sync", code: errno) }
  }

  static func parent(of path: String) -> String {
    guard let slash = path.lastIndex(of: "/") else { return "." }
    return slash == path.startIndex ? "/" : String(path[..<slash])
  }

  /// Whether anything exists at `path`, and whether it is a directory.
  static func kind(_ path: String) -> (exists: Bool, isDirectory: Bool) {
    var info = stat()
    guard stat(path, &info) == 0 else { return (false, false) }
    return (true, (info.st_mode & S_IFMT) == S_IFDIR)
  }

  /// The permission bits of `path`, or nil when it cannot be read.
  static func mode(_ path: String) -> UInt32? {
    var info = stat()
    guard stat(path, &info) == 0 else { return nil }
    return UInt32(info.st_mode & 0o7777)
  }

  /// Creates `path` and any missing parents with mode 0700.
  static func makeDirectories(_ path: String) throws(Failure) {
    let state = kind(path)
    if state.exists {
      guard state.isDirectory else {
        throw Failure(path: path, operation: "create directory", code: ENOTDIR)
      }
      return
    }
    let up = parent(of: path)
    if up != path && up != "." && up != "/" { try makeDirectories(up) }
    guard mkdir(path, 0o700) == 0 || errno == EEXIST else {
      throw Failure(path: path, operation: "create directory", code: errno)
    }
    chmod(path, 0o700)
  }

  /// The names in directory `path` (without `.` and `..`), or [] when it does not exist.
  static func list(_ path: String) throws(Failure) -> [String] {
    guard let dir = opendir(path) else {
      if errno == ENOENT { return [] }
      throw Failure(path: path, operation: "list", code: errno)
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
}
