/// Where a setting's effective value comes from.
public enum TrackerSource: String, Sendable {
  case `default`, product, device
}

/// A tracker product's settings, or one device's: what is set where, what takes effect, and
/// for a device what it last acknowledged.
public struct TrackerSettings: Sendable, Equatable {
  /// The product's values.
  public let product: TrackerConfig
  /// The device's own values (a development device's), when the settings are a device's.
  public let device: TrackerConfig?
  /// What the device last acknowledged, when the settings are a device's.
  public let current: TrackerConfig?

  /// The settings in effect: the product's with the device's own on top.
  public var effective: TrackerConfig { product.overlaid(by: device ?? TrackerConfig()) }

  /// Where `field`'s effective value is set.
  public func source(_ field: TrackerField) -> TrackerSource {
    if device?.values[field.path] != nil { return .device }
    if product.values[field.path] != nil { return .product }
    return .default
  }

  /// The modules the device has not acknowledged yet; empty for a product's settings.
  public var pendingModules: [String] {
    guard let current else { return [] }
    return effective.modulesDiffering(from: current)
  }
}
