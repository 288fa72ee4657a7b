/// A tracker device's own settings: what it last acknowledged, and a development device's
/// values on top of its product's.
public struct DeviceTrackerConfig: Sendable, Equatable {
  /// The settings the device last acknowledged; a device never synced runs the defaults.
  public var current: TrackerConfig
  /// The development device's own values, applied over the product's.
  public var overrides: TrackerConfig

  public init(current: TrackerConfig = TrackerConfig(), overrides: TrackerConfig = TrackerConfig())
  {
    self.current = current
    self.overrides = overrides
  }

  /// Whether it holds nothing a default would not: then the record does not keep it.
  public var isEmpty: Bool { current.isEmpty && overrides.isEmpty }

  init(stored json: JSONObject) throws {
    current =
      try json.optionalObject("current").map { try TrackerConfig(stored: $0, deviceLevel: true) }
      ?? TrackerConfig()
    overrides =
      try json.optionalObject("overrides").map { try TrackerConfig(stored: $0, deviceLevel: true) }
      ?? TrackerConfig()
  }

  var stored: JSON {
    var pairs: [(String, JSON)] = []
    if !current.isEmpty { pairs.append(("current", current.stored)) }
    if !overrides.isEmpty { pairs.append(("overrides", overrides.stored)) }
    return .object(pairs)
  }
}
