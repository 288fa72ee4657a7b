import PconCore

/// `device …`: sandbox and product devices, and the handshake devices make with the cloud.
enum DeviceCommands {
  static let deviceArgument = Argument(
    "DEVICE", "a 24-hex-digit device ID or a device name", completion: .state(.devices))
  static let sort = OptionKey<DeviceQuery.Sort>(
    enumeration: Option("sort", value: "KEY", "order of the list", default: "name"))
  static let firmwareVersion = OptionKey.integer(
    Option("firmware-version", value: "N", "the product firmware version the device runs"),
    in: 1...65535)
  static let productID = OptionKey.integer(
    Option("product-id", value: "N", "the product ID compiled into its firmware"),
    in: 1...Int(Int32.max))
  static let name = OptionKey(
    Option(
      "name", value: "NAME",
      "a name: letters, digits, '_' and '-', at most 63, not starting with '-', unique among the devices you see"
    ))

  static let device = Command(
    "device", summary: "Claim, import, list, name and connect devices",
    discussion:
      "DEVICE is a 24-hex-digit device ID or the name of a device you can see: your own, and those of the products you are on. A name you give is unique among the devices you see; a name two of them still share (seen through two teams) is refused listing their IDs, so use an ID. Your free sandbox holds up to 100 devices, counted together with the free products you own.",
    subcommands: [
      list, show, claim, rename, notes, unclaim, connect, disconnect, importDevices, remove,
      development,
    ])

  static let list = Command(
    "list", aliases: ["ls"], summary: "List your devices, or a product's",
    options: [
      SharedOptions.product.option,
      Option("online", "only devices that are online"),
      Option("offline", "only devices that are offline"),
      Option(
        "group", value: "GROUP", "only devices in GROUP (repeat for any of several)",
        repeatable: true, completion: .state(.groups)),
      SharedOptions.platform.described("only devices of this platform").option,
      Option("development", "only development devices"),
      Option("quarantined", "with --product: the devices waiting in quarantine instead"),
      Option("name", value: "SUBSTRING", "only devices whose name contains SUBSTRING (any case)"),
      sort.option,
      SharedOptions.limit.described("show at most N devices").option,
    ],
    examples: [
      Example("pcon device list --online --platform boron", "online Borons"),
      Example("pcon device list --product 10001 --json", "a product's fleet, as JSON"),
    ],
    conflicts: [["online", "offline"]],
    requires: ["quarantined": "product"],
    permission: Fleet.Needs.list,
    action: { run in
      var query = DeviceQuery()
      if run.line.flag("online") { query.online = true }
      if run.line.flag("offline") { query.online = false }
      query.platform = run[SharedOptions.platform]
      query.groups = run.line.values["group"] ?? []
      if run.line.flag("development") { query.development = true }
      query.nameContains = run.line.value("name")
      query.sort = run[sort] ?? .name
      query.limit = run[SharedOptions.limit]
      let product = run[SharedOptions.product]
      let (devices, elsewhere) = try run.read { actor, tx in
        let devices = try Fleet.list(
          query, product: product, quarantined: run.line.flag("quarantined"), by: actor, in: tx)
        let elsewhere =
          devices.isEmpty && product == nil ? try Fleet.elsewhere(for: actor, in: tx) : []
        return (devices, elsewhere)
      }
      if run.wantsJSON {
        DeviceOutput.emitList(devices, to: run.context.stdout)
      } else {
        run.emit(Views.deviceTable(devices))
      }
      if let hint = Views.elsewhereHint(elsewhere, command: "pcon device list") {
        run.notice(hint)
      }
    })

  static let show = Command(
    "show", summary: "Show every field of a device",
    discussion:
      "The product is shown by its slug and ID. A device waiting in a product's quarantine, not yet imported, is marked quarantined (\"quarantined\": true in --json).",
    arguments: [deviceArgument],
    permission: Fleet.Needs.show,
    action: { run in
      let detail = try run.read { actor, tx in
        try Fleet.show(run.argument("DEVICE"), by: actor, in: tx)
      }
      if run.wantsJSON { return run.emit(DeviceView.json(detail.device)) }
      run.emit(Views.deviceDetail(detail))
    })

  static let claim = Command(
    "claim", summary: "Claim a device into your sandbox",
    discussion:
      "A device already claimed by another account is refused, and so is a device the cloud knows (one waiting in a quarantine you see) claimed as another platform than it reported. A cellular device claimed with --iccid activates that SIM in your account.",
    arguments: [Argument("DEVICE-ID", "the device's 24-hex-digit ID")],
    options: [
      SharedOptions.platform.described("the device's platform, e.g. argon, boron, p2").required()
        .option,
      name.option,
      Option("iccid", value: "ICCID", "the ICCID of the device's SIM (cellular platforms)"),
    ],
    examples: [
      Example(
        "pcon device claim 0123456789abcdef01234567 --platform boron --name pump-7",
        "claim and name a Boron")
    ],
    permission: Fleet.Needs.claim,
    action: { run in
      let platform = try run.required(SharedOptions.platform)
      let device = try run.write { actor, tx in
        try Fleet.claim(
          id: run.argument("DEVICE-ID"), platform: platform, name: run[name],
          iccid: run.line.value("iccid"), by: actor, in: tx)
      }
      if run.wantsJSON { return run.emit(DeviceView.json(device)) }
      run.print("claimed \(device.id)\(device.name.map { " (\(Visible.text($0)))" } ?? "")\n")
    })

  static let rename = Command(
    "rename", summary: "Give a device a new name",
    arguments: [
      deviceArgument,
      Argument(
        "NAME",
        "letters, digits, '_' and '-', at most 63, not starting with '-', unique among the devices you see and the owner's"
      ),
    ],
    permission: Fleet.Needs.rename,
    action: { run in
      let device = try run.write { actor, tx in
        try Fleet.rename(
          run.argument("DEVICE"), to: run.argument("NAME"), by: actor, in: tx)
      }
      if run.wantsJSON { return run.emit(DeviceView.json(device)) }
      run.print("renamed \(device.id) to \(Visible.text(device.name ?? ""))\n")
    })

  static let notes = Command(
    "notes", summary: "Set a device's notes (an empty TEXT clears them)",
    arguments: [deviceArgument, Argument("TEXT", "the notes, at most 4096 bytes")],
    permission: Fleet.Needs.notes,
    action: { run in
      let device = try run.write { actor, tx in
        try Fleet.setNotes(
          run.argument("DEVICE"), to: run.argument("TEXT"), by: actor, in: tx)
      }
      if run.wantsJSON { return run.emit(DeviceView.json(device)) }
      run.print(
        device.notes == nil
          ? "cleared the notes of \(device.id)\n" : "updated the notes of \(device.id)\n")
    })

  static let unclaim = Command(
    "unclaim", summary: "Release a device from its owner",
    discussion:
      "Asks for confirmation (--yes skips it). A sandbox device leaves the state; a product device stays in its product, unclaimed. A device nobody has claimed is refused. A cellular device's SIM stays in your account and is still billed until you pause or release it with 'pcon sim': when pcon knows an active SIM, a warning says so before the question.",
    arguments: [deviceArgument],
    permission: Fleet.Needs.unclaim,
    action: { run in
      let preview = try run.read { actor, tx in
        try Fleet.unclaimable(run.argument("DEVICE"), by: actor, in: tx)
      }
      let device = preview.device
      // Said before the question, so the answer is given knowing it.
      if let iccid = preview.billedSIM {
        run.warn(
          "\(device.id) is cellular: SIM \(iccid) is still billed until 'pcon sim pause \(iccid)' or 'pcon sim release \(iccid)'"
        )
      }
      try run.confirm("unclaim device \(device.id)\(device.name.map { " (\($0))" } ?? "")")
      let result = try run.write { actor, tx in
        try Fleet.unclaim(device.id, by: actor, in: tx)
      }
      if run.wantsJSON {
        return run.emit(
          .object([
            ("id", .string(result.device.id)), ("unclaimed", .bool(true)),
            ("billed_sim", .string(result.billedSIM)),
          ]))
      }
      run.print("unclaimed \(result.device.id)\n")
    })

  static let connect = Command(
    "connect", summary: "Play a device's handshake with the cloud: it comes online",
    discussion:
      "Sets the device online with last_handshake_at and last_heard now, and records what it reports: the product firmware version it runs, its Device OS version and its IP address. A device reporting a product ID joins that product if it was imported into it, and is quarantined there otherwise: listed by 'device list --product P --quarantined', not admitted. A product device whose targeted firmware ('pcon firmware target') differs from what it runs is updated over the air: spark/flash/status events 'started' then 'success', and firmware_version becomes the target; with --ota-fail the update fails ('started' then 'failed') and it keeps what it ran.",
    arguments: [deviceArgument],
    options: [
      firmwareVersion.option,
      productID.option,
      Option("device-os", value: "X.Y.Z", "the Device OS version it runs"),
      Option("ip", value: "ADDR", "the public IP address it connects from"),
      Option("ota-fail", "simulate an over-the-air update that fails"),
    ],
    permission: Fleet.Needs.connect,
    action: { run in
      let handshake = Fleet.Handshake(
        firmwareVersion: run[firmwareVersion],
        deviceOS: run.line.value("device-os"), ipAddress: run.line.value("ip"),
        productID: run[productID], otaFails: run.line.flag("ota-fail"))
      let device = try run.write { actor, tx in
        try Fleet.connect(
          run.argument("DEVICE"), handshake: handshake, by: actor, in: tx)
      }
      if run.wantsJSON { return run.emit(DeviceView.json(device)) }
      if device.quarantined, let product = device.productID {
        return run.print(
          "\(device.name ?? device.id) is online, quarantined in product \(product) (not imported)\n"
        )
      }
      run.print("\(device.name ?? device.id) is online\n")
      // An update in this handshake carries the handshake's time.
      if let ota = device.lastOTA, ota.at == device.lastHandshakeAt {
        run.print(
          ota.status == .success
            ? "updated over the air to firmware version \(ota.version)\n"
            : "the update to firmware version \(ota.version) failed; it still runs \(device.firmwareVersion.map(String.init) ?? "unknown firmware")\n"
        )
      }
    })

  static let disconnect = Command(
    "disconnect", summary: "A device drops its cloud connection: it goes offline",
    arguments: [deviceArgument],
    permission: Fleet.Needs.connect,
    action: { run in
      let device = try run.write { actor, tx in
        try Fleet.disconnect(run.argument("DEVICE"), by: actor, in: tx)
      }
      if run.wantsJSON { return run.emit(DeviceView.json(device)) }
      run.print("\(device.name ?? device.id) is offline\n")
    })

  static let importDevices = Command(
    "import", summary: "Import device IDs into a product",
    discussion:
      "Reads one device ID per line from FILE or standard input; blank lines and # comments are ignored, IDs in any case, duplicates folded. Skipped IDs are listed under their reasons: invalid, already-in-product, claimed-outside-team, platform-mismatch, plan-limit. Exits 1 only if nothing was imported.",
    arguments: [
      Argument("FILE", "a file of device IDs, or - for standard input", completion: .file)
    ],
    options: [
      SharedOptions.product.described("the product to import into").required().option
    ],
    examples: [Example("pcon device import --product 10001 ids.txt", "import a batch of devices")],
    permission: Products.Needs.importDevices,
    action: { run in
      var input = try run.input(run.argument("FILE"))
      let product = try run.required(SharedOptions.product)
      let list = try DeviceImport.read(&input)
      if run.context.stderr.isTerminal { run.notice("importing…") }
      let report = try run.write { actor, tx in
        try DeviceImport.run(
          list, into: product,
          by: actor, in: tx)
      }
      if run.wantsJSON {
        run.emit(
          .object([
            ("imported", .array(report.imported.map(JSON.string))),
            ("existing", .array(report.existing.map(JSON.string))),
            (
              "skipped",
              .array(
                report.skipped.map {
                  .object([("id", .string($0.subject)), ("reason", .string($0.message))])
                })
            ),
          ]))
      } else {
        run.print(
          "imported \(report.imported.count), already in the product \(report.existing.count), skipped \(report.skipped.count)\n"
        )
        for id in report.imported.prefix(20) { run.print("  \(id)\n") }
        if report.imported.count > 20 { run.print("  … and \(report.imported.count - 20) more\n") }
        run.print(NoticeView.grouped(report.skipped, heading: "skipped"))
      }
      if report.skipped.contains(where: { $0.message == DeviceImport.Reason.planLimit.rawValue }) {
        run.notice(
          "hint: the plan has no room for more devices ('pcon billing usage' shows it); an organization adds some with 'pcon billing blocks add N --org ORG'"
        )
      }
      if let version = report.defaultRelease {
        run.notice(
          "the imported devices update to the product default release, version \(version), at their next handshake"
        )
      }
      if report.imported.isEmpty && (!report.skipped.isEmpty || report.existing.isEmpty) {
        throw CommandFailed(status: .refused)
      }
    })

  static let remove = Command(
    "remove", summary: "Remove a device from a product",
    arguments: [deviceArgument],
    options: [
      SharedOptions.product.described("the product").required().option
    ],
    permission: Products.Needs.removeDevice,
    action: { run in
      let product = try run.required(SharedOptions.product)
      let device = try run.write { actor, tx in
        try Products.remove(
          run.argument("DEVICE"), from: product, by: actor,
          in: tx)
      }
      if run.wantsJSON {
        return run.emit(.object([("id", .string(device.id)), ("removed", .bool(true))]))
      }
      run.print("removed \(device.id) from product \(product)\n")
    })

  static let development = Command(
    "development", summary: "Mark a product device as a development device, or not",
    discussion: "A development device is not updated by product firmware releases.",
    arguments: [deviceArgument, Argument("STATE", "on or off", allowed: ["on", "off"])],
    permission: Products.Needs.editDevice,
    action: { run in
      let device = try run.write { actor, tx in
        try Products.setDevelopment(
          run.argument("DEVICE"), run.argument("STATE") == "on", by: actor, in: tx)
      }
      if run.wantsJSON { return run.emit(DeviceView.json(device)) }
      run.print(
        "\(device.name ?? device.id) is \(device.development ? "now" : "no longer") a development device\n"
      )
    })
}
