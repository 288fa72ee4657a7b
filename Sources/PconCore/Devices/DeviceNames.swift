/// Device names are unique among one owner's devices; unowned product devices share one space.
/// Every rule that names a device or hands it to another owner goes through these, and the
/// registry refuses a write that would break the rule, so the name index never holds a clash.
extension Transaction {
  /// Whether another device than `id` already holds `name` in `owner`'s space.
  func isDeviceName(_ name: String, takenBy owner: String?, except id: String?) throws -> Bool {
    try devices(named: name).contains { $0.owner == owner && $0.id != id }
  }

  /// `device` handed to `owner` (nil releases it): it keeps its name unless the new owner's
  /// space already holds that name, where it is dropped rather than clash.
  func handedOver(_ device: Device, to owner: String?) throws -> Device {
    var device = device
    device.owner = owner
    if let name = device.name, try isDeviceName(name, takenBy: owner, except: device.id) {
      device.name = nil
    }
    return device
  }
}
