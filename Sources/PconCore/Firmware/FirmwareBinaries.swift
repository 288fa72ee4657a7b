/// The binary store: every uploaded module once, named by the SHA-256 of its bytes, so two
/// products uploading the same file share it and a changed byte is found by its name.
enum FirmwareBinaries {
  /// The largest binary pcon keeps: far above any Particle application module.
  static let sizeLimit = 8 << 20

  /// Stages `bytes` into the store and returns their SHA-256; a binary already stored stays.
  static func store(_ bytes: [UInt8], in transaction: Transaction) throws -> String {
    let sha = SHA256.hex(bytes)
    let path = StateLayout.firmwareBinary(sha)
    if try transaction.size(path) == nil { try transaction.stage(path, bytes: bytes) }
    return sha
  }

  /// The stored bytes of `version`, checked against its hash: a changed or missing binary is
  /// damage, never handed out as if it were the upload.
  static func load(_ version: FirmwareVersion, in transaction: Transaction) throws -> [UInt8] {
    let path = StateLayout.firmwareBinary(version.sha256)
    guard let bytes = try transaction.bytes(path, limit: sizeLimit) else {
      throw PconError.stateDamaged(
        file: path, reason: "the binary of firmware version \(version.version) is missing")
    }
    try check(bytes, path: path)
    return bytes
  }

  /// Throws when `bytes`, stored at `path`, are not what the name's hash says.
  static func check(_ bytes: [UInt8], path: String) throws {
    let name = String(path.split(separator: "/").last?.dropLast(4) ?? "")
    let actual = SHA256.hex(bytes)
    guard actual == name else {
      throw PconError.stateDamaged(
        file: path, reason: "its SHA-256 is \(actual): the binary was changed after it was stored")
    }
  }

  /// Stages the removal of the binary `sha256` unless a version of any product still names it.
  static func removeIfUnused(_ sha256: String, in transaction: Transaction) throws {
    for name in try transaction.list(StateLayout.firmwareDirectory) {
      let path = "\(StateLayout.firmwareDirectory)/\(name)"
      guard StateLayout.isStateFile(path) else { continue }
      if try transaction.load(StateFiles.productFirmware(path: path)).contains(where: {
        $0.sha256 == sha256
      }) {
        return
      }
    }
    transaction.remove(StateLayout.firmwareBinary(sha256))
  }
}
