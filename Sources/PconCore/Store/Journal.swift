import Glibc

/// The redo journal that makes a change to several files land all together or not at all.
///
/// The whole change set is written to `journal` by an atomic rename, so the journal is either
/// absent or complete; it starts with its payload's length and SHA-256, so one torn or rotted
/// on the way is discarded rather than applied. Staged bytes are base64 (any byte survives),
/// or live in spill files written and synced before the journal. Only then are the files
/// changed. A process that dies part-way leaves the journal behind, and the next process to
/// open the state applies it again (every step is idempotent) before it does anything else.
enum Journal {
  static let magic = "pcon-journal 1"

  /// The journal's bytes: a header line with the payload's length and checksum, then the payload.
  static func encode(_ changes: [(String, FileChange)]) -> [UInt8] {
    var payload: [UInt8] = []
    payloadPieces(changes) { payload += $0 }
    return Array("\(magic) \(payload.count) \(SHA256.hex(payload))\n".utf8) + payload
  }

  /// The payload, `{"files":[…]}`, one entry at a time: a journal is written in two passes
  /// (length and checksum first, for the header, then the bytes), never whole in memory.
  private static func payloadPieces(
    _ changes: [(String, FileChange)], _ body: ([UInt8]) throws -> Void
  ) rethrows {
    try body(Array(#"{"files":["#.utf8))
    for (n, (path, change)) in changes.enumerated() {
      var piece: [UInt8] = n == 0 ? [] : [UInt8(ascii: ",")]
      JSONWriter(pretty: false).write(change.entry(path: path), into: &piece, indent: 0)
      try body(piece)
    }
    try body(Array("]}".utf8))
  }

  /// The changes a journal holds, or nil when it is torn or rotted (length or checksum wrong).
  /// A journal that checks out but names a file pcon does not write is damage.
  static func decode(_ bytes: [UInt8]) throws -> [(String, FileChange)]? {
    guard let newline = bytes.firstIndex(of: 0x0A) else { return nil }
    let header = String(decoding: bytes[..<newline], as: UTF8.self).split(separator: " ")
    guard header.count == 4, "\(header[0]) \(header[1])" == magic, let length = Int(header[2])
    else { return nil }
    let payload = Array(bytes[(newline + 1)...])
    guard payload.count == length, SHA256.hex(payload) == header[3] else { return nil }
    do {
      let document = try JSONObject(try JSONParser.parse(payload), path: "")
      return try document.objects("files").map { entry in
        let path = try entry.string("path")
        guard StateLayout.isStateFile(path) else {
          throw JSONObject.ShapeError(path: entry.path + ".path", problem: "unsafe path '\(path)'")
        }
        return (path, try FileChange(entry: entry))
      }
    } catch let failure as JSONParser.Failure {
      throw PconError.stateDamaged(file: StateLayout.journal, reason: failure.description)
    } catch let failure as JSONObject.ShapeError {
      throw PconError.stateDamaged(file: StateLayout.journal, reason: failure.description)
    }
  }

  /// Writes `changes` durably: a temporary file, synced, renamed to `journal`, root synced.
  static func write(_ changes: [(String, FileChange)], to storage: any Storage) throws {
    let temporary = StateLayout.temporary(for: StateLayout.journal, process: getpid(), attempt: 0)
    var hash = SHA256()
    var length = 0
    payloadPieces(changes) {
      hash.update($0)
      length += $0.count
    }
    do {
      let writer = try storage.create(temporary)
      try writer.write(Array("\(magic) \(length) \(Hex.encode(hash.finalize()))\n".utf8))
      try payloadPieces(changes) { try writer.write($0) }
      try writer.finish()
      try storage.rename(temporary, to: StateLayout.journal)
    } catch {
      try? storage.remove(temporary)
      throw error
    }
    try storage.sync(directory: ".")
  }

  /// Applies `changes` to their files, then removes the journal and its spill files.
  static func apply(
    _ changes: [(String, FileChange)], to storage: any Storage,
    crash: (CrashPoint) throws -> Void = { _ in }
  ) throws {
    var directories = Set<String>()
    for (n, (path, change)) in changes.enumerated() {
      let temporary = StateLayout.temporary(for: path, process: getpid(), attempt: n + 1)
      try change.apply(to: path, in: storage, temporary: temporary)
      directories.insert(parent(of: path))
      if n == 0 { try crash(.firstFileApplied) }
    }
    for directory in directories.sorted() { try storage.sync(directory: directory) }
    try crash(.beforeJournalRemoved)
    try storage.remove(StateLayout.journal)
    for path in Set(changes.compactMap { $0.1.spill?.path }).sorted() { try storage.remove(path) }
    try storage.sync(directory: ".")
  }

  /// Whether a dead writer left anything behind: a journal, spill or temporary files.
  static func needsRecovery(_ storage: any Storage) throws -> Bool {
    try storage.list(".").contains {
      $0 == StateLayout.journal || StateLayout.isTemporary($0) || StateLayout.isSpill($0)
    }
  }

  /// Finishes the change a dead process left behind, if any. Call with the exclusive lock held.
  static func recover(_ storage: any Storage) throws {
    let entries = try storage.list(".")
    // Temporary files (a journal still being written among them) belong to writers that died:
    // with the exclusive lock held, no live writer can own one.
    for entry in entries where StateLayout.isTemporary(entry) { try storage.remove(entry) }
    if entries.contains(StateLayout.journal),
      let bytes = try storage.read(StateLayout.journal, limit: Transaction.fileSizeLimit),
      let changes = try decode(bytes)
    {
      // Spills are synced before the journal and removed after it, so a complete journal whose
      // spill is missing or altered was damaged from outside: refuse rather than lose the change.
      for spill in changes.compactMap({ $0.1.spill }) where !Payload.isIntact(spill, in: storage) {
        throw PconError.stateDamaged(
          file: StateLayout.journal,
          reason:
            "its spill file \(spill.path) is missing or does not match the journal, so the change it records cannot be finished"
        )
      }
      do {
        for (path, _) in changes { try storage.makeDirectories(parent(of: path)) }
        try apply(changes, to: storage)
      } catch PconError.stateUnusable(let path, let reason) {
        throw PconError.stateUnusable(
          path: path,
          reason:
            "an interrupted change (the journal) must be finished before anything else, which needs write access: \(reason)"
        )
      }
    } else if entries.contains(StateLayout.journal) {
      try storage.remove(StateLayout.journal)
    }
    // Spill files no journal names any more: a writer died before its journal was complete.
    for entry in try storage.list(".") where StateLayout.isSpill(entry) {
      try storage.remove(entry)
    }
    try storage.sync(directory: ".")
  }

  /// The directory holding `path` ("." for the root).
  static func parent(of path: String) -> String {
    guard let slash = path.lastIndex(of: "/") else { return "." }
    return String(path[..<slash])
  }
}
