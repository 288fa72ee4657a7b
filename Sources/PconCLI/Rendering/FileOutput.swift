import Glibc
import PconCore

/// Writes generated files (man pages) outside the state directory.
enum FileOutput {
  struct Failure: Error, CustomStringConvertible {
    let description: String
  }

  /// Writes `text` to `path`, creating its directory when missing.
  static func write(_ text: String, to path: String) throws {
    let directory = path.split(separator: "/").dropLast().joined(separator: "/")
    var built = path.hasPrefix("/") ? "" : "."
    for part in directory.split(separator: "/") {
      built += "/" + part
      if mkdir(built, 0o755) != 0 && errno != EEXIST {
        throw Failure(
          description: "cannot create directory \(built): \(String(cString: strerror(errno)))")
      }
    }
    guard let file = fopen(path, "w") else {
      throw Failure(description: "cannot write \(path): \(String(cString: strerror(errno)))")
    }
    defer { fclose(file) }
    guard fputs(text, file) >= 0 else { throw Failure(description: "cannot write \(path)") }
  }
}

/// Writes downloaded bytes to a file the user names: whole or not at all, and never over an
/// existing file unless asked.
enum BinaryOutput {
  /// Writes `bytes` to `path` (relative to `directory`) through a temporary file renamed into
  /// place, so a reader never sees half a binary.
  static func write(_ bytes: [UInt8], to path: String, in directory: String, replacing: Bool)
    throws
  {
    guard !path.isEmpty else {
      throw FileOutput.Failure(description: "the output file name is empty")
    }
    let full = path.hasPrefix("/") ? path : directory + "/" + path
    var info = stat()
    if lstat(full, &info) == 0 {
      // --force could not help: say what is in the way.
      guard (info.st_mode & S_IFMT) != S_IFDIR else {
        throw FileOutput.Failure(description: "cannot write \(path): it is a directory")
      }
      guard replacing else { throw PconError.outputExists(path: path) }
      guard (info.st_mode & S_IFMT) == S_IFREG else {
        throw FileOutput.Failure(description: "cannot replace \(path): it is not a regular file")
      }
    }
    let temporary = full + ".tmp-\(getpid())"
    func failure(_ what: String) -> FileOutput.Failure {
      FileOutput.Failure(
        description: "cannot write \(path): \(what)\(String(cString: strerror(errno)))")
    }
    let fd = open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, 0o644)
    guard fd >= 0 else { throw failure("") }
    var done = false
    defer {
      if !done { unlink(temporary) }
    }
    var written = 0
    while written < bytes.count {
      let count = bytes.withUnsafeBytes { buffer in
        Glibc.write(fd, buffer.baseAddress.map { $0 + written }, bytes.count - written)
      }
      if count < 0 && errno == EINTR { continue }
      guard count > 0 else {
        close(fd)
        throw failure("")
      }
      written += count
    }
    guard fsync(fd) == 0, close(fd) == 0 else { throw failure("") }
    guard rename(temporary, full) == 0 else { throw failure("") }
    done = true
  }
}
