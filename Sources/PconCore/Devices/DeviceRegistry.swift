/// Device records and their indexes, read and written a shard at a time.
extension Transaction {
  /// The devices stored in one shard file, with their targeted firmware derived.
  func devices(inShard path: String) throws -> [Device] {
    try withFirmwareTargets(load(StateFiles.deviceShard(path)))
  }

  /// The device with ID `id` (any case), or nil.
  public func device(id: String) throws -> Device? {
    let key = id.lowercased()
    return try devices(inShard: StateLayout.deviceShard(key)).first { $0.id == key }
  }

  /// The devices with these IDs, reading each shard once; IDs with no record are left out.
  public func devices(ids: [String]) throws -> [Device] {
    var byShard: [String: Set<String>] = [:]
    for id in ids { byShard[StateLayout.deviceShard(id), default: []].insert(id) }
    var result: [Device] = []
    result.reserveCapacity(ids.count)
    for (shard, wanted) in byShard.sorted(by: { $0.key < $1.key }) {
      for device in try devices(inShard: shard) where wanted.contains(device.id) {
        result.append(device)
      }
    }
    return result
  }

  /// Every device in the state, shard by shard.
  public func allDevices() throws -> [Device] {
    var result: [Device] = []
    for file in try list(StateLayout.devicesDirectory) {
      let shard = "\(StateLayout.devicesDirectory)/\(file)"
      if StateLayout.isStateFile(shard) { result.append(contentsOf: try devices(inShard: shard)) }
    }
    return result
  }

  /// The IDs of the devices named `name`, with their owners.
  public func deviceIDs(named name: String) throws -> [(owner: String?, id: String)] {
    try load(StateFiles.nameShard(StateLayout.nameShard(name))).filter { $0.name == name }.map {
      ($0.owner, $0.id)
    }
  }

  /// The IDs of the devices `account` owns, from its owner index.
  public func ownedDeviceIDs(_ account: Account) throws -> [String] {
    try load(StateFiles.ownerIndex(StateLayout.ownerIndex(account.id)))
  }

  /// Stores `device`, keeping the name, owner and product indexes in step.
  public func save(_ device: Device, accounts: [Account]? = nil) throws {
    try save([device], accounts: accounts)
  }

  /// Stores many devices with one read and one write per file touched.
  public func save(_ devices: [Device], accounts: [Account]? = nil) throws {
    try update(saving: devices, removing: [], accounts: accounts)
  }

  /// Deletes the devices with these IDs and their index entries.
  public func removeDevices(_ ids: [String]) throws {
    try update(saving: [], removing: Set(ids), accounts: nil)
  }

  private func update(
    saving newDevices: [Device], removing: Set<String>, accounts knownAccounts: [Account]?
  ) throws {
    var byShard: [String: [Device]] = [:]
    for device in newDevices {
      byShard[StateLayout.deviceShard(device.id), default: []].append(device)
    }
    for id in removing {
      byShard[StateLayout.deviceShard(id), default: []] = byShard[StateLayout.deviceShard(id)] ?? []
    }

    var changes = IndexChanges()
    for (shard, incoming) in byShard.sorted(by: { $0.key < $1.key }) {
      var stored = try devices(inShard: shard)
      var position: [String: Int] = [:]
      for (n, device) in stored.enumerated() { position[device.id] = n }
      var deleted = Set<Int>()
      for id in removing where shard == StateLayout.deviceShard(id) {
        guard let n = position[id] else { continue }
        changes.record(old: stored[n], new: nil)
        deleted.insert(n)
      }
      for device in incoming {
        if let n = position[device.id] {
          changes.record(old: stored[n], new: device)
          stored[n] = device
        } else {
          changes.record(old: nil, new: device)
          position[device.id] = stored.count
          stored.append(device)
        }
      }
      let kept = stored.enumerated().filter { !deleted.contains($0.offset) }.map(\.element)
      save(StateFiles.deviceShard(shard), kept)
    }
    try applyNameChanges(changes.affecting { [$0?.name, $0?.owner] })
    let ownerChanges = changes.affecting { [$0?.owner, $0?.ownerKind?.rawValue] }
    if !ownerChanges.added.isEmpty || !ownerChanges.removed.isEmpty {
      try applyOwnerChanges(ownerChanges, accounts: knownAccounts ?? accounts())
    }
    try applyProductChanges(
      changes.affecting { device in device?.productID.map { "\($0)/\(device?.quarantined == true)" }
      })
    try applyGroupChanges(changes.affecting { $0?.groupKey })
    try applyRunningChanges(changes.affecting { $0?.runningKey })
  }

  /// How many of each product's members run each version: kept with every device write, so
  /// "does any device run version N" costs one small file, not the fleet.
  private func applyRunningChanges(_ changes: (added: [Device], removed: [Device])) throws {
    var deltas: [Int: [Int: Int]] = [:]
    for device in changes.removed {
      guard let key = device.runningKey else { continue }
      deltas[key.product, default: [:]][key.version, default: 0] -= 1
    }
    for device in changes.added {
      guard let key = device.runningKey else { continue }
      deltas[key.product, default: [:]][key.version, default: 0] += 1
    }
    for (product, change) in deltas.sorted(by: { $0.key < $1.key })
    where change.values.contains(where: { $0 != 0 }) {
      let file = StateFiles.runningVersions(product)
      var counts = try load(file)
      for (version, delta) in change { counts[version] = max(0, (counts[version] ?? 0) + delta) }
      save(file, counts)
    }
  }

  /// How many members of `productID` run `version`.
  public func devicesRunning(_ version: Int, product productID: Int) throws -> Int {
    try load(StateFiles.runningVersions(productID))[version] ?? 0
  }

  /// Each group's index lists the devices whose records name it, with what their targets
  /// depend on, so a group costs its size, not its product's; derived here like the product
  /// index. A device whose entry changes rewrites only the indexes of its groups.
  private func applyGroupChanges(_ changes: (added: [Device], removed: [Device])) throws {
    struct Key: Hashable, Comparable {
      let product: Int
      let group: String
      static func < (a: Key, b: Key) -> Bool { (a.product, a.group) < (b.product, b.group) }
    }
    var byGroup: [Key: (add: [String: GroupMember], remove: Set<String>)] = [:]
    for device in changes.removed {
      guard let product = device.productID, !device.quarantined else { continue }
      // A name no rule would store (a hand-edited record) has no index: the doctor reports it.
      for group in device.groups where DeviceGroup.isValidName(group) {
        byGroup[Key(product: product, group: group), default: ([:], [])].remove.insert(device.id)
      }
    }
    for device in changes.added {
      guard let product = device.productID, !device.quarantined else { continue }
      for group in device.groups where DeviceGroup.isValidName(group) {
        byGroup[Key(product: product, group: group), default: ([:], [])].add[device.id] =
          GroupMember(device)
      }
    }
    for (key, change) in byGroup.sorted(by: { $0.key < $1.key }) {
      let file = StateFiles.groupIndex(key.product, key.group)
      var members: [String: GroupMember] = [:]
      for member in try load(file) { members[member.id] = member }
      for id in change.remove { members[id] = nil }
      members.merge(change.add) { $1 }
      save(file, members.values.sorted { $0.id < $1.id })
    }
  }

  /// A product's index lists its members and, apart, the devices waiting in its quarantine;
  /// derived here from every device write, so no rule keeps it by hand.
  private func applyProductChanges(_ changes: (added: [Device], removed: [Device])) throws {
    var byProduct: [Int: (add: [Device], remove: Set<String>)] = [:]
    for device in changes.removed {
      guard let product = device.productID else { continue }
      byProduct[product, default: ([], [])].remove.insert(device.id)
    }
    for device in changes.added {
      guard let product = device.productID else { continue }
      byProduct[product, default: ([], [])].add.append(device)
    }
    for (product, change) in byProduct.sorted(by: { $0.key < $1.key }) {
      var index = try productIndex(product)
      let moved = change.remove.union(change.add.map(\.id))
      index.members.removeAll { moved.contains($0) }
      index.quarantined.removeAll { moved.contains($0) }
      for device in change.add {
        if device.quarantined {
          index.quarantined.append(device.id)
        } else {
          index.members.append(device.id)
        }
      }
      saveProductIndex(product, members: index.members, quarantined: index.quarantined)
    }
  }

  private func applyNameChanges(_ changes: (added: [Device], removed: [Device])) throws {
    var byShard: [String: (add: [Device], remove: [Device])] = [:]
    for device in changes.removed where device.name != nil {
      byShard[StateLayout.nameShard(device.name ?? ""), default: ([], [])].remove.append(device)
    }
    for device in changes.added where device.name != nil {
      byShard[StateLayout.nameShard(device.name ?? ""), default: ([], [])].add.append(device)
    }
    for (shard, change) in byShard.sorted(by: { $0.key < $1.key }) {
      let file = StateFiles.nameShard(shard)
      let removedIDs = Set(change.remove.map(\.id)).union(change.add.map(\.id))
      var kept = try load(file).filter { !removedIDs.contains($0.id) }
      let batch = Dictionary(change.add.map { ($0.id, $0) }, uniquingKeysWith: { $1 })
      for device in change.add {
        // The rules check names first; this keeps any rule that forgets from storing a clash.
        let clash = try kept.contains { entry in
          guard entry.name == device.name, entry.owner == device.owner,
            let other = try batch[entry.id] ?? self.device(id: entry.id)
          else { return false }
          return other.nameSpace == device.nameSpace
        }
        if clash { throw PconError.deviceNameTaken(device.name ?? "", id: nil) }
        kept.append(
          StateFiles.NameEntry(name: device.name ?? "", owner: device.owner, id: device.id))
      }
      save(file, kept)
    }
  }

  private func applyOwnerChanges(
    _ changes: (added: [Device], removed: [Device]), accounts: [Account]
  ) throws {
    var idByEmail: [String: String] = [:]
    for account in accounts { idByEmail[account.email] = account.id }
    var byAccount: [String: (add: Set<String>, remove: Set<String>)] = [:]
    // A customer's device is never in a person's index, whatever email they share.
    for device in changes.removed where device.ownerKind != .customer {
      guard let owner = device.owner, let accountID = idByEmail[owner] else { continue }
      byAccount[accountID, default: ([], [])].remove.insert(device.id)
    }
    for device in changes.added where device.ownerKind != .customer {
      guard let owner = device.owner, let accountID = idByEmail[owner] else { continue }
      byAccount[accountID, default: ([], [])].add.insert(device.id)
    }
    for (accountID, change) in byAccount.sorted(by: { $0.key < $1.key }) {
      let file = StateFiles.ownerIndex(StateLayout.ownerIndex(accountID))
      var ids = Set(try load(file))
      ids.subtract(change.remove.subtracting(change.add))
      ids.formUnion(change.add)
      save(file, ids.sorted())
    }
  }
}

extension Device {
  /// What a device's group index entries depend on, while a member of a product in groups.
  fileprivate var groupKey: GroupKey? {
    guard let productID, !quarantined, !groups.isEmpty else { return nil }
    return GroupKey(product: productID, member: GroupMember(self))
  }

  /// What the running-versions count depends on: its product and version, while a member.
  fileprivate var runningKey: RunningKey? {
    guard let productID, !quarantined, let firmwareVersion else { return nil }
    return RunningKey(product: productID, version: firmwareVersion)
  }
}

/// A device's entry in the indexes of its groups.
private struct GroupKey: Equatable {
  let product: Int
  let member: GroupMember
}

/// A member of `product` running `version`.
private struct RunningKey: Hashable {
  let product: Int
  let version: Int
}

/// The old and new versions of the devices a command changed, from which each index takes
/// only the changes that move its key, so a rename never rewrites the owner index.
private struct IndexChanges {
  private var pairs: [(old: Device?, new: Device?)] = []

  mutating func record(old: Device?, new: Device?) { pairs.append((old, new)) }

  /// The versions to drop from and add to an index keyed by `key`.
  func affecting<Key: Equatable>(_ key: (Device?) -> Key) -> (added: [Device], removed: [Device]) {
    var added: [Device] = []
    var removed: [Device] = []
    for (old, new) in pairs where key(old) != key(new) {
      if let old { removed.append(old) }
      if let new { added.append(new) }
    }
    return (added, removed)
  }
}
