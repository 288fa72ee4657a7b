import PconCore

/// `sim list|pause|resume|release`: the SIMs of cellular devices.
enum SimCommands {
  static let simArgument = Argument(
    "ICCID|DEVICE", "the SIM's ICCID (19 or 20 digits), or the device (ID or name) it is in",
    completion: .state(.sims))

  static let sim = Command(
    "sim", summary: "List and manage the SIMs of cellular devices",
    discussion:
      "A SIM activated by 'pcon device claim --iccid' is billed while active. Pausing stops billing and can be undone; releasing removes it from your account. A SIM is named by its ICCID or by the device it is in; pausing a paused SIM, or resuming an active one, changes nothing and says so.",
    subcommands: [
      list, step(.pause, "Pause a SIM: no data, no billing"), step(.resume, "Resume a paused SIM"),
      step(.release, "Release a SIM from your account (asks first)"),
    ])

  static let list = Command(
    "list", aliases: ["ls"], summary: "List the SIMs in your account",
    permission: SIMs.Needs.list,
    action: { run in
      let sims = try run.read { actor, tx in
        try SIMs.listNamed(for: actor, in: tx)
      }
      if run.wantsJSON {
        return run.emit(.array(sims.map { SIMView.json($0.sim, usedBytes: $0.cellularBytes) }))
      }
      var table = Table(["ICCID", "STATUS", "DEVICE", "ACTIVATED", "MB THIS MONTH"])
      for (sim, name, used) in sims {
        table.add([
          .init(sim.iccid), .init(sim.status.rawValue, sim.status == .active ? .green : .yellow),
          .init(name ?? sim.deviceID ?? "-"), .init(Views.time(sim.activatedAt)),
          .init(Figures.megabytes(used)),
        ])
      }
      run.emit(table)
    })

  static func step(_ action: SIMs.Action, _ summary: String) -> Command {
    Command(
      action.rawValue, summary: summary, arguments: [simArgument],
      permission: SIMs.Needs.manage,
      action: { run in
        var reference = run.argument(simArgument.name)
        if action == .release {
          // Find the SIM before asking, so a typo is "not found", not a prompt.
          let sim = try run.read { actor, tx in try SIMs.find(reference, by: actor, in: tx) }
          try run.confirm("release SIM \(sim.iccid) from your account")
          reference = sim.iccid
        }
        let (sim, changed) = try run.write { actor, tx in
          try SIMs.perform(action, sim: reference, by: actor, in: tx)
        }
        if run.wantsJSON { return run.emit(SIMView.json(sim, usedBytes: nil)) }
        run.print(
          changed
            ? "SIM \(sim.iccid) \(action.pastTense)\n"
            : "SIM \(sim.iccid) is already \(sim.status.rawValue); nothing changed\n")
      })
  }
}
