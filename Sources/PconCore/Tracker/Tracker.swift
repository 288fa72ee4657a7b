/// The rules for Asset Tracker settings: a tracker product's fleet-wide values, a development
/// device's own values on top, presets, and the data a fleet's settings would use.
public enum Tracker {
  /// What each tracker rule needs: Particle's configuration scopes.
  public enum Needs {
    public static let view = Permission.view("configuration:get")
    public static let update = Permission.develop("configuration:update")
  }

  /// Interval_min below this with sleep on risks the carrier banning the SIM (console guide).
  public static let sleepIntervalFloor: Int64 = 600

  /// The product `reference` authorized for `permission`, refused unless it is a tracker product.
  static func product(
    _ reference: String, _ permission: Permission, actor: Actor, in transaction: Transaction
  ) throws -> Product {
    let product = try Products.authorized(reference, permission, actor: actor, in: transaction)
    try TrackerPlatforms.require(product)
    return product
  }

  /// A product's fleet-wide values, read from its one settings file.
  static func productConfig(_ productID: Int, in transaction: Transaction) throws -> TrackerConfig {
    try transaction.load(StateFiles.trackerConfig(path: StateLayout.trackerConfig(productID)))
  }

  /// The settings `device` should run: its product's, with a development device's own on top.
  static func settings(of device: Device, productID: Int, in transaction: Transaction) throws
    -> TrackerSettings
  {
    let own = device.trackerConfig ?? DeviceTrackerConfig()
    return TrackerSettings(
      product: try productConfig(productID, in: transaction),
      device: device.development ? own.overrides : TrackerConfig(), current: own.current)
  }

  /// A tracker product's settings, or with `device` that device's.
  public static func show(
    product reference: String, device deviceRef: String?, by actor: Actor,
    in transaction: Transaction
  ) throws -> TrackerSettings {
    let product = try product(reference, Needs.view, actor: actor, in: transaction)
    guard let deviceRef else {
      return TrackerSettings(
        product: try productConfig(product.id, in: transaction), device: nil, current: nil)
    }
    let device = try member(deviceRef, of: product, actor: actor, in: transaction)
    return try settings(of: device, productID: product.id, in: transaction)
  }

  /// What a change of settings left, and the warnings it earned.
  public struct Change: Sendable {
    public let settings: TrackerSettings
    public let warnings: [String]
    /// The settings the change named, in schema order.
    public let changed: [TrackerField]
  }

  /// Sets each `KEY=VALUE` on the product, or with `device` on that development device; every
  /// value is checked before any is stored, so a change lands whole or not at all.
  public static func set(
    _ assignments: [String], product reference: String, device deviceRef: String?,
    by actor: Actor, in transaction: Transaction
  ) throws -> Change {
    let product = try product(reference, Needs.update, actor: actor, in: transaction)
    var parsed: [(TrackerField, TrackerValue)] = []
    for assignment in assignments {
      guard let equals = assignment.firstIndex(of: "=") else {
        throw PconError.invalidValue(
          field: "setting", value: assignment, expected: "KEY=VALUE, such as location.radius=151")
      }
      let field = try TrackerSchema.require(String(assignment[..<equals]))
      guard !parsed.contains(where: { $0.0.path == field.path }) else {
        throw PconError.invalidValue(
          field: Field(field.path), value: "given twice", expected: "each setting once")
      }
      if deviceRef == nil, TrackerSchema.deviceLevelOnly.contains(field.module) {
        throw PconError.deviceLevelSetting(field.path)
      }
      parsed.append(
        (field, try field.value(parsing: String(assignment[assignment.index(after: equals)...]))))
    }
    let settings: TrackerSettings
    if let deviceRef {
      var device = try member(deviceRef, of: product, actor: actor, in: transaction)
      guard device.development else {
        throw PconError.notDevelopmentDevice(device.name ?? device.id)
      }
      var own = device.trackerConfig ?? DeviceTrackerConfig()
      for (field, value) in parsed { own.overrides.set(field, value) }
      device.trackerConfig = own
      try transaction.save(device)
      settings = try self.settings(of: device, productID: product.id, in: transaction)
    } else {
      var config = try productConfig(product.id, in: transaction)
      for (field, value) in parsed { config.set(field, value) }
      transaction.save(
        StateFiles.trackerConfig(path: StateLayout.trackerConfig(product.id)), config)
      settings = TrackerSettings(product: config, device: nil, current: nil)
      // A development device's own values sit on top of the product's: the change must leave
      // each of them in order too. (A fleet-wide change reads the fleet; it is rare.)
      for device in try transaction.productDevices(product.id) where device.development {
        guard let own = device.trackerConfig?.overrides, !own.isEmpty else { continue }
        try requireOrderedIntervals(config.overlaid(by: own), device: device.name ?? device.id)
      }
    }
    try requireOrderedIntervals(settings.effective)
    let touched = Set(parsed.map(\.0.path))
    var warnings: [String] = []
    if !touched.isDisjoint(with: ["location.interval_min", "sleep.mode"]),
      let warning = sleepWarning(settings.effective)
    {
      warnings.append(warning)
    }
    return Change(
      settings: settings, warnings: warnings,
      changed: TrackerSchema.fields.filter { touched.contains($0.path) })
  }

  /// Applies preset `name` to a product's settings.
  public static func preset(
    _ name: String, product reference: String, by actor: Actor, in transaction: Transaction
  ) throws -> Change {
    let preset = try TrackerPreset.named(name)
    return try set(preset.assignments, product: reference, device: nil, by: actor, in: transaction)
  }

  /// Refuses settings where the most often a device may publish its location
  /// (`interval_min`) is less often than the least often it must (`interval_max`); 0 turns an
  /// interval off.
  static func requireOrderedIntervals(_ config: TrackerConfig, device: String? = nil) throws {
    guard let (least, most) = intervals(config), least > 0, most > 0, least > most else {
      return
    }
    let whose = device.map { " for development device \($0), whose own settings sit on top" } ?? ""
    throw PconError.invalidValue(
      field: "location.interval_min", value: "\(least) s",
      expected:
        "at most location.interval_max (\(most) s)\(whose): a device cannot be held to publishing less often than it must (raise both, such as location.interval_min=\(least) location.interval_max=\(least))"
    )
  }

  /// Whether `interval_min` exceeds `interval_max`, both on (0 turns one off).
  static func intervalsOutOfOrder(_ config: TrackerConfig) -> Bool {
    guard let (least, most) = intervals(config) else { return false }
    return least > 0 && most > 0 && least > most
  }

  /// `interval_min` and `interval_max` in `config`.
  private static func intervals(_ config: TrackerConfig) -> (Int64, Int64)? {
    guard let minimum = TrackerSchema.field("location.interval_min"),
      let maximum = TrackerSchema.field("location.interval_max"),
      case .integer(let least) = config.value(minimum),
      case .integer(let most) = config.value(maximum)
    else { return nil }
    return (least, most)
  }

  /// The console guide's warning when settings wake a sleeping device too often.
  public static func sleepWarning(_ config: TrackerConfig) -> String? {
    guard let mode = TrackerSchema.field("sleep.mode"),
      let interval = TrackerSchema.field("location.interval_min"),
      config.value(mode) == .text("enable"), case .integer(let seconds) = config.value(interval),
      seconds < sleepIntervalFloor
    else { return nil }
    return
      "location.interval_min (Maximum location update frequency) is \(seconds) s with sleep enabled: a value of 10 minutes (600 seconds) or larger is recommended. Setting a very short maximum location update frequency with sleep mode can cause your SIM card to be banned for excessive reconnection to the cellular network by your mobile carrier."
  }

  /// Device `reference` of `product`, which the actor may see.
  static func member(
    _ reference: String, of product: Product, actor: Actor, in transaction: Transaction
  ) throws -> Device {
    let device = try Fleet.resolve(reference, for: actor, in: transaction)
    guard device.productID == product.id, !device.quarantined else {
      throw PconError.deviceNotInProduct(
        reference, product: product.slug, quarantined: device.quarantined)
    }
    return device
  }
}
