import PconCore

/// `firmware release/unrelease/lock/unlock/target/status`: what devices are targeted to run.
extension FirmwareCommands {
  /// The subcommands of this aspect, listed by the `firmware` noun.
  static let releaseSubcommands: [Command] = [release, unrelease, lock, unlock, target, status]

  static let productDefault = Option(
    "product-default", "the product default release, for every device not otherwise targeted")
  static let group = Option(
    "group", value: "GROUP", "a device group of the product", repeatable: true,
    completion: .state(.groups))

  /// Where `--product-default` and `--group` send a change; nil when neither is given.
  static func place(_ run: Invocation) -> Firmware.Place? {
    if run.line.flag("product-default") { return .productDefault }
    let groups = run.line.values["group"] ?? []
    return groups.isEmpty ? nil : .groups(groups)
  }

  static let release = Command(
    "release", summary: "Release a version to the product default or to groups",
    discussion:
      "Shows the version, where it goes and how many devices it will update (impacted devices: those whose target changes to a version they do not already run), then asks (--yes skips the question). A version must run on at least one device of the product before it can be released: lock a device to it and let it connect. Releasing as the product default moves the default from the version that had it; releasing to a group replaces that group's release. Devices update at their next handshake. --dry-run lists the impacted devices, what they run and what they would be sent, and changes nothing.",
    arguments: [versionArgument],
    options: [
      SharedOptions.product.described("the product").required().option, productDefault, group,
      Option("dry-run", "show what the release would do, and change nothing"),
    ],
    examples: [
      Example(
        "pcon firmware release 3 --product 10001 --group beta --dry-run",
        "the devices a release to group beta would update"),
      Example(
        "pcon firmware release 3 --product 10001 --product-default --yes",
        "release version 3 to the whole fleet without asking"),
    ],
    conflicts: [["product-default", "group"]],
    permission: Firmware.Needs.release,
    action: { run in
      let version = try version(run)
      let product = try run.required(SharedOptions.product)
      guard let place = place(run) else {
        throw UsageError("give --product-default or at least one --group", path: run.line.path)
      }
      let dryRun = run.line.flag("dry-run")
      // With --yes there is no question, so nothing to preview: one transaction does it all.
      if !dryRun, run.line.flag("yes") {
        let released = try run.write { actor, tx in
          try Firmware.release(
            version, product: product, to: place, dryRun: false, by: actor, in: tx)
        }
        return ReleaseView.emit(released, dryRun: false, run)
      }
      let preview = try run.read { actor, tx in
        try Firmware.release(
          version, product: product, to: place, dryRun: true, by: actor, in: tx)
      }
      if dryRun { return ReleaseView.emit(preview, dryRun: true, run) }
      try run.confirm(ReleaseView.question(preview, verb: "release"))
      let released = try run.write { actor, tx in
        try Firmware.release(
          version, product: product, to: place, dryRun: false, by: actor, in: tx)
      }
      ReleaseView.emit(released, dryRun: false, run)
    })

  static let unrelease = Command(
    "unrelease", summary: "Take a version back from the product default, groups, or everywhere",
    discussion:
      "Without --product-default or --group the version is taken back from everywhere it is released. Its devices fall back to what precedence gives them next (a group's release, the product default, or nothing) and update at their next handshake. Asks first (--yes skips the question); --dry-run lists the devices it would update and changes nothing.",
    arguments: [versionArgument],
    options: [
      SharedOptions.product.described("the product").required().option, productDefault, group,
      Option("dry-run", "list the devices it would update, and change nothing"),
    ],
    conflicts: [["product-default", "group"]],
    permission: Firmware.Needs.release,
    action: { run in
      let version = try version(run)
      let product = try run.required(SharedOptions.product)
      let place = place(run)
      let dryRun = run.line.flag("dry-run")
      if dryRun || !run.line.flag("yes") {
        let preview = try run.read { actor, tx in
          try Firmware.unrelease(
            version, product: product, from: place, dryRun: true, by: actor, in: tx)
        }
        if dryRun { return ReleaseView.emit(preview, dryRun: true, run, verb: "unreleased") }
        try run.confirm(ReleaseView.question(preview, verb: "unrelease"))
      }
      let done = try run.write { actor, tx in
        try Firmware.unrelease(version, product: product, from: place, by: actor, in: tx)
      }
      ReleaseView.emit(done, dryRun: false, run, verb: "unreleased")
    })

  static let lock = Command(
    "lock", summary: "Lock a product device to one version, above every release",
    discussion:
      "The version must be uploaded to the device's product. The device receives it at its next handshake; with --flash-now an online device is updated at once (a development device too, since it is asked for by hand). A development device is never updated automatically, locked or not. 'pcon firmware unlock' makes releases apply again.",
    arguments: [DeviceCommands.deviceArgument, versionArgument],
    options: [Option("flash-now", "update the device now if it is online")],
    examples: [
      Example("pcon firmware lock pump-7 4 --flash-now", "try version 4 on one device now")
    ],
    permission: Firmware.Needs.lock,
    action: { run in
      let version = try version(run)
      let locked = try run.write { actor, tx in
        try Firmware.lock(
          run.argument("DEVICE"), to: version, flashNow: run.line.flag("flash-now"), by: actor,
          in: tx)
      }
      if run.wantsJSON { return run.emit(DeviceView.json(locked.device)) }
      let name = Visible.text(locked.device.name ?? locked.device.id)
      let when: String
      if locked.flashed {
        when = "flashed now"
      } else if locked.device.development {
        when = "a development device, so it is not updated automatically"
      } else if locked.device.firmwareVersion == version {
        when = "it already runs it"
      } else {
        when = "it updates at its next handshake"
      }
      if run.line.flag("flash-now") && !locked.flashed {
        run.notice("\(name) is offline: it updates at its next handshake")
      }
      run.print("locked \(name) to version \(version); \(when)\n")
    })

  static let unlock = Command(
    "unlock", summary: "Unlock a device: releases target it again",
    arguments: [DeviceCommands.deviceArgument],
    permission: Firmware.Needs.lock,
    action: { run in
      let (device, wasLocked) = try run.write { actor, tx in
        try Firmware.unlock(run.argument("DEVICE"), by: actor, in: tx)
      }
      if run.wantsJSON { return run.emit(DeviceView.json(device)) }
      let target = device.targetedFirmwareReleaseVersion.map { "version \($0)" } ?? "nothing"
      let name = Visible.text(device.name ?? device.id)
      run.print(
        wasLocked
          ? "unlocked \(name); it now targets \(target)\n"
          : "\(name) was not locked; it targets \(target)\n")
    })

  static let target = Command(
    "target", summary: "Show which version a device is targeted to run, and why",
    discussion:
      "The reason is the precedence rule that decided: development (development devices get nothing automatically), locked, group (the highest version released to any of its groups; GROUP names the group), product-default, or none.",
    arguments: [DeviceCommands.deviceArgument],
    permission: Firmware.Needs.view,
    action: { run in
      let (device, target) = try run.read { actor, tx in
        try Firmware.target(run.argument("DEVICE"), by: actor, in: tx)
      }
      if run.wantsJSON { return run.emit(ReleaseView.json(target, of: device)) }
      run.emit(ReleaseView.table(target, of: device))
    })

  static let status = Command(
    "status", summary: "Follow a version's rollout: targeted, running, waiting and failed devices",
    discussion:
      "Counts the product's devices targeted to VERSION, those running it, those waiting for it (targeted and not connected since the version was released) and those whose last update to it failed, then lists each device targeted to it with its state: running, waiting, failed, or targeted (connected since the release but not updated). Every count is of the devices the version targets, so the four states add up to targeted. JSON: {\"version\", \"targeted\", \"running\", \"waiting\", \"failed\", \"devices\": [{\"id\", \"name\", \"state\", \"firmware_version\"}]}.",
    arguments: [versionArgument],
    options: [SharedOptions.product.described("the product").required().option],
    examples: [
      Example(
        "pcon firmware status 3 --product 10001 --json", "gate a pipeline on a rollout's progress")
    ],
    permission: Firmware.Needs.view,
    action: { run in
      let version = try version(run)
      let product = try run.required(SharedOptions.product)
      let rollout = try run.read { actor, tx in
        try Firmware.status(version, product: product, by: actor, in: tx)
      }
      if run.wantsJSON { return run.emit(ReleaseView.json(rollout)) }
      run.print(
        "version \(rollout.version): \(rollout.targeted) targeted, \(rollout.running) running, \(rollout.waiting) waiting, \(rollout.failed) failed\n"
      )
      if !rollout.devices.isEmpty { run.emit(ReleaseView.table(rollout)) }
    })
}
