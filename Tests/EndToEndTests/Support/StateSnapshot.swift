import Foundation

/// A state directory held in memory: built once, restored into as many fresh directories as the
/// tests need, with no directory of its own to outlive the run.
struct StateSnapshot: Sendable {
  /// One directory (no contents) or file, by path relative to the state directory.
  struct Entry: Sendable {
    let path: String
    let contents: Data?
    let mode: Int
  }

  /// Every entry, parents before children.
  let entries: [Entry]

  /// Reads every directory and file under `root`.
  init(of root: String) throws {
    let manager = FileManager.default
    entries = try manager.subpathsOfDirectory(atPath: root).sorted().map { path in
      let full = root + "/" + path
      let attributes = try manager.attributesOfItem(atPath: full)
      let isDirectory = attributes[.type] as? FileAttributeType == .typeDirectory
      return Entry(
        path: path,
        contents: isDirectory ? nil : try Data(contentsOf: URL(fileURLWithPath: full)),
        mode: attributes[.posixPermissions] as? Int ?? 0o600)
    }
  }

  /// The relative paths of the files (not directories).
  var files: [String] { entries.filter { $0.contents != nil }.map(\.path) }

  /// The bytes of the file at `path`.
  func contents(of path: String) -> Data? { entries.first { $0.path == path }?.contents }

  /// Writes the state into `root`, which must not exist yet, with the modes it had.
  func restore(into root: String) throws {
    let manager = FileManager.default
    try manager.createDirectory(atPath: root, withIntermediateDirectories: true)
    for entry in entries {
      let path = root + "/" + entry.path
      if let contents = entry.contents {
        try contents.write(to: URL(fileURLWithPath: path))
      } else {
        try manager.createDirectory(atPath: path, withIntermediateDirectories: true)
      }
      try manager.setAttributes([.posixPermissions: entry.mode], ofItemAtPath: path)
    }
    try manager.setAttributes([.posixPermissions: 0o700], ofItemAtPath: root)
  }
}
