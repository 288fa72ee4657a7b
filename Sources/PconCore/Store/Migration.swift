/// Brings a state directory written by an older pcon up to `StateStore.formatVersion`.
enum Migration {
  /// Stages every change from `version` to the current format in `transaction`.
  static func upgrade(_ transaction: Transaction, from version: Int) throws {
    if version < 2 { try shardDevices(transaction) }
    if version < 3 { try countRunningVersions(transaction) }
    if version < 4 { try splitBlocksByClass(transaction) }
    transaction.save(
      StateFiles.format,
      FormatRecord(version: StateStore.formatVersion, stamp: ("migrated_at", transaction.now)))
  }

  /// Format 4 keeps an organization's blocks per device class. Format 3's one number covered
  /// every device: each class keeps that many, so no limit an organization had shrinks.
  private static func splitBlocksByClass(_ transaction: Transaction) throws {
    let orgs = try transaction.orgs()
    if !orgs.isEmpty { transaction.saveOrgs(orgs) }
  }

  /// Format 3 counts how many members of each product run each firmware version.
  private static func countRunningVersions(_ transaction: Transaction) throws {
    for product in try transaction.products() {
      var counts: [Int: Int] = [:]
      for device in try transaction.productDevices(product.id) {
        if let version = device.firmwareVersion { counts[version, default: 0] += 1 }
      }
      transaction.save(StateFiles.runningVersions(product.id), counts)
    }
  }

  /// Format 1 kept all devices in `devices.json`; format 2 shards them and adds the indexes.
  private static func shardDevices(_ transaction: Transaction) throws {
    let devices = try transaction.load(StateFiles.legacyDevices)
    let accounts = try transaction.accounts()
    for device in devices {
      try transaction.save(device, accounts: accounts)
    }
    transaction.save(StateFiles.legacyDevices, [])
  }
}
