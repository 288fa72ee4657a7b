/// Device names are unique within a name space: one owner's devices, or one product's unowned
/// devices. Every rule that names a device or hands it to another owner goes through these, and
/// the registry refuses a write that would break the rule, so the name index never holds a clash.
/// Naming also looks wider, at every device the actor sees, so a name the actor gives never makes
/// two of them answer to it; where two still do (devices seen through two teams), a reference to
/// the name is refused listing their IDs.
extension Device {
  /// The space in which this device's name is unique: its owner's devices (a person's and a
  /// customer's apart, whatever email they share), or for an unowned product device its
  /// product's, so a name taken in a product the actor cannot see is never revealed.
  public var nameSpace: String {
    if let owner {
      return (ownerKind == .customer ? "customer:" : "person:") + owner
    }
    return "product:" + (productID.map(String.init) ?? "")
  }
}

extension Transaction {
  /// Whether another device than `device` already holds `name` in `device`'s name space.
  func isDeviceName(_ name: String, takenIn device: Device) throws -> Bool {
    let space = device.nameSpace
    return try devices(named: name).contains { $0.id != device.id && $0.nameSpace == space }
  }

  /// The devices named `name` that `actor` can see, by ID.
  func devices(named name: String, visibleTo actor: Actor) throws -> [Device] {
    try devices(named: name).filter { try Access.canSee($0, actor, in: self) }
      .sorted { $0.id < $1.id }
  }

  /// `device` handed to `owner` of `kind` (nil releases it): it keeps its name unless the new
  /// space already holds that name, where it is dropped rather than clash.
  func handedOver(_ device: Device, to owner: String?, kind: OwnerKind) throws -> Device {
    var device = device
    device.setOwner(owner, kind: kind)
    if let name = device.name, try isDeviceName(name, takenIn: device) {
      device.name = nil
    }
    return device
  }
}

extension Fleet {
  /// The device `reference` (an ID or a name) among those `actor` can see; a name more than one
  /// of them has is refused, listing their IDs.
  public static func resolve(_ reference: String, for actor: Actor, in transaction: Transaction)
    throws -> Device
  {
    if Device.isID(reference) {
      guard let device = try transaction.device(id: reference),
        try Access.canSee(device, actor, in: transaction)
      else {
        throw PconError.deviceNotFound(reference)
      }
      return device
    }
    let visible = try transaction.devices(named: reference, visibleTo: actor)
    guard let device = visible.first else { throw PconError.deviceNotFound(reference) }
    guard visible.count == 1 else {
      throw PconError.ambiguousDeviceName(reference, ids: visible.map(\.id))
    }
    return device
  }

  /// The device `reference` among those `account` can see.
  public static func resolve(_ reference: String, for account: Account, in transaction: Transaction)
    throws -> Device
  {
    try resolve(reference, for: .person(account), in: transaction)
  }

  /// Refuses `name` for `device` when `actor` sees another device of that name, or when
  /// another device in `device`'s name space has it.
  static func requireUniqueName(
    _ name: String, for device: Device, by actor: Actor, in transaction: Transaction
  ) throws {
    if let other = try transaction.devices(named: name, visibleTo: actor).first(where: {
      $0.id != device.id
    }) {
      throw PconError.deviceNameTaken(name, id: other.id)
    }
    guard try !transaction.isDeviceName(name, takenIn: device) else {
      throw PconError.deviceNameTaken(name, id: nil)
    }
  }

  /// Refuses a log filter whose `device:NAME` term names more than one device `actor` sees,
  /// listing their IDs, or none, as `--device NAME` is refused, rather than matching some or
  /// nothing.
  public static func requireUnambiguousDevices(
    in filter: EventFilter, for actor: Actor, in transaction: Transaction
  ) throws {
    for term in filter.required.joined() + filter.excluded {
      guard case .device(let reference) = term, !Device.isID(reference) else { continue }
      let visible = try transaction.devices(named: reference, visibleTo: actor)
      if visible.count > 1 {
        throw PconError.ambiguousDeviceName(reference, ids: visible.map(\.id))
      }
      // A name no visible device has would match nothing, silently: say so, as `--device`
      // does. The cloud's own publishers (`api`, …) are not device names but still match.
      if visible.isEmpty, !EventRules.cloudPublishers.contains(reference) {
        throw PconError.deviceNotFound(reference)
      }
    }
  }
}
