import PconCore

/// `simulate`: a fleet's traffic rehearsed in simulated time, through the real publish rules.
enum SimulateCommand {
  static let every = OptionKey.duration(
    Option("every", value: "DURATION", "how often each device publishes (1s at least: 30s, 1m)"),
    in: 1...Int(Simulation.maxDays * 86_400))
  static let stretch = OptionKey.duration(
    Option(
      "for", value: "DURATION",
      "how long to simulate (at most \(Simulation.maxDays) days: 1h, 7d, 30d)"),
    in: 1...Int(Simulation.maxDays * 86_400))
  static let event = OptionKey(
    Option("event", value: "NAME", "the event name each device publishes", default: "sim"),
    expects: "1 to 64 letters, digits, '_', '-' or '/', not starting particle or spark",
    parse: { EventRules.isWellFormed(name: $0) && !EventRules.isReserved(name: $0) ? $0 : nil })
  static let bytes = OptionKey.integer(
    Option("bytes", value: "B", "bytes of data in each publish", default: "0"),
    in: 0...EventRules.maxDataBytes)
  static let start = OptionKey(
    Option("start", value: "TIME", "the first simulated instant (default: now)"),
    expects: "an ISO-8601 time (2026-11-01T00:00:00Z)",
    parse: { Timestamp(iso8601: $0) })
  static let movement = OptionKey<Movement>(
    enumeration: Option(
      "movement", value: "PROFILE",
      "trackers publish 'loc' events moving from their last location: walking 1.4 m/s, driving 14 m/s"
    ))

  static let simulate = Command(
    "simulate", summary: "Publish a fleet's events over a stretch of simulated time",
    discussion:
      "Each device publishes one event every DURATION from --start for the --for stretch, in simulated time and as fast as the machine allows, through the rules of a real device publish: the events land in the log, data operations and cellular data are counted at each event's own time, and the plan's notices, grace, pause, added blocks and invoices happen on their dates. A publish refused because the payer's data is paused (or its organization suspended) is counted as refused, and the run goes on: data resumes in the next billing month. The whole run is stored together, or not at all, and it stays: rehearse the future on a copy of the state directory (cp -a, or pcon demo --state-dir DIR). What it leaves dated after now does not act before its time. A run starts now or later, and is billed: it is for the account itself (its sandbox devices), a free product's Owner, or an organization's Administrator. With --movement, tracker devices publish 'loc' events instead, along a fixed path of straight legs from their last location (or, with none, the example location Particle's firmware uses, as get_loc does), with their battery (from its last report, or full: falling on foot, charging in a vehicle) and board temperature (a daily swing), so 'pcon tracker map' shows where they went once the simulated time has come (or with --until); other devices publish the event as usual. A tracker in shipping mode publishes nothing.\n\nPrints a day-by-day table, the notices, and each payer's bill: the free plan's status, or an organization's blocks and next invoice. At most \(Figures.grouped(Simulation.maxEvents)) events in one run.",
    options: [
      SharedOptions.product.described("every device of this product (Developer)").option,
      Option(
        "device", value: "DEVICE", "a device to publish as (repeat for several)",
        repeatable: true, completion: .state(.devices)),
      every.required().option, stretch.required().option, event.option, bytes.option,
      start.option, movement.option,
    ],
    examples: [
      Example(
        "pcon simulate --product 10001 --every 1m --for 30d --bytes 200",
        "a month of a product's fleet publishing every minute"),
      Example(
        "pcon simulate --device w1 --device w2 --every 10m --for 7d --start 2026-11-01T00:00:00Z",
        "a week of two devices"),
      Example("pcon simulate --product 10001 --every 1h --for 30d --json", "the run as JSON"),
      Example(
        "pcon simulate --product city-couriers --every 5m --for 2h --movement driving",
        "trackers driving around, for the map"),
    ],
    conflicts: [["product", "device"]],
    permission: Simulation.needs,
    action: { run in
      let devices = run.line.values["device"] ?? []
      let product = run[SharedOptions.product]
      guard product != nil || !devices.isEmpty else {
        throw UsageError("give --product or at least one --device", path: run.line.path)
      }
      let request = Simulation.Request(
        product: product, devices: devices, everySeconds: Int64(try run.required(every)),
        forSeconds: Int64(try run.required(stretch)), event: run[event] ?? "sim",
        bytes: run[bytes] ?? 0, start: run[start], movement: run[movement])
      let showsProgress = run.context.stderr.isTerminal
      var shown = -1
      let summary = try run.write { actor, tx in
        try Simulation.run(request, by: actor, in: tx) { done, total in
          guard showsProgress, total > 0 else { return }
          let percent = Int(done * 100 / total)
          if percent != shown {
            shown = percent
            run.context.stderr.write("\rsimulating… \(percent)%")
            if done == total { run.context.stderr.write("\n") }
          }
        }
      }
      if run.wantsJSON { return run.emit(SimulationView.json(summary)) }
      run.emit(SimulationView.table(summary))
      run.print(SimulationView.text(summary))
    })
}
