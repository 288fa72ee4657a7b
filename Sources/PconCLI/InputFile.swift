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

extension Invocation {
  /// The input a FILE argument names: the file, or standard input for `-`.
  func input(_ path: String) throws -> any ByteSource {
    path == "-" ? context.standardInput() : try InputFile.open(path, in: context.workingDirectory)
  }
}
