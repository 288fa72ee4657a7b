import PconCore

/// Releases, targets and rollouts as `--json` and tables print them.
enum ReleaseView {
  /// Where a release goes, in words.
  static func place(_ release: Firmware.Release) -> String {
    var places: [String] = []
    if release.productDefault { places.append("the product default") }
    if !release.groups.isEmpty {
      places.append(
        (release.groups.count == 1 ? "group " : "groups ")
          + release.groups.map(Visible.text).joined(separator: ", "))
    }
    return places.joined(separator: " and ")
  }

  /// The question asked before a release or unrelease changes anything.
  static func question(_ release: Firmware.Release, verb: String) -> String {
    let count = release.impacted.count
    return
      "\(verb) firmware version \(release.version) of product \(release.product.slug) (\(verb == "release" ? "to" : "from") \(place(release))), updating \(count) device\(count == 1 ? "" : "s") at their next handshake"
  }

  /// CLI.md's release object; a dry run adds the impacted devices.
  static func json(_ release: Firmware.Release, dryRun: Bool) -> JSON {
    var pairs: [(String, JSON)] = [
      ("version", .int(release.version)), ("product_default", .bool(release.productDefault)),
      ("groups", .array(release.groups.map(JSON.string))),
      ("impacted_devices", .int(release.impacted.count)), ("dry_run", .bool(dryRun)),
    ]
    if dryRun {
      pairs.append(
        (
          "impacted",
          .array(
            release.impacted.map { impact in
              .object([
                ("id", .string(impact.device.id)), ("name", .string(impact.device.name)),
                ("running", .int(impact.running)), ("targeted", .int(impact.targeted)),
              ])
            })
        ))
    }
    return .object(pairs)
  }

  /// Prints a release: JSON, or a summary line and, for a dry run, the impacted devices.
  static func emit(
    _ release: Firmware.Release, dryRun: Bool, _ run: Invocation, verb: String = "released"
  ) {
    if run.wantsJSON { return run.emit(json(release, dryRun: dryRun)) }
    let count = release.impacted.count
    let devices = "\(count) device\(count == 1 ? "" : "s")"
    if !dryRun {
      return run.print(
        "\(verb) version \(release.version) \(verb == "released" ? "to" : "from") \(place(release)): \(devices) \(count == 1 ? "updates at its" : "update at their") next handshake\n"
      )
    }
    run.print(
      "version \(release.version) \(verb == "released" ? "to" : "taken back from") \(place(release)): \(devices) would be updated (dry run: nothing changed)\n"
    )
    guard count > 0 else { return }
    var table = Table(["ID", "NAME", "RUNNING", "TARGETED"])
    for impact in release.impacted {
      table.add([
        .init(impact.device.id),
        .init(impact.device.name ?? "-", impact.device.name == nil ? .dim : .plain),
        .init(impact.running.map(String.init) ?? "-"),
        .init(impact.targeted.map(String.init) ?? "-"),
      ])
    }
    run.emit(table)
  }

  /// CLI.md's `firmware target` object.
  static func json(_ target: FirmwareTarget, of device: Device) -> JSON {
    .object([
      ("device_id", .string(device.id)), ("version", .int(target.version)),
      ("reason", .string(target.reason.rawValue)), ("group", .string(target.group)),
    ])
  }

  static func table(_ target: FirmwareTarget, of device: Device) -> Table {
    var table = Table(["DEVICE", "NAME", "RUNNING", "TARGETED", "REASON", "GROUP"])
    table.add([
      .init(device.id), .init(device.name ?? "-", device.name == nil ? .dim : .plain),
      .init(device.firmwareVersion.map(String.init) ?? "-"),
      .init(target.version.map(String.init) ?? "-"), .init(target.reason.rawValue),
      .init(target.group ?? "-"),
    ])
    return table
  }

  /// The `firmware status` object: counts, then each device with its state.
  static func json(_ rollout: Firmware.Rollout) -> JSON {
    .object([
      ("version", .int(rollout.version)), ("targeted", .int(rollout.targeted)),
      ("running", .int(rollout.running)), ("waiting", .int(rollout.waiting)),
      ("failed", .int(rollout.failed)),
      (
        "devices",
        .array(
          rollout.devices.map { entry in
            .object([
              ("id", .string(entry.device.id)), ("name", .string(entry.device.name)),
              ("state", .string(entry.state.rawValue)),
              ("firmware_version", .int(entry.device.firmwareVersion)),
            ])
          })
      ),
    ])
  }

  static func table(_ rollout: Firmware.Rollout) -> Table {
    var table = Table(["ID", "NAME", "STATE", "RUNNING", "LAST HANDSHAKE"])
    for (device, state) in rollout.devices {
      table.add([
        .init(device.id), .init(device.name ?? "-", device.name == nil ? .dim : .plain),
        .init(state.rawValue, state == .failed ? .red : state == .running ? .green : .plain),
        .init(device.firmwareVersion.map(String.init) ?? "-"),
        .init(Views.time(device.lastHandshakeAt)),
      ])
    }
    return table
  }
}
