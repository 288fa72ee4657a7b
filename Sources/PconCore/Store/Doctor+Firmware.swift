/// The firmware files against each other: every version's binary is stored, every stored
/// binary belongs to a version, and every product's firmware file names a product.
extension Doctor {
  static func checkFirmware(
    in transaction: Transaction, productIDs: Set<Int>, note: (String, String) -> Void
  ) {
    var referenced = Set<String>()
    for file in (try? transaction.list(StateLayout.firmwareDirectory)) ?? [] {
      let path = "\(StateLayout.firmwareDirectory)/\(file)"
      guard StateLayout.isStateFile(path) else { continue }
      if let id = Int(file.dropLast(5)), !productIDs.contains(id) {
        note(path, "holds firmware of product \(id), which does not exist")
      }
      // A file that does not read was reported by its own check.
      for version in (try? transaction.load(StateFiles.productFirmware(path: path))) ?? [] {
        referenced.insert(version.sha256)
        if (try? transaction.size(StateLayout.firmwareBinary(version.sha256))) ?? nil == nil {
          note(
            path,
            "firmware version \(version.version) names binary \(version.sha256), which is not in \(StateLayout.binariesDirectory)"
          )
        }
      }
    }
    for file in (try? transaction.list(StateLayout.binariesDirectory)) ?? [] {
      let path = "\(StateLayout.binariesDirectory)/\(file)"
      guard StateLayout.isStateFile(path), !referenced.contains(String(file.dropLast(4))) else {
        continue
      }
      note(path, "no firmware version names this binary; it can be removed")
    }
  }
}
