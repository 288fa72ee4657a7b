/// Brings a state directory written by an older pcon up to `StateStore.formatVersion`.
enum Migration {
  /// Stages every change from `version` to the current format in `transaction`.
  static func upgrade(_ transaction: Transaction, from version: Int) throws {
    if version < 2 { try shardDevices(transaction) }
    transaction.stage(
      StateStore.formatFile,
      .object([
        ("format_version", .int(Int64(StateStore.formatVersion))),
        ("migrated_at", .string(transaction.now.iso8601)),
      ]))
  }

  /// Format 1 kept all devices in `devices.json`; format 2 shards them and adds the indexes.
  private static func shardDevices(_ transaction: Transaction) throws {
    let legacy = "devices.json"
    let devices =
      try transaction.decode(legacy) { try $0.objects("devices").map(Device.init(json:)) } ?? []
    let accounts = try transaction.accounts()
    for device in devices {
      try transaction.save(device, accounts: accounts)
    }
    transaction.stage(legacy, nil)
  }
}
