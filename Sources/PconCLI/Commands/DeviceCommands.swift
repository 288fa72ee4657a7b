import PconCore

/// `device …`: the sandbox fleet, and the handshake devices make with the cloud.
enum DeviceCommands {
  static let deviceArgument = Argument(
    "DEVICE", "a 24-hex-digit device ID or a device name", completion: .state(.devices))

  static let device = Command(
    "device", summary: "Claim, list, name and connect devices",
    discussion:
      "DEVICE is a 24-hex-digit device ID or the name of one of your devices. Your free sandbox holds up to 100 devices.",
    subcommands: [list, show, claim, rename, notes, unclaim, connect, disconnect])

  static let list = Command(
    "list", aliases: ["ls"], summary: "List your devices",
    options: [
      Option("online", "only devices that are online"),
      Option("offline", "only devices that are offline"),
      Option("group", value: "G", "only devices in group G", repeatable: true),
      Option(
        "platform", value: "NAME", "only devices of this platform",
        completion: .values(Platform.all.map(\.name))),
      Option("development", "only development devices"),
      Option("name", value: "SUBSTRING", "only devices whose name contains SUBSTRING (any case)"),
      Option(
        "sort", value: "KEY", "order of the list",
        allowed: DeviceQuery.Sort.allCases.map(\.rawValue), default: "name"),
      Option("limit", value: "N", "show at most N devices"),
    ],
    examples: [
      Example("pcon device list --online --platform boron", "online Borons"),
      Example(
        "pcon device list --sort last-heard --limit 5 --json",
        "the five most recently heard, as JSON"),
    ],
    action: { run in
      var query = DeviceQuery()
      if run.line.flag("online") && run.line.flag("offline") {
        throw UsageError("--online and --offline cannot be used together", path: run.line.path)
      }
      if run.line.flag("online") { query.online = true }
      if run.line.flag("offline") { query.online = false }
      if let platform = run.line.value("platform") { query.platform = try Platform.named(platform) }
      query.groups = run.line.values["group"] ?? []
      if run.line.flag("development") { query.development = true }
      query.nameContains = run.line.value("name")
      query.sort = DeviceQuery.Sort(rawValue: run.line.value("sort") ?? "name") ?? .name
      query.limit = try run.integer("limit", in: 1...Int64(Int32.max)).map(Int.init)
      let devices = try run.store().read { tx in
        try Fleet.list(query, for: try run.identity.resolve(in: tx), in: tx)
      }
      if run.wantsJSON { return DeviceOutput.emitList(devices, to: run.context.stdout) }
      run.emit(Views.deviceTable(devices))
    })

  static let show = Command(
    "show", summary: "Show every field of a device",
    arguments: [deviceArgument],
    action: { run in
      let device = try run.store().read { tx in
        try Fleet.resolve(run.argument("DEVICE"), for: try run.identity.resolve(in: tx), in: tx)
      }
      if run.wantsJSON { return run.emit(device.json) }
      run.emit(Views.deviceDetail(device))
    })

  static let claim = Command(
    "claim", summary: "Claim a device into your sandbox",
    discussion:
      "A device already claimed by another account is refused. A cellular device claimed with --iccid activates that SIM in your account.",
    arguments: [Argument("DEVICE-ID", "the device's 24-hex-digit ID")],
    options: [
      Option(
        "platform", value: "NAME", "the device's platform, e.g. argon, boron, p2", required: true,
        completion: .values(Platform.all.map(\.name))),
      Option("name", value: "NAME", "a name: letters, digits, '_' and '-', at most 63"),
      Option("iccid", value: "ICCID", "the ICCID of the device's SIM (cellular platforms)"),
    ],
    examples: [
      Example(
        "pcon device claim 0123456789abcdef01234567 --platform boron --name pump-7",
        "claim and name a Boron")
    ],
    action: { run in
      let platform = try Platform.named(run.line.value("platform") ?? "")
      let device = try run.store().write { tx in
        try Fleet.claim(
          id: run.argument("DEVICE-ID"), platform: platform, name: run.line.value("name"),
          iccid: run.line.value("iccid"),
          by: try run.identity.resolve(in: tx), in: tx)
      }
      if run.wantsJSON { return run.emit(device.json) }
      run.print("claimed \(device.id)\(device.name.map { " (\($0))" } ?? "")\n")
    })

  static let rename = Command(
    "rename", summary: "Give a device a new name",
    arguments: [
      deviceArgument,
      Argument("NAME", "letters, digits, '_' and '-', at most 63, unique among your devices"),
    ],
    action: { run in
      let device = try run.store().write { tx in
        try Fleet.rename(
          run.argument("DEVICE"), to: run.argument("NAME"), by: try run.identity.resolve(in: tx),
          in: tx)
      }
      if run.wantsJSON { return run.emit(device.json) }
      run.print("renamed \(device.id) to \(device.name ?? "")\n")
    })

  static let notes = Command(
    "notes", summary: "Set a device's notes (an empty TEXT clears them)",
    arguments: [deviceArgument, Argument("TEXT", "the notes, at most 4096 bytes")],
    action: { run in
      let device = try run.store().write { tx in
        try Fleet.setNotes(
          run.argument("DEVICE"), to: run.argument("TEXT"), by: try run.identity.resolve(in: tx),
          in: tx)
      }
      if run.wantsJSON { return run.emit(device.json) }
      run.print(
        device.notes == nil
          ? "cleared the notes of \(device.id)\n" : "updated the notes of \(device.id)\n")
    })

  static let unclaim = Command(
    "unclaim", summary: "Release a device from your sandbox",
    discussion:
      "Asks for confirmation (--yes skips it). A cellular device's SIM stays in your account and is still billed until you pause or release it with 'pcon sim'.",
    arguments: [deviceArgument],
    action: { run in
      let store = try run.store()
      let device = try store.read { tx in
        try Fleet.resolve(run.argument("DEVICE"), for: try run.identity.resolve(in: tx), in: tx)
      }
      try run.confirm("unclaim device \(device.id)\(device.name.map { " (\($0))" } ?? "")")
      let result = try store.write { tx in
        try Fleet.unclaim(device.id, by: try run.identity.resolve(in: tx), in: tx)
      }
      if let iccid = result.billedSIM {
        let sim = iccid.isEmpty ? "its SIM" : "SIM \(iccid)"
        let how =
          iccid.isEmpty
          ? "until it is paused or released"
          : "until 'pcon sim pause \(iccid)' or 'pcon sim release \(iccid)'"
        run.warn("\(result.device.id) is cellular: \(sim) is still billed \(how)")
      }
      if run.wantsJSON {
        return run.emit(
          .object([
            ("id", .string(result.device.id)), ("unclaimed", .bool(true)),
            ("billed_sim", .string(result.billedSIM.flatMap { $0.isEmpty ? nil : $0 })),
          ]))
      }
      run.print("unclaimed \(result.device.id)\n")
    })

  static let connect = Command(
    "connect", summary: "Play a device's handshake with the cloud: it comes online",
    discussion:
      "Sets the device online with last_handshake_at and last_heard now, and records what it reports: the product firmware version it runs, its Device OS version and its IP address.",
    arguments: [deviceArgument],
    options: [
      Option("firmware-version", value: "N", "the product firmware version the device runs"),
      Option("device-os", value: "X.Y.Z", "the Device OS version it runs"),
      Option("ip", value: "ADDR", "the public IP address it connects from"),
    ],
    action: { run in
      let handshake = Fleet.Handshake(
        firmwareVersion: try run.integer("firmware-version", in: 1...65535).map(Int.init),
        deviceOS: run.line.value("device-os"), ipAddress: run.line.value("ip"))
      let device = try run.store().write { tx in
        try Fleet.connect(
          run.argument("DEVICE"), handshake: handshake, by: try run.identity.resolve(in: tx), in: tx
        )
      }
      if run.wantsJSON { return run.emit(device.json) }
      run.print("\(device.name ?? device.id) is online\n")
    })

  static let disconnect = Command(
    "disconnect", summary: "A device drops its cloud connection: it goes offline",
    arguments: [deviceArgument],
    action: { run in
      let device = try run.store().write { tx in
        try Fleet.disconnect(run.argument("DEVICE"), by: try run.identity.resolve(in: tx), in: tx)
      }
      if run.wantsJSON { return run.emit(device.json) }
      run.print("\(device.name ?? device.id) is offline\n")
    })
}
