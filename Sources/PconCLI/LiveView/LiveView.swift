import PconCore

/// `logs --follow` for a person at a terminal: the live view's model, event feed and store
/// actions, built from the command line.
struct LiveView {
  private let invocation: Invocation
  private let tail: EventTail
  private var model: LiveModel

  /// Whether `run` is `logs --follow` on a terminal that asked for no plain stream: stdin and
  /// stdout both terminals, and none of --json, --format and --no-tty.
  static func wanted(_ run: Invocation) -> Bool {
    run.context.stdinIsTerminal && run.context.stdout.isTerminal && !run.wantsJSON
      && run.line.value("format") == nil && !run.line.flag("no-tty")
  }

  /// The view of `listing`, opening with `history` (and `hidden` events the clear marker hid).
  init(
    _ run: Invocation, listing: EventListing, history: [Event], hidden: Int,
    in transaction: Transaction
  ) throws {
    invocation = run
    // The feed reads the whole scope, so a new query can show what the first one left out.
    var scope = listing.query
    scope.filter = EventFilter()
    tail = try EventTail(scope, in: transaction)
    let selection = EventSelection(listing.query)
    model = LiveModel(
      query: (run.line.arguments["QUERY"] ?? []).joined(separator: " "),
      names: listing.query.deviceNames, width: run.terminalWidth ?? 80, height: 24,
      hidden: hidden, admits: { selection.admits($0) })
    _ = model.update(.events(history))
  }

  /// Runs the view until the person quits; the terminal is restored however it ends.
  func run() throws {
    let run = invocation
    let feed = try EventFeed(store: try run.store(), tail: tail)
    let actions = LiveSession.Actions(
      clear: {
        try run.write { actor, tx in
          try Events.clear(product: run[SharedOptions.product], by: actor, in: tx)
        }
      },
      select: { text in
        let filter = try EventCommands.parseQuery(text, run)
        let selection = try run.read { actor, tx in
          EventSelection(
            try Events.listing(
              device: run[SharedOptions.device], product: run[SharedOptions.product],
              filter: filter, since: nil, until: nil, limit: nil, includeCleared: true,
              by: actor, in: tx
            ).query)
        }
        return { selection.admits($0) }
      })
    var session = LiveSession(model: model, feed: feed, actions: actions)
    try session.run()
  }
}
