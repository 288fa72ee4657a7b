import PconCore

/// `group …`: a product's device groups, the sets of devices firmware can be released to.
enum GroupCommands {
  static let product = SharedOptions.product.described("the product").required()
  static let nameArgument = Argument("NAME", "the group's name", completion: .state(.groups))
  static let devicesArgument = Argument(
    "DEVICE", "device IDs or names of the product's devices", variadic: true,
    completion: .state(.devices))
  static let description = Option("description", value: "TEXT", "what the group is for")
  static let color = Option("color", value: "#RRGGBB", "the colour the console shows it in")

  static let group = Command(
    "group", summary: "Group a product's devices for firmware releases",
    discussion:
      "A group is a named set of a product's devices; firmware can be released to groups as well as to the whole product. A group name is 1 to 64 lower-case letters, digits, '-' and '_', unique in its product. A device may be in any number of groups. Deleting a group takes it off its devices and off any firmware released to it.",
    subcommands: [create, list, show, edit, delete, add, remove])

  static let create = Command(
    "create", summary: "Create a group",
    arguments: [Argument("NAME", "a-z, 0-9, '-' and '_', at most 64")],
    options: [product.option, description, color],
    examples: [
      Example(
        "pcon group create beta --product 10001 --color '#2E86DE'", "a group for beta testers")
    ],
    permission: Firmware.Needs.createGroup,
    action: { run in
      let group = try run.write { actor, tx in
        try Groups.create(
          run.argument("NAME"), product: try run.required(product),
          description: run.line.value("description"), color: run.line.value("color"), by: actor,
          in: tx)
      }
      if run.wantsJSON { return run.emit(json(group, deviceCount: 0)) }
      run.print("created group \(group.name)\n")
    })

  static let list = Command(
    "list", aliases: ["ls"], summary: "List a product's groups and how many devices each has",
    options: [product.option],
    permission: Firmware.Needs.listGroups,
    action: { run in
      let summaries = try run.read { actor, tx in
        try Groups.list(product: try run.required(product), by: actor, in: tx)
      }
      if run.wantsJSON {
        return run.emit(.array(summaries.map { json($0.group, deviceCount: $0.deviceCount) }))
      }
      var table = Table(["NAME", "DEVICES", "COLOR", "CREATED", "DESCRIPTION"])
      for summary in summaries {
        let group = summary.group
        table.add(
          group.name, String(summary.deviceCount), group.color ?? "-", Views.time(group.createdAt),
          group.description.map(Views.oneLine) ?? "")
      }
      run.emit(table)
    })

  static let show = Command(
    "show", summary: "Show a group and its devices",
    arguments: [nameArgument],
    options: [product.option],
    permission: Firmware.Needs.showGroup,
    action: { run in
      let (group, devices) = try run.read { actor, tx in
        try Groups.show(run.argument("NAME"), product: try run.required(product), by: actor, in: tx)
      }
      if run.wantsJSON {
        guard case .object(var pairs) = json(group, deviceCount: devices.count) else { return }
        pairs.append(("devices", .array(devices.map(\.id).sorted().map(JSON.string))))
        return run.emit(.object(pairs))
      }
      var table = Table(["FIELD", "VALUE"])
      table.add("name", group.name)
      table.add("description", group.description.map { Views.summarise($0, 200) } ?? "-")
      table.add("color", group.color ?? "-")
      table.add("created", Views.time(group.createdAt))
      table.add("devices", String(devices.count))
      run.emit(table)
      if !devices.isEmpty {
        run.print("\n")
        run.emit(Views.deviceTable(devices.sorted { $0.id < $1.id }))
      }
    })

  static let edit = Command(
    "edit", summary: "Change a group's description or colour",
    discussion: "An empty value clears it: --description ''.",
    arguments: [nameArgument],
    options: [product.option, description, color],
    permission: Firmware.Needs.updateGroup,
    action: { run in
      let edited = try run.write { actor, tx in
        try Groups.edit(
          run.argument("NAME"), product: try run.required(product),
          description: run.line.value("description"), color: run.line.value("color"), by: actor,
          in: tx)
      }
      if run.wantsJSON { return run.emit(json(edited.group, deviceCount: edited.deviceCount)) }
      run.print("edited group \(edited.group.name)\n")
    })

  static let delete = Command(
    "delete", summary: "Delete a group, taking it off its devices and its firmware releases",
    discussion:
      "Asks first, saying how many devices leave the group and which versions are no longer released to it (--yes skips the question).",
    arguments: [nameArgument],
    options: [product.option],
    permission: Firmware.Needs.removeGroup,
    action: { run in
      if !run.line.flag("yes") {
        let preview = try run.read { actor, tx in
          try Groups.deletion(
            run.argument("NAME"), product: try run.required(product), by: actor, in: tx)
        }
        let releases =
          preview.releases.isEmpty
          ? ""
          : " and taking back firmware \(preview.releases.map(String.init).joined(separator: ", ")) released to it"
        try run.confirm(
          "delete group \(preview.group), taking it off \(Views.count(preview.devices, "device"))\(releases)"
        )
      }
      let deletion = try run.write { actor, tx in
        try Groups.delete(
          run.argument("NAME"), product: try run.required(product), by: actor, in: tx)
      }
      if run.wantsJSON {
        return run.emit(
          .object([
            ("name", .string(deletion.group)), ("device_count", .int(deletion.devices)),
            ("unreleased_versions", .array(deletion.releases.map { .int($0) })),
          ]))
      }
      var text =
        "deleted group \(deletion.group); \(Views.count(deletion.devices, "device")) left it"
      if !deletion.releases.isEmpty {
        let versions = deletion.releases.map(String.init).joined(separator: ", ")
        text += "; firmware \(versions) is no longer released to it"
      }
      run.print(text + "\n")
    })

  static let add = Command(
    "add", summary: "Put devices in a group",
    discussion: "A device already in the group is left as it is, and said so.",
    arguments: [nameArgument, devicesArgument],
    options: [product.option],
    examples: [Example("pcon group add beta pump-7 pump-9 --product 10001", "two devices")],
    permission: Firmware.Needs.updateGroup,
    action: { run in
      let change = try run.write { actor, tx in
        try Groups.add(
          run.line.arguments["DEVICE"] ?? [], to: run.argument("NAME"),
          product: try run.required(product), by: actor, in: tx)
      }
      report(change, joining: true, run)
    })

  static let remove = Command(
    "remove", aliases: ["rm"], summary: "Take devices out of a group",
    discussion: "A device not in the group is left as it is, and said so.",
    arguments: [nameArgument, devicesArgument],
    options: [product.option],
    permission: Firmware.Needs.updateGroup,
    action: { run in
      let change = try run.write { actor, tx in
        try Groups.remove(
          run.line.arguments["DEVICE"] ?? [], from: run.argument("NAME"),
          product: try run.required(product), by: actor, in: tx)
      }
      report(change, joining: false, run)
    })

  /// A group as `--json` prints it: CLI.md's keys in its order.
  static func json(_ group: DeviceGroup, deviceCount: Int) -> JSON {
    .object([
      ("name", .string(group.name)), ("description", .string(group.description)),
      ("color", .string(group.color)), ("device_count", .int(deviceCount)),
      ("created_at", .string(group.createdAt.iso8601)),
    ])
  }

  /// What `add` or `remove` did: JSON naming the devices changed and those left as they were,
  /// or a line for each, as git reports a change that was already made.
  private static func report(_ change: Groups.Change, joining: Bool, _ run: Invocation) {
    if run.wantsJSON {
      return run.emit(
        .object([
          ("group", .string(change.group)),
          (joining ? "added" : "removed", .array(change.changed.map { .string($0.id) })),
          (joining ? "already_in" : "not_in", .array(change.unchanged.map { .string($0.id) })),
        ]))
    }
    func names(_ devices: [Device]) -> String {
      devices.map { $0.name ?? $0.id }.joined(separator: ", ")
    }
    if !change.changed.isEmpty {
      let count = Views.count(change.changed.count, "device")
      let action = joining ? "added \(count) to" : "removed \(count) from"
      run.print("\(action) group \(change.group): \(names(change.changed))\n")
    }
    if !change.unchanged.isEmpty {
      let state = joining ? "already in" : "not in"
      run.print("\(state) group \(change.group), left as they were: \(names(change.unchanged))\n")
    }
  }
}
