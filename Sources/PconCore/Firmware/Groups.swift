/// The rules for a product's device groups: named sets of its devices that firmware can be
/// released to. A group's definition lives in the product's groups file; its membership lives on
/// the device records, with a per-group index derived from them.
public enum Groups {
  /// A group as `group list` and `group show` give it, with how many devices it has.
  public struct Summary: Sendable, Equatable {
    public let group: DeviceGroup
    public let deviceCount: Int
  }

  /// What `group add` or `group remove` did: the devices it changed and those it left as they
  /// were (already in the group, or already out of it), each in the order given.
  public struct Change: Sendable {
    public let group: String
    public let changed: [Device]
    public let unchanged: [Device]
  }

  /// What `group delete` took with it.
  public struct Deletion: Sendable {
    public let group: String
    /// How many devices left the group.
    public let devices: Int
    /// The firmware versions that were released to it, which no longer are.
    public let releases: [Int]
  }

  /// Creates a group; its name is unique in the product.
  public static func create(
    _ name: String, product reference: String, description: String?, color: String?,
    by actor: Actor, in transaction: Transaction
  ) throws -> DeviceGroup {
    try validate(name: name)
    if let color { try validate(color: color) }
    let product = try product(reference, Firmware.Needs.createGroup, actor: actor, in: transaction)
    var groups = try transaction.load(StateFiles.productGroups(product.id))
    guard !groups.contains(where: { $0.name == name }) else {
      throw PconError.groupExists(name, product: reference)
    }
    let group = DeviceGroup(
      name: name, description: description, color: color, createdAt: transaction.now)
    groups.append(group)
    groups.sort { $0.name < $1.name }
    transaction.save(StateFiles.productGroups(product.id), groups)
    return group
  }

  /// The product's groups, by name, each with its device count (read from its index alone).
  public static func list(product reference: String, by actor: Actor, in transaction: Transaction)
    throws -> [Summary]
  {
    let product = try product(reference, Firmware.Needs.listGroups, actor: actor, in: transaction)
    return try transaction.load(StateFiles.productGroups(product.id)).map {
      Summary(
        group: $0, deviceCount: try transaction.groupDeviceIDs(product.id, $0.name).count)
    }
  }

  /// One group and its devices.
  public static func show(
    _ name: String, product reference: String, by actor: Actor, in transaction: Transaction
  ) throws -> (DeviceGroup, [Device]) {
    let (product, group) = try find(
      name, product: reference, Firmware.Needs.showGroup, actor: actor, in: transaction)
    return (group, try transaction.groupDevices(product.id, group: group.name))
  }

  /// Changes a group's description or colour; nil leaves one as it is, "" clears it.
  public static func edit(
    _ name: String, product reference: String, description: String?, color: String?,
    by actor: Actor, in transaction: Transaction
  ) throws -> Summary {
    if let color, !color.isEmpty { try validate(color: color) }
    let (product, group) = try find(
      name, product: reference, Firmware.Needs.updateGroup, actor: actor, in: transaction)
    var edited = group
    if let description { edited.description = description.isEmpty ? nil : description }
    if let color { edited.color = color.isEmpty ? nil : color }
    let groups = try transaction.load(StateFiles.productGroups(product.id)).map {
      $0.name == name ? edited : $0
    }
    transaction.save(StateFiles.productGroups(product.id), groups)
    return Summary(
      group: edited, deviceCount: try transaction.groupDeviceIDs(product.id, name).count)
  }

  /// What deleting group `name` would do, for the question asked before it: how many devices
  /// leave it and which versions are no longer released to it. Changes nothing.
  public static func deletion(
    _ name: String, product reference: String, by actor: Actor, in transaction: Transaction
  ) throws -> Deletion {
    let (product, group) = try find(
      name, product: reference, Firmware.Needs.removeGroup, actor: actor, in: transaction)
    let releases = try transaction.load(StateFiles.productFirmware(product.id)).filter {
      $0.groups.contains(group.name)
    }
    return Deletion(
      group: group.name, devices: try transaction.groupDeviceIDs(product.id, group.name).count,
      releases: releases.map(\.version))
  }

  /// Deletes a group: its devices leave it and the firmware released to it is no longer.
  public static func delete(
    _ name: String, product reference: String, by actor: Actor, in transaction: Transaction
  ) throws -> Deletion {
    let (product, group) = try find(
      name, product: reference, Firmware.Needs.removeGroup, actor: actor, in: transaction)
    let devices = try transaction.groupDevices(product.id, group: group.name).map { device in
      var device = device
      device.groups.removeAll { $0 == group.name }
      return device
    }
    try transaction.save(devices)
    let releases = try removeFromReleases(group.name, product: product.id, in: transaction)
    let groups = try transaction.load(StateFiles.productGroups(product.id)).filter {
      $0.name != group.name
    }
    transaction.save(StateFiles.productGroups(product.id), groups)
    return Deletion(group: group.name, devices: devices.count, releases: releases)
  }

  /// Takes group `name` out of every firmware version of a product released to it, returning
  /// those versions; a deleted group must not keep steering devices to a release.
  static func removeFromReleases(
    _ name: String, product productID: Int, in transaction: Transaction
  )
    throws -> [Int]
  {
    var versions = try transaction.load(StateFiles.productFirmware(productID))
    var changed: [Int] = []
    for n in versions.indices where versions[n].groups.contains(name) {
      versions[n].groups.removeAll { $0 == name }
      changed.append(versions[n].version)
    }
    if !changed.isEmpty {
      transaction.save(StateFiles.productFirmware(productID), versions.releasedAtKept())
    }
    return changed
  }

  /// Puts devices (IDs or names) in a group; those already in it are left as they are.
  public static func add(
    _ references: [String], to name: String, product reference: String, by actor: Actor,
    in transaction: Transaction
  ) throws -> Change {
    try change(references, name, product: reference, joining: true, by: actor, in: transaction)
  }

  /// Takes devices (IDs or names) out of a group; those not in it are left as they are.
  public static func remove(
    _ references: [String], from name: String, product reference: String, by actor: Actor,
    in transaction: Transaction
  ) throws -> Change {
    try change(references, name, product: reference, joining: false, by: actor, in: transaction)
  }

  private static func change(
    _ references: [String], _ name: String, product reference: String, joining: Bool,
    by actor: Actor, in transaction: Transaction
  ) throws -> Change {
    let (product, group) = try find(
      name, product: reference, Firmware.Needs.updateGroup, actor: actor, in: transaction)
    var changed: [Device] = []
    var unchanged: [Device] = []
    var seen = Set<String>()
    for reference in references {
      var device = try Fleet.resolve(reference, for: actor, in: transaction)
      try device.requireMember(of: product, as: reference)
      // The same device named twice (by ID and by name) counts once.
      guard seen.insert(device.id).inserted else { continue }
      guard device.groups.contains(group.name) != joining else {
        unchanged.append(device)
        continue
      }
      if joining {
        device.groups = Array(Set(device.groups + [group.name])).sorted()
      } else {
        device.groups.removeAll { $0 == group.name }
      }
      changed.append(device)
    }
    try transaction.save(changed)
    return Change(group: group.name, changed: changed, unchanged: unchanged)
  }

  /// Refuses a name that is not 1 to 64 of `a-z 0-9 - _`.
  static func validate(name: String) throws {
    guard DeviceGroup.isValidName(name) else {
      throw PconError.invalidValue(
        field: .groupName, value: name,
        expected: "1 to \(DeviceGroup.maxNameLength) lower-case letters, digits, '-' or '_'")
    }
  }

  static func validate(color: String) throws {
    guard DeviceGroup.isValidColor(color) else {
      throw PconError.invalidValue(
        field: .groupColor, value: color, expected: "#RRGGBB, six hexadecimal digits")
    }
  }

  /// The product `reference`, authorized for `permission`.
  static func product(
    _ reference: String, _ permission: Permission, actor: Actor, in transaction: Transaction
  ) throws -> Product {
    try Products.authorized(reference, permission, actor: actor, in: transaction)
  }

  /// The product and its group `name`, authorized for `permission`.
  private static func find(
    _ name: String, product reference: String, _ permission: Permission, actor: Actor,
    in transaction: Transaction
  ) throws -> (Product, DeviceGroup) {
    let product = try product(reference, permission, actor: actor, in: transaction)
    guard
      let group = try transaction.load(StateFiles.productGroups(product.id)).first(where: {
        $0.name == name
      })
    else { throw PconError.groupNotFound(name, product: reference) }
    return (product, group)
  }
}
