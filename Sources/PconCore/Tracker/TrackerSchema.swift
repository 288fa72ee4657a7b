/// The Tracker Edge v18 configuration schema as data: every module, its settings, their types,
/// ranges, enumerations and defaults. Validation, defaults and display all read this one table,
/// and a test checks it field by field against Particle's `config-schema.json`.
public enum TrackerSchema {
  /// The modules in the order the console shows them.
  public static let modules: [String] = [
    "location", "store", "imu_trig", "temp_trig", "rgb", "sleep", "tracker", "monitoring",
    "geofence",
  ]

  /// Modules that exist only in a device's own settings (`deviceLevelOnly` in the schema).
  public static let deviceLevelOnly: Set<String> = ["geofence"]

  /// Every setting, module by module in `modules` order.
  public static let fields: [TrackerField] =
    [
      number("location", "radius", 0, min: 0, max: 100_000),
      integer("location", "interval_min", 900, min: 0),
      integer("location", "interval_max", 3600, min: 0),
      bool("location", "min_publish", false),
      bool("location", "lock_trigger", true),
      bool("location", "loc_ack", true),
      bool("location", "enhance_loc", true),
      bool("location", "tower", true),
      bool("location", "gnss", true),
      bool("location", "wps", true),
      bool("location", "loc_cb", false),
      bool("location", "satdiag", false),
      bool("store", "enable", true),
      integer("store", "quota", 64, min: 0, max: 4000),
      choice("store", "policy", ["drop_old", "drop_new"], "drop_old"),
      choice("imu_trig", "motion", ["disable", "low", "medium", "high"], "disable"),
      choice("imu_trig", "high_g", ["disable", "enable"], "disable"),
      number("temp_trig", "high", 150, min: -40, max: 150),
      number("temp_trig", "low", -40, min: -40, max: 150),
      bool("temp_trig", "high_en", false),
      bool("temp_trig", "high_latch", false),
      bool("temp_trig", "low_en", false),
      bool("temp_trig", "low_latch", false),
      number("temp_trig", "hyst", 0, min: 0, max: 190),
      choice("rgb", "type", ["off", "particle", "tracker"], "particle"),
      choice("sleep", "mode", ["disable", "enable"], "disable"),
      number("sleep", "exe_min", 10, min: 5),
      number("sleep", "conn_max", 90, min: 30),
      bool("tracker", "usb_cmd", true),
      bool("monitoring", "device_monitor", false),
      integer("geofence", "interval", 0, min: 0),
    ] + (1...4).flatMap(zone)

  /// The settings of geofence zone `index`.
  private static func zone(_ index: Int) -> [TrackerField] {
    let zone = "zone\(index)"
    return [
      bool("geofence", "\(zone).enable", false),
      choice("geofence", "\(zone).shape_type", ["circular"], "circular"),
      number("geofence", "\(zone).lat", 0, min: -90, max: 90),
      number("geofence", "\(zone).lon", 0, min: -180, max: 180),
      number("geofence", "\(zone).radius", 0, min: 0, max: 100_000),
      bool("geofence", "\(zone).inside", false),
      bool("geofence", "\(zone).outside", false),
      bool("geofence", "\(zone).enter", false),
      bool("geofence", "\(zone).exit", false),
      integer("geofence", "\(zone).verif", 0, min: 0),
    ]
  }

  private static let byPath: [String: TrackerField] = Dictionary(
    uniqueKeysWithValues: fields.map { ($0.path, $0) })

  /// The setting named `path` (`location.radius`), or nil.
  public static func field(_ path: String) -> TrackerField? { byPath[path] }

  /// The settings of `module`, in schema order.
  public static func fields(of module: String) -> [TrackerField] {
    fields.filter { $0.module == module }
  }

  /// The setting named `path`, or the refusal that lists the names it could have meant: the
  /// modules when the module is unknown, else the module's settings.
  public static func require(_ path: String) throws -> TrackerField {
    if let field = byPath[path] { return field }
    let module = path.split(separator: ".", maxSplits: 1).first.map(String.init) ?? path
    guard modules.contains(module) else {
      throw PconError.unknownTrackerSetting(module, valid: modules, kind: "module")
    }
    throw PconError.unknownTrackerSetting(
      path, valid: fields(of: module).map(\.path), kind: "setting")
  }

  private static func bool(_ module: String, _ key: String, _ value: Bool) -> TrackerField {
    TrackerField(
      module: module, key: key, kind: .bool, minimum: nil, maximum: nil, defaultValue: .bool(value))
  }

  private static func integer(
    _ module: String, _ key: String, _ value: Int64, min: Double, max: Double? = nil
  ) -> TrackerField {
    TrackerField(
      module: module, key: key, kind: .integer, minimum: min, maximum: max,
      defaultValue: .integer(value))
  }

  private static func number(
    _ module: String, _ key: String, _ value: Double, min: Double, max: Double? = nil
  ) -> TrackerField {
    TrackerField(
      module: module, key: key, kind: .number, minimum: min, maximum: max,
      defaultValue: .number(value))
  }

  private static func choice(
    _ module: String, _ key: String, _ values: [String], _ value: String
  ) -> TrackerField {
    TrackerField(
      module: module, key: key, kind: .enumeration(values), minimum: nil, maximum: nil,
      defaultValue: .text(value))
  }
}
