import PconCore

/// `sim list|pause|resume|release`: the SIMs of cellular devices.
enum SimCommands {
  static let iccidArgument = Argument(
    "ICCID", "the SIM's ICCID (19 or 20 digits)", completion: .state(.sims))

  static let sim = Command(
    "sim", summary: "List and manage the SIMs of cellular devices",
    discussion:
      "A SIM activated by 'pcon device claim --iccid' is billed while active. Pausing stops billing and can be undone; releasing removes it from your account.",
    subcommands: [
      list, step(.pause, "Pause a SIM: no data, no billing"), step(.resume, "Resume a paused SIM"),
      step(.release, "Release a SIM from your account (asks first)"),
    ])

  static let list = Command(
    "list", aliases: ["ls"], summary: "List the SIMs in your account",
    permission: SIMs.Needs.list,
    action: { run in
      let sims = try run.read { actor, tx in
        try SIMs.list(for: actor, in: tx)
      }
      if run.wantsJSON { return run.emit(.array(sims.map(SIMView.json))) }
      var table = Table(["ICCID", "STATUS", "DEVICE", "ACTIVATED"])
      for sim in sims {
        table.add([
          .init(sim.iccid), .init(sim.status.rawValue, sim.status == .active ? .green : .yellow),
          .init(sim.deviceID ?? "-"), .init(Views.time(sim.activatedAt)),
        ])
      }
      run.emit(table)
    })

  static func step(_ action: SIMs.Action, _ summary: String) -> Command {
    Command(
      action.rawValue, summary: summary, arguments: [iccidArgument],
      permission: SIMs.Needs.manage,
      action: { run in
        let iccid = run.argument("ICCID")
        if action == .release {
          // Check the SIM exists before asking, so a typo is "not found", not a prompt.
          _ = try run.read { actor, tx in
            try SIMs.list(for: actor, in: tx).first { $0.iccid == iccid }
              ?? { throw PconError.simNotFound(iccid) }()
          }
          try run.confirm("release SIM \(iccid) from your account")
        }
        let sim = try run.write { actor, tx in
          try SIMs.perform(action, iccid: iccid, by: actor, in: tx)
        }
        if run.wantsJSON { return run.emit(SIMView.json(sim)) }
        run.print("SIM \(sim.iccid) \(action.pastTense)\n")
      })
  }
}
