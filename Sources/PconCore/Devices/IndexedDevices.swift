/// The devices an index lists, each checked against its record: an index that lists a device
/// that is not there, or not as the index says, is damage naming the index (as `pcon doctor`
/// reports it), never a device that silently goes missing or "not found".
extension Transaction {
  /// A product's members, or the devices waiting in its quarantine.
  public func productDevices(_ productID: Int, quarantined: Bool = false) throws -> [Device] {
    let index = try productIndex(productID)
    return try devices(
      listedIn: StateLayout.productIndex(productID),
      ids: quarantined ? index.quarantined : index.members,
      as: quarantined ? "quarantined in product \(productID)" : "a member of product \(productID)"
    ) { $0.productID == productID && $0.quarantined == quarantined }
  }

  /// The devices in group `name` of a product, by the group's index.
  public func groupDevices(_ productID: Int, group name: String) throws -> [Device] {
    try devices(
      listedIn: StateLayout.groupIndex(productID, name), ids: try groupDeviceIDs(productID, name),
      as: "in group \(name) of product \(productID)"
    ) { $0.productID == productID && !$0.quarantined && $0.groups.contains(name) }
  }

  /// The IDs of the devices in group `name` of a product, without reading their records.
  public func groupDeviceIDs(_ productID: Int, _ name: String) throws -> [String] {
    try groupMembers(productID, name).map(\.id)
  }

  /// The entries of group `name` of a product, as its index keeps them.
  public func groupMembers(_ productID: Int, _ name: String) throws -> [GroupMember] {
    guard DeviceGroup.isValidName(name) else { return [] }
    return try load(StateFiles.groupIndex(productID, name))
  }

  /// The devices `account` owns, by its owner index.
  func ownedDevices(_ account: Account) throws -> [Device] {
    try devices(
      listedIn: StateLayout.ownerIndex(account.id), ids: try ownedDeviceIDs(account),
      as: "owned by \(account.email)"
    ) { $0.owner == account.email }
  }

  /// The devices named `name`, by the name index.
  func devices(named name: String) throws -> [Device] {
    let entries = try deviceIDs(named: name)
    let devices = try self.devices(
      listedIn: StateLayout.nameShard(name), ids: entries.map(\.id), as: "named '\(name)'"
    ) { $0.name == name }
    for (entry, device) in zip(entries, devices) where entry.owner != device.owner {
      throw PconError.stateDamaged(
        file: StateLayout.nameShard(name),
        reason: "name '\(name)' is indexed under another owner than device \(device.id) has")
    }
    return devices
  }

  /// The devices with `ids`, in their order, as the index at `path` lists them.
  private func devices(
    listedIn path: String, ids: [String], as what: String, _ matches: (Device) -> Bool
  ) throws -> [Device] {
    var byID: [String: Device] = [:]
    for device in try devices(ids: ids) { byID[device.id] = device }
    return try ids.map { id in
      guard let device = byID[id], matches(device) else {
        throw PconError.stateDamaged(
          file: path,
          reason: byID[id] == nil
            ? "lists device \(id), which does not exist"
            : "lists device \(id), which is not \(what)")
      }
      return device
    }
  }
}
