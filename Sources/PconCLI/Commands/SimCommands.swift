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
      let sims = try run.store().read { tx in
        try SIMs.list(for: try run.person(in: tx), in: tx)
      }
      if run.wantsJSON { return run.emit(.array(sims.map(\.json))) }
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
        let store = try run.store()
        if action == .release {
          // Check the SIM exists before asking, so a typo is "not found", not a prompt.
          _ = try store.read { tx in
            try SIMs.list(for: try run.person(in: tx), in: tx).first { $0.iccid == iccid }
              ?? { throw PconError.simNotFound(iccid) }()
          }
          try run.confirm("release SIM \(iccid) from your account")
        }
        let sim = try store.write { tx in
          try SIMs.perform(action, iccid: iccid, by: try run.person(in: tx), in: tx)
        }
        if run.wantsJSON { return run.emit(sim.json) }
        run.print("SIM \(sim.iccid) \(action.pastTense)\n")
      })
  }
}
