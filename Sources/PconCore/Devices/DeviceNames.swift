/// Device names are unique within a name space: one owner's devices, or one product's unowned
/// devices. Every rule that names a device or hands it to another owner goes through these, and
/// the registry refuses a write that would break the rule, so the name index never holds a clash.
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
