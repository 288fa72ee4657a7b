/// The version a device is targeted to run, and the precedence rule that chose it.
public struct FirmwareTarget: Sendable, Equatable {
  /// Which rule decided, in the order the rules are tried.
  public enum Reason: String, Sendable {
    /// A development device: never updated automatically.
    case development
    /// Locked to one version, above every release.
    case locked
    /// The highest version released to any of its groups.
    case group
    /// The product's default release.
    case productDefault = "product-default"
    /// Nothing targets it: no release applies, or it is in no product.
    case none
  }

  /// The version it should run; nil when nothing targets it.
  public let version: Int?
  public let reason: Reason
  /// The group whose release it gets, for `group`.
  public let group: String?

  public init(version: Int?, reason: Reason, group: String? = nil) {
    self.version = version
    self.reason = reason
    self.group = group
  }

  static let none = FirmwareTarget(version: nil, reason: .none)
}

/// Where a product's firmware is released: its default version and each group's version.
/// Everything precedence needs from `firmware/<product>.json`, computed once per read.
public struct ReleaseMap: Sendable, Equatable {
  /// The product default release.
  public private(set) var productDefault: Int?
  /// The version released to each group.
  public private(set) var groups: [String: Int] = [:]
  /// Every version uploaded to the product.
  public private(set) var uploaded: Set<Int> = []

  public init(_ versions: [FirmwareVersion]) {
    for record in versions {
      uploaded.insert(record.version)
      // One default and one version per group is what pcon writes; a hand-edited file with
      // more is read as the highest, like a device in several groups.
      if record.productDefault { productDefault = max(productDefault ?? 0, record.version) }
      for group in record.groups { groups[group] = max(groups[group] ?? 0, record.version) }
    }
  }

  /// The guide's precedence rules: development → nothing; locked → the lock; in groups with
  /// released firmware → the highest version among them; else the product default; else nothing.
  public func target(for device: Device) -> FirmwareTarget {
    guard device.productID != nil, !device.quarantined else { return .none }
    if device.development { return FirmwareTarget(version: nil, reason: .development) }
    if let lock = device.desiredFirmwareVersion {
      return FirmwareTarget(version: lock, reason: .locked)
    }
    var best: (version: Int, group: String)?
    for group in device.groups.sorted() {
      guard let version = groups[group] else { continue }
      if version > best?.version ?? 0 { best = (version, group) }
    }
    if let best { return FirmwareTarget(version: best.version, reason: .group, group: best.group) }
    if let productDefault {
      return FirmwareTarget(version: productDefault, reason: .productDefault)
    }
    return .none
  }
}

extension Transaction {
  /// Where product `productID`'s firmware is released, from its firmware file (read once per
  /// transaction, then from the cache, so it is always what this transaction last staged).
  public func releaseMap(_ productID: Int) throws -> ReleaseMap {
    ReleaseMap(try load(StateFiles.productFirmware(productID)))
  }

  /// The target of `device` as the state now stands.
  public func firmwareTarget(of device: Device) throws -> FirmwareTarget {
    guard let productID = device.productID, !device.quarantined else { return .none }
    return try releaseMap(productID).target(for: device)
  }

  /// `devices` with their targeted version filled in from their products' releases; every
  /// device read passes through here, so the field is true after any change that moves it.
  func withFirmwareTargets(_ devices: [Device]) throws -> [Device] {
    var maps: [Int: ReleaseMap] = [:]
    var result = devices
    for n in result.indices {
      guard let productID = result[n].productID, !result[n].quarantined else {
        result[n].targetedFirmwareReleaseVersion = nil
        continue
      }
      let map = try maps[productID] ?? releaseMap(productID)
      maps[productID] = map
      result[n].targetedFirmwareReleaseVersion = map.target(for: result[n]).version
    }
    return result
  }

  /// `device` with its targeted version as the state now stands, for a rule that returns a
  /// device it changed.
  public func withFirmwareTarget(_ device: Device) throws -> Device {
    try withFirmwareTargets([device])[0]
  }
}
