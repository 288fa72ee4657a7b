import PconCore

/// `tracker cmd`: the console's cmd box, a JSON command sent to a tracker's `cmd` function.
enum TrackerCmdCommands {
  static let cmd = Command(
    "cmd", summary: "Send a JSON command to a tracker's cmd function and print its result",
    discussion:
      "Calls the online tracker's 'cmd' function with JSON, as the console's cmd box does; the call is one data operation, charged to the device's payer whatever it returns. The device returns 0 on success, -22 for JSON that is not an object with a \"cmd\" string, -2 for a command it does not know, -19 for an unknown configuration module. {\"cmd\":\"enter_shipping\"} powers it off (offline until it connects again); {\"cmd\":\"get_loc\"} makes it publish a 'loc' event now (trigger imm); {\"cmd\":\"reset\"} (Tracker Edge v13 or later) makes it reconnect; get_cfg, set_cfg and reset_to_factory are acknowledged, with the modules of set_cfg checked.",
    arguments: [
      Argument("DEVICE", "the tracker's ID or name", completion: .state(.devices)),
      Argument("JSON", "the command, such as '{\"cmd\":\"get_loc\"}' (at most 1024 bytes)"),
    ],
    examples: [
      Example("pcon tracker cmd t1 '{\"cmd\":\"get_loc\"}'", "ask t1 where it is now"),
      Example("pcon tracker cmd t1 '{\"cmd\":\"enter_shipping\"}' --json", "power t1 off"),
    ],
    permission: TrackerCommand.Needs.call,
    action: { run in
      let result = try run.write { actor, tx in
        try TrackerCommand.call(
          run.argument("DEVICE"), argument: run.argument("JSON"), by: actor, in: tx)
      }
      if run.wantsJSON { return run.emit(.object([("result", .int(Int64(result.rawValue)))])) }
      run.print("result: \(result.rawValue)\n")
    })
}
