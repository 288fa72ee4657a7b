import Glibc
import PconCore

/// `integration deliver|test|history`: the worker that sends webhooks, one request sent now,
/// and what a hook's deliveries did.
enum IntegrationDeliveryCommands {
  static let deliver = Command(
    "deliver", summary: "Send each webhook's requests for the events published since it last sent",
    discussion:
      "The delivery worker. Each enabled hook reads its owner's event log from where it last stopped (a new or re-enabled hook from the moment it was turned on), sends a request for every event whose name starts with its prefix (case-sensitive; hook events never trigger hooks), and records hook-sent/<event>, then hook-response/<event>/<n> (the body in 512-byte chunks) or hook-error/<event>/0, in the log. A server has 20 seconds to answer. While a target host's errors outnumber its successes its requests are skipped; a skipped event is tried again after 30 s and after 1 minute, then dropped with the hook-error \"\(HostThrottle.droppedMessage)\".\n\nWithout --follow it sends what is waiting, then exits; with --follow it keeps delivering until interrupted. An event's outcome is stored before the worker moves past it, so a worker stopped at any moment (even killed) resumes where it stopped: an event may be sent twice, never lost. One worker delivers for a sandbox or product at a time; another started meanwhile leaves it alone (with --follow it takes over when the first stops). Without --product it delivers your sandbox's hooks and those of every product you may send for.",
    options: [
      SharedOptions.product.described("only this product's hooks").option,
      Option("follow", short: "f", "keep delivering new events until interrupted"),
    ],
    examples: [
      Example("pcon integration deliver", "send what is waiting, then exit"),
      Example(
        "pcon integration deliver --follow --product pump-monitors --json",
        "a worker for one product, one JSON line per delivery"),
    ],
    permission: Delivery.Needs.send,
    action: { run in try DeliveryLoop(run).run() })

  static let test = Command(
    "test", summary: "Send one test event through a webhook now",
    discussion:
      "Sends the request the hook would send for an event named its prefix, published now with DATA (default \"\(Delivery.testData)\"), and prints the status line and the response body, also for a disabled hook (to try it before turning it on). Nothing is logged; the hook's history notes the test. Exits 1 unless the server answers 2xx.",
    arguments: [IntegrationCommands.idArgument],
    options: [Option("data", value: "DATA", "the test event's data")],
    examples: [
      Example(
        "pcon integration test 5f3c… --data '{\"temp\":21}'", "see what the server answers")
    ],
    permission: Delivery.Needs.send,
    action: { run in
      let (_, item) = try run.read { actor, tx in
        try Delivery.test(run.argument("ID"), data: run.line.value("data"), by: actor, in: tx)
      }
      var throttle = HostThrottle()
      let store = try run.store()
      let result = Delivery.send(
        item, throttle: &throttle, client: HTTPClient(), clock: store.clock.now)
      try store.write { tx in try Delivery.recordTest(result, in: tx) }
      if run.wantsJSON {
        run.emit(IntegrationView.testJSON(result))
      } else {
        run.print(IntegrationView.testText(result))
      }
      guard result.kind == .success else {
        throw TestFailed(reason: IntegrationView.failureText(result))
      }
    })

  static let history = Command(
    "history", summary: "Show a webhook's last deliveries and its daily counts",
    discussion:
      "The last \(DeliveryState.maxRecent) deliveries (time, event, status, latency, outcome), then the successes, failures and skipped events of each of the last \(DeliveryState.maxDays) days.",
    arguments: [IntegrationCommands.idArgument],
    permission: Webhooks.Needs.get,
    action: { run in
      let (_, state) = try run.read { actor, tx in
        try Delivery.history(run.argument("ID"), by: actor, in: tx)
      }
      if run.wantsJSON { return run.emit(IntegrationView.historyJSON(state)) }
      run.emit(IntegrationView.deliveries(state.recent))
      run.print("\n")
      run.emit(IntegrationView.days(state.days))
    })

  /// A test the server did not answer with 2xx.
  struct TestFailed: Error, CustomStringConvertible {
    let reason: String
    var description: String { reason }
  }
}

/// The worker's loop: batches read under the lock, sent with no lock held, recorded together.
struct DeliveryLoop {
  let invocation: Invocation
  let follow: Bool
  let client = HTTPClient()

  init(_ invocation: Invocation) {
    self.invocation = invocation
    follow = invocation.line.flag("follow")
  }

  func run() throws {
    let run = invocation
    let store = try run.store()
    let owners = try run.read { actor, tx in
      try Delivery.owners(product: run[SharedOptions.product], by: actor, in: tx)
    }
    var throttle = try store.read { tx in try Delivery.throttle(in: tx) }
    var leases: [Webhook.Owner: any StorageLock] = [:]
    var told = Set<Webhook.Owner>()
    func lease() throws {
      for owner in owners where leases[owner] == nil {
        if let held = try store.lease(Delivery.leaseName(owner)) {
          leases[owner] = held
        } else if told.insert(owner).inserted {
          run.notice(
            "another worker is delivering for \(Self.label(owner)); leaving it to that one"
              + (follow ? " (this one takes over when it stops)" : ""))
        }
      }
    }
    if follow { Interrupt.install() }
    try lease()
    var counts: [DeliveryState.Outcome: Int] = [:]
    // A slow server gets one event a batch: what a stopped worker sends again, and how long
    // Ctrl-C waits, stay small.
    var slow: Set<Webhook.Owner> = []
    while !Interrupt.requested {
      var worked = false
      for owner in owners where leases[owner] != nil && !Interrupt.requested {
        let limit = slow.contains(owner) ? 1 : Delivery.batchSize
        let batch = try store.read { tx in
          try Delivery.nextBatch(for: owner, limit: limit, in: tx)
        }
        guard !batch.isEmpty || batch.moved else { continue }
        var results: [Delivery.Result] = []
        for item in batch.items {
          // Stopped mid-batch: nothing of it is recorded, so all of it is sent again later.
          if Interrupt.requested { return }
          results.append(
            Delivery.send(item, throttle: &throttle, client: client, clock: store.clock.now))
        }
        let longest = results.compactMap { $0.outcome?.latency }.max() ?? 0
        if longest > 0.5 { slow.insert(owner) } else { slow.remove(owner) }
        try store.write { tx in
          try Delivery.record(results, of: batch, owner: owner, throttle: throttle, in: tx)
        }
        for result in results {
          counts[result.kind, default: 0] += 1
          if run.wantsJSON {
            run.print(JSONWriter(pretty: false).string(IntegrationView.deliveryJSON(result)) + "\n")
          } else {
            run.print(IntegrationView.deliveryLine(result))
          }
        }
        run.context.stdout.flush()
        worked = worked || !batch.isEmpty || batch.moved
      }
      if !worked {
        guard follow else { break }
        usleep(100_000)
        try lease()
      }
    }
    let sent = counts.values.reduce(0, +)
    if !follow || sent > 0 {
      run.notice(
        "\(sent) deliver\(sent == 1 ? "y" : "ies"): \(counts[.success] ?? 0) succeeded, \((counts[.failure] ?? 0) + (counts[.dropped] ?? 0)) failed, \(counts[.skipped] ?? 0) skipped for a retry"
      )
    }
  }

  static func label(_ owner: Webhook.Owner) -> String {
    switch owner {
    case .account: return "your sandbox"
    case .product(let id): return "product \(id)"
    }
  }
}
