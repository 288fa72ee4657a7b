import Foundation

/// One change to one file of the state, as a transaction stages it and the journal records it.
enum FileChange {
  /// Replace the whole file.
  case replace(Payload)
  /// Delete the file.
  case remove
  /// Append to a file that was `offset` bytes long. Replaying truncates back to `offset` first,
  /// so an append applied twice still lands once.
  case append(offset: Int, Payload)

  /// The journal entry for `path`: staged bytes in base64, so any byte survives the round trip.
  func entry(path: String) -> JSON {
    var pairs: [(String, JSON)] = [("path", .string(path))]
    let payload: Payload?
    switch self {
    case .replace(let content):
      pairs.append(("op", .string("replace")))
      payload = content
    case .remove:
      pairs.append(("op", .string("remove")))
      payload = nil
    case .append(let offset, let content):
      pairs.append(("op", .string("append")))
      pairs.append(("offset", .int(Int64(offset))))
      payload = content
    }
    switch payload {
    case .bytes(let bytes)?: pairs.append(("base64", .string(Data(bytes).base64EncodedString())))
    case .spill(let spill)?:
      pairs.append(("spill", .string(spill.path)))
      if spill.offset != 0 { pairs.append(("spill_offset", .int(Int64(spill.offset)))) }
      pairs += [("length", .int(Int64(spill.length))), ("sha256", .string(spill.sha256))]
    case nil: break
    }
    return .object(pairs)
  }

  init(entry: JSONObject) throws {
    func payload() throws -> Payload {
      if let text = try entry.optionalString("base64") {
        guard let data = Data(base64Encoded: text) else {
          throw JSONObject.ShapeError(path: entry.path + ".base64", problem: "invalid base64")
        }
        return .bytes(Array(data))
      }
      let path = try entry.string("spill")
      guard StateLayout.isSpill(path) else {
        throw JSONObject.ShapeError(path: entry.path + ".spill", problem: "unsafe path '\(path)'")
      }
      let length = try entry.int("length")
      guard length >= 0 else {
        throw JSONObject.ShapeError(path: entry.path + ".length", problem: "negative length")
      }
      let offset = try entry.optionalInt("spill_offset") ?? 0
      guard offset >= 0, offset <= Int.max - length else {
        throw JSONObject.ShapeError(path: entry.path + ".spill_offset", problem: "out of range")
      }
      return .spill(
        Payload.Spill(
          path: path, offset: offset, length: length, sha256: try entry.string("sha256")))
    }
    switch try entry.string("op") {
    case "replace": self = .replace(try payload())
    case "remove": self = .remove
    case "append":
      let offset = try entry.int("offset")
      guard offset >= 0 else {
        throw JSONObject.ShapeError(path: entry.path + ".offset", problem: "negative offset")
      }
      self = .append(offset: offset, try payload())
    case let op:
      throw JSONObject.ShapeError(path: entry.path + ".op", problem: "unknown operation '\(op)'")
    }
  }

  /// The spill file this change reads, if any.
  var spill: Payload.Spill? {
    switch self {
    case .replace(.spill(let spill)), .append(_, .spill(let spill)): return spill
    default: return nil
    }
  }

  /// Applies the change to `path`, without syncing its directory.
  func apply(
    to path: String, in storage: any Storage, temporary: String,
    beforeRename: () throws -> Void = {}
  ) throws {
    switch self {
    case .replace(let payload):
      try storage.replace(path, with: payload, temporary: temporary, beforeRename: beforeRename)
    case .remove:
      try beforeRename()
      try storage.remove(path)
    case .append(let offset, let payload):
      try beforeRename()
      try storage.append(payload, to: path, at: offset)
    }
  }
}
