import Glibc
import PconCore

/// `publish` and `logs …`: the event log.
enum EventCommands {
  static let ttl = OptionKey.integer(
    Option("ttl", value: "SECONDS", "time to live", default: "60"), in: 0...EventRules.maxTTL)
  static let outputFormat = OptionKey<EventOutput.Format>(
    enumeration: Option("format", value: "FORMAT", "output format (--json means json)"))
  static let inputFormat = OptionKey<EventIngest.Format>(
    enumeration: Option("format", value: "FORMAT", "the input format (default: detected)"))

  static let publish = Command(
    "publish", summary: "Publish an event, as yourself or as one of your devices",
    discussion:
      "Names are 1 to 64 letters, digits, '_', '-' or '/'; names starting 'particle' or 'spark' are the cloud's own. Data is at most 1024 bytes. With --device the event is the device's own publish and updates its last_heard; a device that was offline (or never connected) has just connected, so it comes online first, logging spark/status 'online' and setting last_handshake_at. Without --device the publisher is 'api'.",
    arguments: [
      Argument("NAME", "the event name", completion: .state(.events)),
      Argument("DATA", "the event data", optional: true),
    ],
    options: [
      SharedOptions.device.described("publish as this device").option,
      SharedOptions.product.described("publish into this product's stream (as the API)").option,
      ttl.option,
    ],
    examples: [
      Example(
        "pcon publish temperature 21.5 --device greenhouse-north",
        "a reading, as the device sends it")
    ],
    permission: Events.Needs.publish,
    action: { run in
      let ttl = run[ttl] ?? Event.defaultTTL
      let event = try run.write { actor, tx in
        try Events.publish(
          name: run.argument("NAME"), data: run.line.argument("DATA") ?? "", ttl: ttl,
          device: run[SharedOptions.device], product: run[SharedOptions.product],
          by: actor, in: tx)
      }
      if run.wantsJSON { return run.emit(EventView.json(event)) }
      run.print("published \(Visible.text(event.name)) (event \(event.id))\n")
    })

  static let logs = Command(
    "logs", summary: "Show, follow and filter the event log",
    discussion: """
      QUERY is one or more filter terms, all of which must match (quote the whole query): a WORD or "two words" matches the name, data, publisher (device ID or name) or time, in any case; device:ID-OR-NAME; event:NAME (event:temp* for a prefix); data:VALUE (* matches any run of characters); range:MIN-MAX (data read as a decimal number, negatives allowed: range:-10--2.5). A term after '-' must not match. Repeating a modifier (event:a event:b) means either.

      Without --device, logs shows the events of all your devices, wherever they are (your devices in a product, or waiting in its quarantine, publish into its log and yours), and those you published. A person who owns no devices but is on a product's team is pointed at 'logs --product'. logs clear hides what is there now from later listings, and each listing then says on stderr how many events it hides; --all shows them again.

      --json prints NDJSON, one event object per line and no enclosing array: the log is a stream (like journalctl -o json); every other list is an array.

      --follow with standard input and output on a terminal (and no --json, --format or --no-tty) opens the live view in the alternate screen: new events at the bottom, a status line with the query and the events shown, queued and hidden. Space pauses (new events wait in a queue) and plays; up/down or k/j, PgUp/PgDn, Home/End select an event (End follows the newest again); Enter opens it with every field and its data pretty-printed, where r shows the raw data, c copies it to the clipboard (OSC 52) and Esc goes back; x clears like 'logs clear'; / edits the query; q or Ctrl-C quits.
      """,
    arguments: [
      Argument("QUERY", "filter terms", optional: true, variadic: true, completion: .state(.query))
    ],
    options: [
      SharedOptions.device.described("only this device's events").option,
      SharedOptions.product.described("a product's events instead of your own").option,
      SharedOptions.since.option,
      SharedOptions.until.option,
      SharedOptions.limit.described("only the newest N (printed oldest first)").option,
      Option("follow", short: "f", "keep printing new events until interrupted"),
      Option("all", "include events hidden by 'logs clear'"),
      outputFormat.option,
      Option("no-tty", "with --follow on a terminal, print the plain stream, not the live view"),
    ],
    subcommands: [show, clear, ingest, prune],
    examples: [
      Example(
        "pcon logs 'event:temperature range:30-50' --since 2h",
        "warm readings of the last two hours"),
      Example(
        "pcon logs --follow --json | while read -r e; do …; done", "react to events as they arrive"),
      Example("pcon logs --format sse > capture.txt", "Particle's stream format, for other tools"),
    ],
    conflicts: [["json", "format"], ["follow", "until"]],
    permission: Events.Needs.read,
    action: { run in try read(run) })

  static func read(_ run: Invocation) throws {
    let query = (run.line.arguments["QUERY"] ?? []).joined(separator: " ")
    let filter = try parseQuery(query, run)
    let format = run.wantsJSON ? .json : run[outputFormat] ?? .table
    let limit = run[SharedOptions.limit]
    let device = run[SharedOptions.device]
    let follow = run.line.flag("follow")
    let live = follow && LiveView.wanted(run)
    var history: [Event] = []
    var output: EventOutput?
    var tail: EventTail?
    var view: LiveView?
    var hidden = 0
    var elsewhere: [Product] = []
    try run.read { actor, tx in
      let window = try SharedOptions.window(run, now: tx.now)
      let listing = try Events.listing(
        device: device, product: run[SharedOptions.product], filter: filter,
        since: window.since, until: window.until,
        limit: limit, includeCleared: run.line.flag("all"), by: actor, in: tx)
      var out = EventOutput(format: format, run: run, names: listing.query.deviceNames)
      // Following prints only new events, unless a window or a count asks for history first.
      if !follow || listing.query.since != nil || limit != nil {
        var shown = 0
        hidden = try listing.read(in: tx) {
          shown += 1
          if live { history.append($0.event) } else { out.add($0) }
        }
        if !live { out.finish() }
        if shown == 0, hidden == 0, device == nil, run[SharedOptions.product] == nil {
          elsewhere = try Fleet.elsewhere(for: actor, in: tx)
        }
      } else if !live {
        out.streamHeader()
      }
      if live {
        view = try LiveView(run, listing: listing, history: history, hidden: hidden, in: tx)
      } else if follow {
        tail = try listing.tail(in: tx)
      }
      output = out
    }
    if let view { return try view.run() }
    if hidden > 0 {
      // A cleared log is not an empty one: say what is hidden, once the listing is printed.
      run.notice(
        "\(Views.count(hidden, "event")) hidden by 'logs clear'; 'pcon logs --all' shows them"
      )
    }
    if let hint = Views.elsewhereHint(elsewhere, command: "pcon logs") {
      run.notice(hint)
    }
    guard var out = output, var tail else { return }
    Interrupt.install()
    // What is printed so far (history, header) appears only once new events are being watched,
    // so a reader may take it as the sign that following has begun.
    run.context.stdout.flush()
    // Polls every 100 ms without holding the lock in between, until SIGINT or SIGTERM.
    let store = try run.store()
    while !Interrupt.requested {
      try store.read { tx in try tail.poll(in: tx) { out.stream($0) } }
      usleep(100_000)
    }
  }

  /// The filter `query` names, refusing `device:` where --device already names one.
  static func parseQuery(_ query: String, _ run: Invocation) throws -> EventFilter {
    let filter = try FilterParser.parse(query)
    // A rule between an option and the query's words, so not one the parser can declare.
    if run[SharedOptions.device] != nil, filter.mentionsDevice {
      throw UsageError(
        "device: cannot be used with --device: the log is already one device's",
        path: run.line.path)
    }
    return filter
  }

  static let show = Command(
    "show", summary: "Show every field of one event",
    discussion:
      "Data that is valid JSON is pretty-printed with its keys sorted; --raw prints the data exactly as stored.",
    arguments: [Argument("EVENT-ID", "the event's ID")],
    options: [Option("raw", "print only the data, exactly as stored")],
    conflicts: [["raw", "json"]],
    permission: Events.Needs.read,
    action: { run in
      let (event, names) = try run.read { actor, tx in
        try Events.show(id: run.argument("EVENT-ID"), by: actor, in: tx)
      }
      if run.line.flag("raw") { return run.print(event.data) }
      if run.wantsJSON { return run.emit(EventView.json(event)) }
      var table = Table(["FIELD", "VALUE"])
      table.add("id", String(event.id))
      table.add("name", event.name)
      table.add("published_at", event.publishedAt.iso8601)
      table.add("ttl", String(event.ttl))
      table.add("coreid", event.coreid + (names[event.coreid].map { " (\($0))" } ?? ""))
      table.add("product_id", event.productID.map(String.init) ?? "-")
      run.emit(table)
      run.print("\ndata:\n" + Visible.lines(EventView.prettyData(event.data)) + "\n")
    })

  static let clear = Command(
    "clear", summary: "Hide the events there are now from later listings, like the console's Clear",
    discussion:
      "Only your own listings are affected; nothing is deleted. 'pcon logs --all' shows hidden events again.",
    options: [
      SharedOptions.product.described("clear your view of a product's log").option
    ],
    permission: Events.Needs.read,
    action: { run in
      let through = try run.write { actor, tx in
        try Events.clear(product: run[SharedOptions.product], by: actor, in: tx)
      }
      if run.wantsJSON { return run.emit(.object([("hidden_through", .int(through))])) }
      run.print("cleared: events up to \(through) are hidden ('pcon logs --all' shows them)\n")
    })

  static let ingest = Command(
    "ingest", summary: "Store events from Particle's SSE stream or 'particle subscribe' output",
    discussion:
      "Reads FILE (or standard input) in Particle's text/event-stream format or as one JSON object per line, keeping each event's published_at and coreid. Malformed records are reported with their line number on stderr and skipped; the rest are stored together.",
    arguments: [
      Argument("FILE", "a capture file, or - for standard input", optional: true, completion: .file)
    ],
    options: [
      inputFormat.option,
      SharedOptions.product.described("store into this product's stream (Developer)").option,
    ],
    examples: [
      Example(
        "pcon logs --format sse | pcon --state-dir copy logs ingest",
        "copy the log into another state")
    ],
    permission: EventIngest.productNeeds,
    action: { run in
      var input = try run.inputToReadUnderLock(run.line.argument("FILE") ?? "-")
      let inputName = input.name
      let format = run[inputFormat]
      // Every skip is warned about as it is found; --json lists the first thousand.
      var skipped: [EventIngest.Problem] = []
      let summary = try run.write { actor, tx in
        let destination = try EventIngest.destination(
          product: run[SharedOptions.product], by: actor, in: tx)
        return try EventIngest.ingest(&input, format: format, into: destination, in: tx) {
          run.report($0.notice(in: inputName))
          if skipped.count < 1_000 { skipped.append($0) }
        }
      }
      if run.wantsJSON {
        return run.emit(
          .object([
            ("stored", .int(summary.stored)), ("first_id", .int(summary.firstID.map { Int($0) })),
            ("last_id", .int(summary.lastID.map { Int($0) })),
            (
              "skipped",
              .array(
                skipped.map { .object([("line", .int($0.line)), ("reason", .string($0.reason))]) })
            ),
          ]))
      }
      run.print(
        "stored \(summary.stored) event\(summary.stored == 1 ? "" : "s"), skipped \(summary.skipped)\n"
      )
    })

  static let prune = Command(
    "prune", summary: "Delete whole months of your event log older than TIME",
    discussion:
      "Removes each monthly partition that ends at or before TIME; a month that TIME falls inside is kept whole. Asks for confirmation first, naming the months and how many events they hold (--yes skips it); --dry-run only lists them.",
    options: [
      SharedOptions.before.required().option,
      Option("dry-run", "list the months and their event counts, and delete nothing"),
    ],
    examples: [
      Example("pcon logs prune --before 90d --dry-run", "what pruning would delete"),
      Example("pcon logs prune --before 2026-01-01 --yes", "delete 2025 and older, in a script"),
    ],
    permission: Events.Needs.prune,
    action: { run in
      let dryRun = run.line.flag("dry-run")
      // "90d" is resolved once, so what was shown is what is deleted.
      let (before, months) = try run.read { actor, tx in
        let before = try run.required(SharedOptions.before).resolved(now: tx.now)
        return (before, try Events.prunable(before: before, by: actor, in: tx))
      }
      let total = months.reduce(0) { $0 + $1.events }
      let events = Views.count(total, "event")
      // The months are shown before the question, so the answer is about what was seen.
      if !run.wantsJSON {
        if months.isEmpty { return run.print("nothing to prune\n") }
        var table = Table(["MONTH", "EVENTS"])
        for month in months { table.add(month.month, String(month.events)) }
        run.emit(table)
      }
      if !months.isEmpty, !dryRun {
        try run.confirm(
          "delete \(events) in \(Views.count(months.count, "month")) of your event log")
        _ = try run.write { actor, tx in
          try Events.prune(before: before, expecting: months, by: actor, in: tx)
        }
      }
      if run.wantsJSON {
        return run.emit(
          .object([
            (
              "months",
              .array(
                months.map {
                  .object([("month", .string($0.month)), ("events", .int($0.events))])
                })
            ),
            ("events", .int(total)), ("dry_run", .bool(dryRun)),
          ]))
      }
      if !months.isEmpty {
        run.notice(
          dryRun ? "would delete \(events); nothing changed (--dry-run)" : "deleted \(events)")
      }
    })
}
