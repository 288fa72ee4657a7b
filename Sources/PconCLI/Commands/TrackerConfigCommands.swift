import PconCore

/// `tracker config …`: a tracker product's fleet-wide settings and a development device's own.
enum TrackerConfigCommands {
  static let product = TrackerCommands.product
  static let device = SharedOptions.device.described(
    "a device of the product: what it runs and what is pending")
  static let developmentDevice = SharedOptions.device.described(
    "a development device of the product: its own values, on top of the product's")

  static let config = Command(
    "config", summary: "Show and change a tracker product's settings",
    discussion:
      "Settings follow the Tracker Edge v18 schema: MODULE.KEY, such as location.radius, sleep.mode or geofence.zone1.lat. The console's \"Maximum location update frequency\" is location.interval_min (never publish more often) and its \"Minimum location update frequency\" is location.interval_max (always publish at least this often).\n\nThe product's settings apply to every device; a development device may have its own on top. A device receives its settings when it next comes online (a handshake, a publish while offline, a reset): the checksums of what it runs and what the cloud holds are compared, and the modules that differ are sent and acknowledged (its cfg and ack events).",
    subcommands: [show, set, preset])

  static let show = Command(
    "show", summary: "Print the settings in effect, marking defaults",
    discussion:
      "With --device, the ON THE DEVICE column says whether the device has acknowledged each value or, while it is pending until the device next comes online, what it runs.",
    options: [product.option, device.option],
    examples: [
      Example("pcon tracker config show --product city-couriers", "the fleet's settings"),
      Example(
        "pcon tracker config show --product city-couriers --device courier-1 --json",
        "current and pending, as Particle's API returns them"),
    ],
    permission: Tracker.Needs.view,
    action: { run in
      let settings = try run.read { actor, tx in
        try Tracker.show(
          product: try run.required(product), device: run[device], by: actor, in: tx)
      }
      if run.wantsJSON { return run.emit(TrackerView.json(settings)) }
      run.emit(TrackerView.table(settings))
    })

  static let set = Command(
    "set", summary: "Change settings: every value is checked, and all land or none",
    discussion:
      "Each KEY=VALUE names a setting (MODULE.KEY) and a value of its type and range: true or false, a whole number, a number, or one of its values. An unknown module or setting is refused with the valid names. With --device the values are the development device's own. geofence settings are per device only. Setting location.interval_min below 600 seconds with sleep enabled is warned about: the carrier may ban the SIM for reconnecting too often.",
    arguments: [Argument("KEY=VALUE", "settings to change", variadic: true)],
    options: [product.option, developmentDevice.option],
    examples: [
      Example(
        "pcon tracker config set --product city-couriers location.radius=151 location.interval_min=30",
        "publish after moving 151 m, at most every 30 s"),
      Example(
        "pcon tracker config set --product city-couriers --device courier-1 geofence.zone1.enable=true",
        "a development device's own geofence"),
    ],
    permission: Tracker.Needs.update,
    action: { run in
      let change = try run.write { actor, tx in
        try Tracker.set(
          run.line.arguments["KEY=VALUE"] ?? [], product: try run.required(product),
          device: run[developmentDevice], by: actor, in: tx)
      }
      report(change, run)
    })

  static let preset = Command(
    "preset", summary: "Apply one of the console guide's typical settings to the product",
    discussion:
      "vehicle: location.radius 151, interval_min 30, interval_max 900, sleep disabled. vehicle-less-detail: radius 1600, interval_min 300, interval_max 900. theft: imu_trig.motion medium, interval_min 30, interval_max 3600. battery: motion medium, interval_min 900, interval_max 28800, sleep enabled. periodic: interval_min 120, interval_max 120. A preset sets only those settings: the rest keep their values, so an earlier preset's sleep or motion setting stays unless the new one names it.",
    arguments: [
      Argument("NAME", "the preset", allowed: TrackerPreset.allCases.map(\.rawValue))
    ],
    options: [product.option],
    examples: [
      Example("pcon tracker config preset battery --product city-couriers", "sleep between fixes")
    ],
    permission: Tracker.Needs.update,
    action: { run in
      let change = try run.write { actor, tx in
        try Tracker.preset(
          run.argument("NAME"), product: try run.required(product), by: actor, in: tx)
      }
      report(change, run)
    })

  /// The settings the change named, as they now stand; `config show` lists them all.
  private static func report(_ change: Tracker.Change, _ run: Invocation) {
    for warning in change.warnings { run.warn(warning) }
    if run.wantsJSON { return run.emit(TrackerView.json(change.settings)) }
    run.emit(TrackerView.table(change.settings, fields: change.changed))
  }
}
