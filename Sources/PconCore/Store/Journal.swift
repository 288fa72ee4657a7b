/// The redo journal that makes a change to several files land all together or not at all.
///
/// The whole change set is written to `journal` by an atomic rename, so the journal is either
/// absent or complete. Only then are the files replaced. A process that dies part-way leaves the
/// journal behind, and the next process to open the state applies it again (every step is
/// idempotent) before it does anything else.
enum Journal {
  static let name = "journal"

  /// Writes `changes` (path relative to `root` and what happens to it) durably.
  static func write(_ changes: [(String, FileChange)], root: String) throws {
    let entries: [JSON] = changes.map { path, change in
      guard case .object(let pairs) = change.json else { return .null }
      return .object([("path", .string(path))] + pairs)
    }
    let document = JSON.object([("files", .array(entries))])
    try wrap { () throws(POSIXFile.Failure) in
      try POSIXFile.writeAtomically(root + "/" + name, JSONWriter(pretty: false).bytes(document))
    }
  }

  /// Applies `changes` to their files, then removes the journal.
  static func apply(_ changes: [(String, FileChange)], root: String) throws {
    var directories = Set<String>()
    try wrap { () throws(POSIXFile.Failure) in
      for (path, change) in changes {
        let full = root + "/" + path
        try change.apply(to: full, temporaryDirectory: root)
        directories.insert(POSIXFile.parent(of: full))
      }
      for directory in directories.sorted() {
        try POSIXFile.syncDirectory(containing: directory + "/x")
      }
      try POSIXFile.remove(root + "/" + name)
      try POSIXFile.syncDirectory(containing: root + "/" + name)
    }
  }

  /// Whether a dead writer left anything behind: a journal or temporary files.
  static func needsRecovery(root: String) throws -> Bool {
    try wrap { () throws(POSIXFile.Failure) in try POSIXFile.list(root) }.contains {
      $0 == name || $0.contains(".tmp-")
    }
  }

  /// Finishes the change a dead process left behind, if any. Call with the exclusive lock held.
  static func recover(root: String) throws {
    // Temporary files (a journal still being written among them) belong to writers that died:
    // with the exclusive lock held, no live writer can own one.
    for entry in try wrap({ () throws(POSIXFile.Failure) in try POSIXFile.list(root) })
    where entry.contains(".tmp-") {
      try wrap { () throws(POSIXFile.Failure) in try POSIXFile.remove(root + "/" + entry) }
    }
    guard
      let bytes = try wrap({ () throws(POSIXFile.Failure) in try POSIXFile.read(root + "/" + name) }
      )
    else { return }
    let changes: [(String, FileChange)]
    do {
      let document = try JSONObject(try JSONParser.parse(bytes), path: "")
      changes = try document.objects("files").map { entry in
        let path = try entry.string("path")
        guard isSafeRelativePath(path) else {
          throw JSONObject.ShapeError(path: entry.path + ".path", problem: "unsafe path '\(path)'")
        }
        return (path, try FileChange(json: entry))
      }
    } catch let failure as JSONParser.Failure {
      throw PconError.stateDamaged(file: name, reason: failure.description)
    } catch let failure as JSONObject.ShapeError {
      throw PconError.stateDamaged(file: name, reason: failure.description)
    }
    try apply(changes, root: root)
  }

  /// Whether a journal entry names a file inside the state directory.
  static func isSafeRelativePath(_ path: String) -> Bool {
    !path.isEmpty && !path.hasPrefix("/") && !path.split(separator: "/").contains("..")
  }

  static func wrap<T>(_ body: () throws(POSIXFile.Failure) -> T) throws -> T {
    do {
      return try body()
    } catch {
      throw PconError.stateUnusable(path: error.path, reason: error.description)
    }
  }
}
