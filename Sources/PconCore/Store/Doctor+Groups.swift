/// Device groups: each product's definitions, and the group indexes that must agree with the
/// groups the device records name.
extension Doctor {
  /// Notes every group definition that is malformed or of a product that does not exist, every
  /// group index entry no device record backs, and every device group missing from its index.
  static func checkGroups(
    products: Set<Int>, devices: [String: Device], in transaction: Transaction,
    load: (StateFile<[DeviceGroup]>) -> [DeviceGroup]?,
    loadIndex: (StateFile<[GroupMember]>) -> [GroupMember]?,
    note: (String, String) -> Void
  ) {
    var defined: [Int: Set<String>] = [:]
    for file in (try? transaction.list(StateLayout.groupsDirectory)) ?? [] {
      let path = "\(StateLayout.groupsDirectory)/\(file)"
      guard StateLayout.isStateFile(path), let product = Int(file.dropLast(5)) else { continue }
      if !products.contains(product) {
        note(path, "holds groups of product \(product), which does not exist")
      }
      var names = Set<String>()
      for group in load(StateFiles.productGroups(product)) ?? [] {
        if !DeviceGroup.isValidName(group.name) {
          note(path, "group name '\(group.name)' is not 1 to 64 of a-z, 0-9, '-' and '_'")
        }
        if let color = group.color, !DeviceGroup.isValidColor(color) {
          note(path, "group '\(group.name)' has colour '\(color)', not #RRGGBB")
        }
        if !names.insert(group.name).inserted {
          note(path, "group '\(group.name)' is defined twice")
        }
      }
      defined[product] = names
    }

    var indexed = Set<String>()
    for file in (try? transaction.list(StateLayout.groupIndexDirectory)) ?? [] {
      let path = "\(StateLayout.groupIndexDirectory)/\(file)"
      guard StateLayout.isStateFile(path) else { continue }
      let stem = file.dropLast(5)
      guard let dash = stem.firstIndex(of: "-"), let product = Int(stem[..<dash]) else { continue }
      let name = String(stem[stem.index(after: dash)...])
      if defined[product]?.contains(name) != true {
        note(path, "indexes group '\(name)', which product \(product) does not have")
      }
      for member in loadIndex(StateFiles.groupIndex(path: path)) ?? [] {
        let id = member.id
        guard let device = devices[id], device.productID == product, !device.quarantined,
          device.groups.contains(name)
        else {
          note(path, "lists device \(id), which is not in group '\(name)' of product \(product)")
          continue
        }
        if member != GroupMember(device) {
          note(path, "keeps device \(id) otherwise than its record says")
        }
        indexed.insert("\(id)/\(name)")
      }
    }

    for device in devices.values.sorted(by: { $0.id < $1.id }) where !device.groups.isEmpty {
      let shard = StateLayout.deviceShard(device.id)
      guard let product = device.productID, !device.quarantined else {
        note(shard, "device \(device.id) is in groups but not a member of a product")
        continue
      }
      if device.groups != Array(Set(device.groups)).sorted() {
        note(shard, "device \(device.id) lists its groups out of order or twice")
      }
      for name in device.groups {
        guard DeviceGroup.isValidName(name) else {
          note(shard, "device \(device.id) names group '\(name)', which is not a group name")
          continue
        }
        if defined[product]?.contains(name) != true {
          note(
            shard,
            "device \(device.id) is in group '\(name)', which product \(product) does not have")
        }
        if !indexed.contains("\(device.id)/\(name)") {
          note(
            StateLayout.groupIndex(product, name),
            "device \(device.id) is in group '\(name)' but missing from its index")
        }
      }
    }
  }
}
