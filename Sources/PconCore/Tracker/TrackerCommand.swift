/// The cmd box: a JSON command sent to a tracker's `cmd` function, answered with the result
/// code Tracker Edge returns, and what the device does about it.
public enum TrackerCommand {
  public enum Needs {
    /// Calling a device's function: Support and up, and a customer on their own device.
    public static let call = Permission.support("devices.function:call", customers: true)
  }

  /// The configuration modules `set_cfg` and `get_cfg` may name: the schema's.
  public static let modules = Set(TrackerSchema.modules)
  /// The first Tracker Edge release that takes `reset`.
  public static let firstResetRelease = 13
  /// The longest argument a function takes, in bytes.
  public static let maxArgumentBytes = 1024

  /// What the device returns.
  public enum Result: Int, Sendable {
    case success = 0
    /// -EINVAL: not a JSON object, or no `cmd` string.
    case invalid = -22
    /// -ENOENT: a command the firmware does not know.
    case unknownCommand = -2
    /// -ENODEV: a configuration module the schema does not have.
    case unknownModule = -19

    /// What the code means, in words, for a person reading it.
    public var meaning: String {
      switch self {
      case .success: return "done"
      case .invalid:
        return "not a JSON object with a \"cmd\" string, or a set_cfg value the device refuses"
      case .unknownCommand:
        return
          "a command the device does not know (reset needs Tracker Edge v13 or later)"
      case .unknownModule: return "a configuration module the device does not have"
      }
    }
  }

  /// A command the device acts on.
  enum Action: Equatable {
    case enterShipping, getLocation, reset, configuration
  }

  /// What the firmware makes of `argument`: the result it returns and, on success, what it does.
  static func decide(_ argument: String) -> (Result, Action?) {
    guard let json = try? JSONParser.parse(argument), case .object = json,
      case .string(let name) = json["cmd"]
    else { return (.invalid, nil) }
    switch name {
    case "enter_shipping": return (.success, .enterShipping)
    case "get_loc": return (.success, .getLocation)
    case "reset": return (.success, .reset)
    case "reset_to_factory": return (.success, .configuration)
    case "get_cfg", "set_cfg":
      switch json["cfg"] {
      case nil where name == "get_cfg": return (.success, .configuration)
      case .object(let pairs)?:
        guard pairs.allSatisfy({ modules.contains($0.0) }) else { return (.unknownModule, nil) }
        // The firmware checks every value against its schema, as `tracker config set` does.
        guard let cfg = json["cfg"],
          let settings = try? TrackerConfig(
            stored: JSONObject(cfg, path: "cfg"), deviceLevel: true),
          !Tracker.intervalsOutOfOrder(settings)
        else { return (.invalid, nil) }
        return (.success, .configuration)
      default: return (.invalid, nil)
      }
    default: return (.unknownCommand, nil)
    }
  }

  /// Calls `cmd` on the online tracker `reference` with `argument` as `actor`: one data
  /// operation charged to the device's payer, whatever the device answers. `enter_shipping`
  /// takes it offline, `reset` (Tracker Edge v13 and later) reconnects it, and `get_loc`
  /// publishes its location now.
  public static func call(
    _ reference: String, argument: String, by actor: Actor, in transaction: Transaction
  ) throws -> Result {
    guard argument.utf8.count <= maxArgumentBytes else {
      throw PconError.invalidValue(
        field: "command", value: "\(argument.utf8.count) bytes",
        expected: "at most \(maxArgumentBytes) bytes of JSON")
    }
    var (device, _) = try Access.device(reference, Needs.call, actor: actor, in: transaction)
    try TrackerPlatforms.require(device, as: reference)
    guard device.online else {
      throw device.shipping
        ? PconError.deviceInShippingMode(reference) : PconError.deviceOffline(reference)
    }
    let now = transaction.now
    var publisher = DevicePublisher()
    try publisher.chargeCall(argument: argument, on: &device, at: now, in: transaction)
    var (result, action) = decide(argument)
    if action == .reset, try !takesReset(device, in: transaction) {
      (result, action) = (.unknownCommand, nil)
    }
    switch action {
    case .enterShipping?:
      device.shipping = true
      try publisher.connection(online: false, of: &device, at: now, in: transaction)
    case .reset?:
      try publisher.connection(online: false, of: &device, at: now, in: transaction)
      try publisher.connection(online: true, of: &device, at: now, in: transaction)
    case .getLocation?:
      // Where it is now: a rehearsal's fixes dated later are not yet.
      var location = try FleetMap.lastFix(of: device, at: now, in: transaction) ?? defaultLocation
      location.time = now
      try publisher.publish(
        name: TrackerPlatforms.locEvent, data: location.locData(triggers: ["imm"]),
        ttl: Event.defaultTTL, as: &device, at: now, in: transaction)
    case .configuration?, nil: break
    }
    let (_, noticed) = try publisher.flush(in: transaction)
    transaction.notices += noticed.map(\.notice)
    return result
  }

  /// Where a tracker that never reported a fix says it is: Particle's headquarters, as the
  /// firmware's examples do.
  public static let defaultLocation = Location(
    latitude: 37.295945, longitude: -121.98683, time: Timestamp(millisecondsSince1970: 0))

  /// Whether `device` runs Tracker Edge v13 or later, when its firmware says which release it
  /// is (a catalogue release); a device running the product's own firmware is taken at its word.
  private static func takesReset(_ device: Device, in transaction: Transaction) throws -> Bool {
    guard let productID = device.productID, let running = device.firmwareVersion,
      let version = try transaction.load(StateFiles.productFirmware(productID)).first(where: {
        $0.version == running
      }), version.catalogue
    else { return true }
    return running >= firstResetRelease
  }
}
