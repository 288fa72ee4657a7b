/// The console guide's "Typical Settings", as `tracker config preset NAME` applies them.
public enum TrackerPreset: String, Sendable, CaseIterable {
  case vehicle
  case vehicleLessDetail = "vehicle-less-detail"
  case theft, battery, periodic

  /// The settings the preset sets; the rest stay as they are.
  public var assignments: [String] {
    switch self {
    case .vehicle:
      return [
        "location.radius=151", "location.interval_min=30", "location.interval_max=900",
        "sleep.mode=disable",
      ]
    case .vehicleLessDetail:
      return ["location.radius=1600", "location.interval_min=300", "location.interval_max=900"]
    case .theft:
      return ["imu_trig.motion=medium", "location.interval_min=30", "location.interval_max=3600"]
    case .battery:
      return [
        "imu_trig.motion=medium", "location.interval_min=900", "location.interval_max=28800",
        "sleep.mode=enable",
      ]
    case .periodic: return ["location.interval_min=120", "location.interval_max=120"]
    }
  }

  /// The preset named `name`, or a refusal listing the names.
  public static func named(_ name: String) throws -> TrackerPreset {
    guard let preset = TrackerPreset(rawValue: name) else {
      throw PconError.invalidValue(
        field: "preset", value: name,
        expected: "one of " + allCases.map(\.rawValue).joined(separator: ", "))
    }
    return preset
  }
}
