import Foundation
import PconCore

/// `pcon demo`: a realistic sample fleet and a guided tour of it.
enum DemoCommand {
  static let demo = Command(
    "demo", summary: "Build a sample fleet in an empty state directory and tour it",
    discussion:
      "Creates the account demo@example.com and a dozen devices of mixed platforms, some online, one cellular with a SIM, then shows the commands to try next with their real output. Run again on its own demo, it prints the tour again; with --reset it first removes the demo, with whatever was done to it, and builds it anew. A state directory holding anything else (another account, a file pcon does not write, or no demo at all) is refused and left untouched.",
    options: [Option("reset", "remove the demo in the state directory and build it anew")],
    examples: [
      Example("pcon demo --state-dir ./demo-state", "a demo that leaves your own state alone"),
      Example("pcon demo --reset", "start the tour again from a fresh demo"),
    ],
    permission: .open,
    action: { run in
      let store = try run.store()
      switch try DemoCommand.state(of: store) {
      case .empty:
        try store.write { tx in try DemoFleet.build(in: tx, random: run.context.random) }
        run.notice("built the demo fleet in \(store.root)")
      case .demo where run.line.flag("reset"):
        try store.write { tx in
          if let reason = try DemoFleet.foreignContent(in: tx) {
            throw PconError.directoryNotEmpty(path: store.root, reason: reason)
          }
          try DemoFleet.clear(in: tx)
        }
        try store.write { tx in try DemoFleet.build(in: tx, random: run.context.random) }
        run.notice("rebuilt the demo fleet in \(store.root)")
      case .demo:
        run.notice("the demo fleet is already in \(store.root); 'pcon demo --reset' builds it anew")
      case .other:
        throw PconError.directoryNotEmpty(
          path: store.root, reason: "it already holds a state that pcon demo did not build")
      }
      tour(run, store: store)
    })

  enum Existing { case empty, demo, other }

  static func state(of store: StateStore) throws -> Existing {
    guard store.isUninitialised else {
      return try store.read { tx in try DemoFleet.isBuilt(in: tx) ? .demo : .other }
    }
    do {
      _ = try store.read { _ in () }
      return .empty
    } catch PconError.notAStateDirectory {
      return .other
    }
  }

  static let steps: [(String, [String])] = [
    ("Who am I acting as?", ["whoami"]),
    ("The whole fleet, as a table for people:", ["device", "list"]),
    (
      "Filters combine: online cellular trackers, most recently heard first:",
      ["device", "list", "--online", "--platform", "tracker", "--sort", "last-heard"]
    ),
    ("Every field of one device, by name:", ["device", "show", "pump-station-3"]),
    ("The SIM of the cellular Boron:", ["sim", "list"]),
    (
      "Machine output for scripts (first device only):",
      ["device", "list", "--json", "--limit", "1"]
    ),
    ("The newest events in the log:", ["logs", "--limit", "6"]),
    (
      "A filtered query: the freezer's readings from -18 to -17 degrees in the last two hours:",
      ["logs", "event:temperature device:freezer-monitor range:-18--17", "--since", "2h"]
    ),
    ("A product with a team, imported devices and a customer:", ["product", "list"]),
    (
      "Its fleet, as a View-only member sees it:",
      ["device", "list", "--product", "pump-monitors", "--as", "viewer@example.com"]
    ),
    (
      "Its team: three roles, the Owner, and an API user:",
      ["team", "list", "--product", "pump-monitors"]
    ),
    (
      "Roles are enforced: View-only may not rename (exit 4):",
      ["device", "rename", "pump-02", "pump-two", "--as", "viewer@example.com"]
    ),
    (
      "Everything but the readings, newest five:",
      [
        "logs", "-event:temperature -event:humidity -event:pressure -event:location", "--limit",
        "5",
      ]
    ),
    (
      "The product's firmware: where each version is released and how many devices run it:",
      ["firmware", "list", "--product", "pump-monitors"]
    ),
    (
      "Which version a device gets, and why (pump-03 is in the field-test group):",
      ["firmware", "target", "pump-03"]
    ),
    (
      "What releasing 4 as the default would update, without changing anything:",
      ["firmware", "release", "4", "--product", "pump-monitors", "--product-default", "--dry-run"]
    ),
    (
      "The rollout of version 4 so far:",
      ["firmware", "status", "4", "--product", "pump-monitors"]
    ),
    (
      "Where the couriers of the tracker product were last, nearest the station first:",
      [
        "tracker", "map", "--product", "city-couriers", "--near", "52.3791,4.9003", "--radius",
        "3000",
      ]
    ),
    (
      "This month's usage of the free plan (the sandbox and the free products together):",
      ["billing", "usage"]
    ),
    (
      "What 100 cellular devices reporting 200 bytes every minute would need:",
      ["billing", "estimate", "--devices", "100", "--every", "1m", "--bytes", "200"]
    ),
  ]

  /// A word as it would be typed in a shell: single-quoted when it holds anything special.
  static func shellQuoted(_ word: String) -> String {
    let plain = word.allSatisfy { $0.isLetter || $0.isNumber || "-_./:@=,".contains($0) }
    return plain && !word.isEmpty
      ? word : "'" + word.replacingOccurrences(of: "'", with: #"'\''"#) + "'"
  }

  /// Runs each step of the tour in-process and prints the command with its real output.
  static func tour(_ run: Invocation, store: StateStore) {
    var environment = run.context.environment
    environment["PCON_TOKEN"] = nil
    let isDefault =
      (try? StateStore.location(
        flag: nil, environment: environment, workingDirectory: run.context.workingDirectory))
      == store.root
    if !isDefault { environment["PCON_STATE_DIR"] = store.root }
    run.print("pcon demo: a sandbox of \(DemoFleet.deviceCount) devices for \(DemoFleet.email)\n")
    if !isDefault {
      run.print(
        "(the commands below need --state-dir \(store.root), or PCON_STATE_DIR set to it)\n")
    }
    var steps = Self.steps
    if let hook = try? store.read({ tx in
      try Webhooks.hooks(of: .product(id: DemoFleet.productID), in: tx).first
    }) {
      steps.append(
        (
          "The pump product's webhook (disabled) sends each 'reading' event to a local server; one test request now, to a server the tour runs for it. With your own server on port \(DemoFleet.webhookPort): 'pcon integration enable \(hook.id)', 'pcon publish reading 7.5 --device pump-01', 'pcon integration deliver', then 'pcon logs --product pump-monitors' shows hook-sent and the response:",
          ["integration", "test", hook.id, "--data", "21.5"]
        ))
    }
    for (caption, words) in steps {
      // The webhook's step needs something listening: the tour answers that one request.
      let receiver = words.first == "integration" ? DemoReceiver(port: DemoFleet.webhookPort) : nil
      receiver?.start()
      defer { receiver?.stop() }
      let out = TextSink(capturingAsTerminal: false)
      let context = CLIContext(
        environment: environment, workingDirectory: run.context.workingDirectory, stdout: out,
        stderr: out,
        random: run.context.random)
      _ = Pcon.run(words, context: context)
      run.print(
        "\n# \(caption)\n$ pcon \(words.map(shellQuoted).joined(separator: " "))\n\(out.text)")
    }
    run.print(
      """

      # Try next:
      $ pcon device rename greenhouse-south greenhouse-west
      $ pcon device connect garage-door --device-os 6.3.0 --ip 198.51.100.7
      $ pcon device unclaim old-gate-sensor --yes     # it leaves your sandbox
      $ pcon logs --follow                            # then, in another terminal:
      $ pcon publish temperature 23.5 --device greenhouse-north
      $ pcon logs show 1                              # every field of one event
      $ pcon device connect pump-03                   # it takes version 4 at its handshake
      $ pcon firmware status 4 --product pump-monitors
      $ pcon billing notices                          # usage warnings as they happen
      $ pcon tracker map --product city-couriers --format svg --output map.svg
      $ pcon tracker cmd courier-1 '{"cmd":"get_loc"}'
      $ pcon integration list                         # the webhook, and its ID for 'history'
      $ pcon help logs
      $ pcon demo --reset                             # the demo as it was at first

      """)
  }
}
