import Glibc

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
