/// One change to one file of the state, as a transaction stages it and the journal records it.
enum FileChange {
  /// Replace the whole file.
  case replace([UInt8])
  /// Delete the file.
  case remove
  /// Append to a file that was `offset` bytes long. Replaying truncates back to `offset` first,
  /// so an append applied twice still lands once.
  case append(offset: Int, bytes: [UInt8])

  var json: JSON {
    switch self {
    case .replace(let bytes):
      return .object([("content", .string(String(decoding: bytes, as: UTF8.self)))])
    case .remove: return .object([("content", .null)])
    case .append(let offset, let bytes):
      return .object([
        ("offset", .int(Int64(offset))),
        ("append", .string(String(decoding: bytes, as: UTF8.self))),
      ])
    }
  }

  init(json entry: JSONObject) throws {
    if let appended = try entry.optionalString("append") {
      let offset = try entry.int("offset")
      guard offset >= 0 else {
        throw JSONObject.ShapeError(path: entry.path + ".offset", problem: "negative offset")
      }
      self = .append(offset: offset, bytes: Array(appended.utf8))
    } else if let content = try entry.optionalString("content") {
      self = .replace(Array(content.utf8))
    } else {
      self = .remove
    }
  }

  /// Applies the change to the file at `path`, without syncing its directory.
  func apply(to path: String, temporaryDirectory: String) throws(POSIXFile.Failure) {
    switch self {
    case .replace(let bytes):
      try POSIXFile.writeAtomically(
        path, bytes, syncDirectory: false, temporaryDirectory: temporaryDirectory)
    case .remove: try POSIXFile.remove(path)
    case .append(let offset, let bytes): try POSIXFile.append(bytes, to: path, at: offset)
    }
  }
}
