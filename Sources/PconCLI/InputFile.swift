import Glibc
import PconCore

/// A file named on the command line, or standard input, read in fixed-size pieces.
final class InputFile: ByteSource {
  let name: String
  private let fd: Int32
  private let owned: Bool

  private init(fd: Int32, name: String, owned: Bool) {
    self.fd = fd
    self.name = name
    self.owned = owned
  }

  deinit { if owned { close(fd) } }

  /// Standard input, whatever it is: a pipe, a file, a terminal.
  static func standardInput() -> InputFile { InputFile(fd: 0, name: "stdin", owned: false) }

  /// Opens `path` (relative to `directory`): a regular file, or a pipe such as bash's `<(…)`.
  /// Devices, directories and sockets are refused before anything is read from them.
  static func open(_ path: String, in directory: String) throws -> InputFile {
    let full = path.hasPrefix("/") ? path : directory + "/" + path
    var info = stat()
    guard stat(full, &info) == 0 else { throw failure(path) }
    try requireReadable(info, path)
    let fd = Glibc.open(full, O_RDONLY | O_CLOEXEC | O_NOCTTY)
    guard fd >= 0 else { throw failure(path) }
    let file = InputFile(fd: fd, name: path, owned: true)
    guard fstat(fd, &info) == 0 else { throw failure(path) }
    try requireReadable(info, path)
    return file
  }

  private static func requireReadable(_ info: stat, _ path: String) throws {
    let kind: String
    switch info.st_mode & S_IFMT {
    case S_IFREG, S_IFIFO: return
    case S_IFDIR: kind = "a directory"
    case S_IFCHR: kind = "a character device"
    case S_IFBLK: kind = "a block device"
    case S_IFSOCK: kind = "a socket"
    default: kind = "a special file"
    }
    throw PconError.inputUnreadable(path: path, reason: "it is \(kind), not a file or a pipe")
  }

  private static func failure(_ path: String) -> PconError {
    .inputUnreadable(path: path, reason: String(cString: strerror(errno)))
  }

  func read(into buffer: UnsafeMutableRawBufferPointer) throws -> Int {
    while true {
      let count = Glibc.read(fd, buffer.baseAddress, buffer.count)
      if count >= 0 { return count }
      if errno != EINTR { throw InputFile.failure(name) }
    }
  }
}

extension InputFile {
  /// Whether the input is a regular file, which can be read while the state is locked without
  /// waiting on another process.
  var isRegularFile: Bool {
    var info = stat()
    return fstat(fd, &info) == 0 && (info.st_mode & S_IFMT) == S_IFREG
  }

  /// The most a pipe is copied aside; a larger input is read from a file instead.
  static let spoolLimitGiB = 8

  /// A copy of `source` in an unlinked temporary file, read back from its start. A pipe is
  /// drained this way before the state is locked: the process writing it may be a pcon reader
  /// of the same state, which would otherwise wait on a full pipe while holding its lock.
  static func spooled(
    _ source: inout some ByteSource, temporaryDirectory: String, limit: Int = spoolLimitGiB << 30
  ) throws -> InputFile {
    var template = Array((temporaryDirectory + "/pcon-input-XXXXXX").utf8CString)
    let fd = template.withUnsafeMutableBufferPointer { $0.baseAddress.map { mkstemp($0) } ?? -1 }
    guard fd >= 0 else {
      throw PconError.inputUnreadable(
        path: source.name,
        reason: "cannot create a temporary copy: \(String(cString: strerror(errno)))")
    }
    template.withUnsafeBufferPointer { _ = $0.baseAddress.map { unlink($0) } }
    let copy = InputFile(fd: fd, name: source.name, owned: true)
    let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: 1 << 16, alignment: 1)
    defer { buffer.deallocate() }
    guard let base = buffer.baseAddress else { return copy }
    var total = 0
    while true {
      let count = try source.read(into: buffer)
      if count == 0 { break }
      total += count
      // An endless pipe must not fill the disk: a capture this large belongs in a file.
      guard total <= limit else {
        throw limit >= 1 << 30
          ? PconError.inputTooLarge(input: source.name, limit: limit >> 30, unit: "GiB")
          : PconError.inputTooLarge(input: source.name, limit: limit, unit: "bytes")
      }
      var written = 0
      while written < count {
        let n = write(fd, base + written, count - written)
        if n < 0 && errno == EINTR { continue }
        guard n > 0 else {
          throw PconError.inputUnreadable(
            path: source.name,
            reason: "cannot keep a temporary copy: \(String(cString: strerror(errno)))")
        }
        written += n
      }
    }
    guard lseek(fd, 0, SEEK_SET) == 0 else { throw failure(source.name) }
    return copy
  }
}

extension Invocation {
  /// The input a FILE argument names: the file, or standard input for `-`.
  func input(_ path: String) throws -> any ByteSource {
    path == "-" ? context.standardInput() : try InputFile.open(path, in: context.workingDirectory)
  }

  /// The input a FILE argument names, ready to be read while the state is locked: a regular
  /// file as it is, anything else (a pipe, a terminal) first copied to a temporary file.
  func inputToReadUnderLock(_ path: String) throws -> any ByteSource {
    var source = try input(path)
    if let file = source as? InputFile, file.isRegularFile { return file }
    if source is MemorySource { return source }
    let directory = context.environment["TMPDIR"].flatMap { $0.hasPrefix("/") ? $0 : nil } ?? "/tmp"
    return try InputFile.spooled(&source, temporaryDirectory: directory)
  }
}
