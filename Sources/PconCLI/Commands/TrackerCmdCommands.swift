import PconCore

/// `tracker cmd`: the console's cmd box, a JSON command sent to a tracker's `cmd` function.
enum TrackerCmdCommands {
  static let cmd = Command(
    "cmd", summary: "Send a JSON command to a tracker's cmd function and print its result",
    discussion:
      "Calls the online tracker's 'cmd' function with JSON, as the console's cmd box does; the call is one data operation, charged to the device's payer whatever it returns. A customer may call it on their own devices. The device returns 0 on success (exit 0); any other code is printed the same way and exits 1, with its meaning on standard error: -22 for JSON that is not an object with a \"cmd\" string (or a set_cfg value outside the schema), -2 for a command it does not know, -19 for an unknown configuration module. {\"cmd\":\"enter_shipping\"} powers it off: shipping mode, offline and publishing nothing (a simulation skips it) until it connects again (pcon device connect). {\"cmd\":\"get_loc\"} makes it publish a 'loc' event now (trigger imm). {\"cmd\":\"reset\"} makes it reconnect; it needs Tracker Edge v13 or later, so a device running one of the product's off-the-shelf Tracker Edge releases (v1 to v23 in 'pcon firmware list') before v13 answers -2, and one running the product's own upload is taken to have it. get_cfg, set_cfg and reset_to_factory are acknowledged, with set_cfg's modules and values checked against the schema; the product's settings stay what the cloud holds (change them with 'pcon tracker config set').",
    arguments: [
      Argument("DEVICE", "the tracker's ID or name", completion: .state(.devices)),
      Argument("JSON", "the command, such as '{\"cmd\":\"get_loc\"}' (at most 1024 bytes)"),
    ],
    examples: [
      Example(
        "pcon tracker cmd courier-1 '{\"cmd\":\"get_loc\"}'", "ask courier-1 where it is now"),
      Example(
        "pcon tracker cmd courier-1 '{\"cmd\":\"enter_shipping\"}' --json", "power courier-1 off"),
    ],
    permission: TrackerCommand.Needs.call,
    action: { run in
      let result = try run.write { actor, tx in
        try TrackerCommand.call(
          run.argument("DEVICE"), argument: run.argument("JSON"), by: actor, in: tx)
      }
      if run.wantsJSON {
        run.emit(.object([("result", .int(Int64(result.rawValue)))]))
      } else {
        run.print("result: \(result.rawValue)\n")
      }
      // The device answered: what it said is printed; a script tells failure by the status.
      guard result == .success else { throw Refusal(result: result) }
    })

  /// The device returned an error code.
  struct Refusal: Error, CustomStringConvertible {
    let result: TrackerCommand.Result
    var description: String { "the device returned \(result.rawValue): \(result.meaning)" }
  }
}
