/// Locking a device to one version, above every release, and seeing what a device targets.
extension Firmware {
  /// A lock and whether the device was updated at once.
  public struct Locked: Sendable {
    public let device: Device
    /// Whether it was flashed now (`--flash-now` on an online device); otherwise it updates at
    /// its next handshake.
    public let flashed: Bool
  }

  /// Locks a product device to uploaded `version`; with `flashNow` an online device is updated
  /// at once, any other at its next handshake.
  public static func lock(
    _ reference: String, to version: Int, flashNow: Bool, by actor: Actor,
    in transaction: Transaction
  ) throws -> Locked {
    var (device, product) = try productDevice(reference, Needs.lock, actor: actor, in: transaction)
    guard try transaction.releaseMap(product.id).uploaded.contains(version) else {
      throw PconError.firmwareVersionNotFound(version, product: product.slug)
    }
    device.desiredFirmwareVersion = version
    let flashed = flashNow && device.online
    if flashed { try flash(&device, to: version, failing: false, in: transaction) }
    try transaction.save(device)
    return Locked(device: try transaction.withFirmwareTarget(device), flashed: flashed)
  }

  /// Unlocks a device: releases may target it again.
  public static func unlock(_ reference: String, by actor: Actor, in transaction: Transaction)
    throws -> (device: Device, wasLocked: Bool)
  {
    var (device, _) = try productDevice(reference, Needs.lock, actor: actor, in: transaction)
    // Unlocking an unlocked device changes nothing and says so, as git does.
    let wasLocked = device.desiredFirmwareVersion != nil
    if wasLocked {
      device.desiredFirmwareVersion = nil
      try transaction.save(device)
    }
    return (try transaction.withFirmwareTarget(device), wasLocked)
  }

  /// The version `reference` is targeted to run and the rule that chose it; one device's cost.
  public static func target(_ reference: String, by actor: Actor, in transaction: Transaction)
    throws -> (device: Device, target: FirmwareTarget)
  {
    let (device, _) = try productDevice(reference, Needs.view, actor: actor, in: transaction)
    return (device, try transaction.firmwareTarget(of: device))
  }

  /// A device of a product (not waiting in its quarantine), with `permission` on that product:
  /// only a product's team decides what its devices run.
  static func productDevice(
    _ reference: String, _ permission: Permission, actor: Actor, in transaction: Transaction
  ) throws -> (Device, Product) {
    let device = try Fleet.resolve(reference, for: actor, in: transaction)
    guard let product = try Access.product(of: device, in: transaction) else {
      throw PconError.teamConflict(
        "device \(reference) is in no product; only product devices get product firmware")
    }
    _ = try Access.authorize(actor, permission, product: product, in: transaction)
    if device.quarantined {
      throw PconError.deviceNotInProduct(reference, product: product.slug, quarantined: true)
    }
    return (device, product)
  }
}
