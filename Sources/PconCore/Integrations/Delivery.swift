/// Webhook delivery: which hooks a worker serves, what each has yet to send, and recording what
/// happened. The sending itself happens between a read and a write, with no lock held, so a
/// slow server never holds up other commands; the cursor moves only once an outcome is stored,
/// so a worker killed at any instant resumes where it stopped (at least once, never lost).
public enum Delivery {
  public enum Needs {
    /// Running the worker or a test sends a hook's requests: Developer and up, and the
    /// `integrations:test` scope (Particle's for sending a hook now).
    public static let send = Permission.develop("integrations:test")
  }

  /// How many events a worker sends before it records their outcomes: a worker killed between
  /// sends repeats at most this many.
  public static let batchSize = 64

  /// Events whose outcome a webhook hears about: the cloud's own hook events never trigger hooks.
  static func triggers(_ hook: Webhook, _ event: Event) -> Bool {
    !hook.disabled && event.coreid != HookOutcome.publisher && event.name.hasPrefix(hook.event)
      && (hook.deviceID.map { $0 == event.coreid } ?? true)
  }

  /// The stream whose events an owner's hooks watch.
  static func stream(of owner: Webhook.Owner) -> EventStream {
    switch owner {
    case .account(let id): return .account(id: id)
    case .product(let id): return .product(id: id)
    }
  }

  /// The lease a worker holds while it delivers for `owner`.
  public static func leaseName(_ owner: Webhook.Owner) -> String {
    switch owner {
    case .account(let id): return "\(StateLayout.leasesDirectory)/deliver-a-\(id)"
    case .product(let id): return "\(StateLayout.leasesDirectory)/deliver-p-\(id)"
    }
  }

  /// Starts `hook` watching at the current end of its owner's log: it sees only events
  /// published from now on, as a new or re-enabled hook does on Particle.
  static func startWatching(_ hook: Webhook, in transaction: Transaction) throws {
    let file = StateFiles.delivery(hook.id)
    var state = try transaction.load(file)
    try watchFromNow(&state, hook, in: transaction)
    state.retries = []
    transaction.save(file, state)
  }

  /// Puts `state`'s cursor at the current end of `hook`'s log, past every event given so far.
  private static func watchFromNow(
    _ state: inout DeliveryState, _ hook: Webhook, in transaction: Transaction
  ) throws {
    state.cursor = try EventQuery(stream: stream(of: hook.owner)).ends(in: transaction)
    state.lastEventID = max(state.lastEventID, try EventLog.nextID(in: transaction) - 1)
    state.started = true
  }

  /// Forgets a deleted hook's delivery state.
  static func forget(_ hook: Webhook, in transaction: Transaction) {
    transaction.save(StateFiles.delivery(hook.id), DeliveryState())
  }

  /// The owners whose hooks `actor` may deliver: `product` alone, else the person's sandbox and
  /// every product it may send for.
  public static func owners(
    product reference: String?, by actor: Actor, in transaction: Transaction
  ) throws -> [Webhook.Owner] {
    if let reference {
      let product = try Products.authorized(reference, Needs.send, actor: actor, in: transaction)
      return [.product(id: product.id)]
    }
    var owners: [Webhook.Owner] = []
    if case .person(let account) = actor { owners.append(.account(id: account.id)) }
    for product in try transaction.products().sorted(by: { $0.id < $1.id }) {
      guard (try? Access.authorize(actor, Needs.send, product: product, in: transaction)) != nil
      else { continue }
      owners.append(.product(id: product.id))
    }
    if owners.isEmpty {
      _ = try Access.authorize(actor, Needs.send, in: transaction)
    }
    return owners
  }

  /// One event waiting to be sent by one hook.
  public struct Item: Sendable {
    public let hook: Webhook
    public let input: WebhookRender.Input
    /// The throttle skipped it before: when first, and how many times.
    public let retry: DeliveryState.Retry?
  }

  /// What one owner's hooks have to send next: due retries first, then new events, at most
  /// `limit` in all; and the cursors that leave those events behind.
  public struct Batch: Sendable {
    public var items: [Item] = []
    /// Each hook's state as read, with its cursor moved past the events in `items`.
    public var states: [String: DeliveryState] = [:]
    /// The hooks as read.
    public var hooks: [String: Webhook] = [:]
    /// Whether a cursor moved (past events no hook takes), so the batch is worth recording
    /// even with no items.
    public var moved = false
    public var isEmpty: Bool { items.isEmpty }
  }

  /// Reads the next batch for `owner`'s enabled hooks.
  public static func nextBatch(
    for owner: Webhook.Owner, limit: Int = batchSize, in transaction: Transaction
  ) throws -> Batch {
    var batch = Batch()
    let hooks = try Webhooks.hooks(of: owner, in: transaction).filter { !$0.disabled }
    // Each publisher looked up once a batch; one that is no device is remembered as nil
    // (assigning nil through the subscript would drop the entry and look it up again).
    var devices: [String: Device?] = [:]
    func input(_ event: Event) throws -> WebhookRender.Input {
      let device: Device?
      if let known = devices[event.coreid] {
        device = known
      } else {
        device = Device.isID(event.coreid) ? try transaction.device(id: event.coreid) : nil
        devices.updateValue(device, forKey: event.coreid)
      }
      return WebhookRender.Input(
        event: event, productID: event.productID,
        productVersion: device?.productID == nil ? nil : device?.firmwareVersion,
        ownerID: device?.productID == nil ? nil : device?.owner)
    }
    for hook in hooks {
      var state = try transaction.load(StateFiles.delivery(hook.id))
      if !state.started {
        // Never started (its state was lost): it watches from now on.
        try watchFromNow(&state, hook, in: transaction)
        batch.moved = true
      }
      try requireSound(state, of: hook, in: transaction)
      let left = limit - batch.items.count
      guard left > 0 else { break }
      for retry in state.retries.prefix(left) where retry.due <= transaction.now {
        batch.items.append(Item(hook: hook, input: try input(retry.event), retry: retry))
      }
      var tail = EventTail(EventQuery(stream: stream(of: hook.owner)), offsets: state.cursor)
      let room = limit - batch.items.count
      if room > 0 {
        var events: [Event] = []
        try tail.poll(in: transaction, limit: room) { match in
          events.append(match.event)
        }
        for event in events where event.id > state.lastEventID && triggers(hook, event) {
          batch.items.append(Item(hook: hook, input: try input(event), retry: nil))
        }
        if tail.offsets != state.cursor { batch.moved = true }
        state.cursor = tail.offsets
        if let last = events.last { state.lastEventID = max(state.lastEventID, last.id) }
      }
      batch.states[hook.id] = state
      batch.hooks[hook.id] = hook
    }
    return batch
  }

  /// Refuses a delivery state whose cursor could not have come from reading the hook's own log
  /// (another stream's files, an offset past a partition's end or inside a line, an event ID
  /// not given yet): reading on from it would skip events or blame the log for the damage.
  static func requireSound(_ state: DeliveryState, of hook: Webhook, in transaction: Transaction)
    throws
  {
    let file = StateLayout.delivery(hook.id)
    let directory = StateLayout.stream(stream(of: hook.owner)) + "/"
    for (path, offset) in state.cursor {
      guard path.hasPrefix(directory), StateLayout.isStateFile(path) else {
        throw PconError.stateDamaged(
          file: file, reason: "its cursor names \(path), which is not a partition of the hook's log"
        )
      }
      guard let reader = try transaction.open(path) else {
        guard offset == 0 else {
          throw PconError.stateDamaged(
            file: file, reason: "its cursor is at byte \(offset) of \(path), which does not exist")
        }
        continue
      }
      let size = try reader.size()
      guard offset <= size else {
        throw PconError.stateDamaged(
          file: file, reason: "its cursor is at byte \(offset) of \(path), past its end (\(size))")
      }
      let before = offset == 0 ? [10] : try reader.bytes(at: offset - 1, count: 1)
      guard before == [10] else {
        throw PconError.stateDamaged(
          file: file, reason: "its cursor is at byte \(offset) of \(path), inside an event")
      }
    }
    let next = try EventLog.nextID(in: transaction)
    guard state.lastEventID < next else {
      throw PconError.stateDamaged(
        file: file, reason: "its last event ID \(state.lastEventID) has not been given yet")
    }
  }

  /// What happened to one item.
  public struct Result: Sendable {
    public let item: Item
    /// The request, when it could be rendered.
    public let request: HTTPRequest?
    /// What the server did, when the request was sent.
    public let outcome: HTTPOutcome?
    /// Why it was not sent: a render failure; nil when throttled or sent.
    public let renderFailure: String?
    public let at: Timestamp

    /// How the delivery ended, as history records it.
    public var kind: DeliveryState.Outcome {
      if let response = outcome?.response {
        return (200...299).contains(response.status) ? .success : .failure
      }
      if outcome != nil || renderFailure != nil { return .failure }
      return item.retry.map { $0.attempts >= HostThrottle.retryAfterSeconds.count } ?? false
        ? .dropped : .skipped
    }
  }

  /// Sends `item` now (unless its host is throttled), through `client`: no state is touched.
  /// The outcome is dated when the exchange ends, so a server that takes its 20 s to fail is
  /// still an error the next request to it hears about.
  public static func send(
    _ item: Item, throttle: inout HostThrottle, client: HTTPClient,
    clock: () -> Timestamp
  ) -> Result {
    let now = clock()
    let request: HTTPRequest
    do {
      request = try WebhookRender.request(for: item.hook, from: item.input)
    } catch {
      return Result(
        item: item, request: nil, outcome: nil, renderFailure: error.reason, at: now)
    }
    let host = Webhooks.host(of: request.url)
    guard throttle.allows(host, at: now) else {
      return Result(item: item, request: request, outcome: nil, renderFailure: nil, at: now)
    }
    let outcome = client.send(request)
    let ended = clock()
    // A request refused before it left says nothing about the host.
    if outcome.failure?.kind == .request {
      return Result(
        item: item, request: nil, outcome: nil, renderFailure: outcome.failure?.message, at: ended)
    }
    let success = outcome.response.map { (200...299).contains($0.status) } ?? false
    throttle.record(host, success: success, at: ended)
    return Result(item: item, request: request, outcome: outcome, renderFailure: nil, at: ended)
  }

  /// Stores what `results` did for `owner`: the hook events in its log, each hook's history,
  /// retries and cursor (as `batch` moved it), and the throttle. One transaction: all or none.
  public static func record(
    _ results: [Result], of batch: Batch, owner: Webhook.Owner, throttle: HostThrottle,
    in transaction: Transaction
  ) throws {
    // A hook edited, re-enabled or deleted meanwhile keeps what that change gave it.
    let current = Dictionary(
      try Webhooks.hooks(of: owner, in: transaction).map { ($0.id, $0.watchingSince) },
      uniquingKeysWith: { first, _ in first })
    var states = batch.states.filter { id, _ in
      current[id] != nil && current[id] == batch.hooks[id]?.watchingSince
    }
    var drafts: [EventLog.Draft] = []
    for result in results {
      let hook = result.item.hook
      guard var state = states[hook.id] else { continue }
      let event = result.item.input.event
      if let retry = result.item.retry {
        state.retries.removeAll { $0.event.id == retry.event.id }
      }
      var kind = result.kind
      switch kind {
      case .skipped:
        let attempts = (result.item.retry?.attempts ?? 0) + 1
        let first = result.item.retry?.firstSkipped ?? result.at
        if let due = HostThrottle.nextTry(firstSkipped: first, attempts: attempts),
          state.retries.count < DeliveryState.maxRetries
        {
          state.retries.append(
            .init(event: event, firstSkipped: first, attempts: attempts, due: due))
        } else {
          kind = .dropped
          drafts.append(HookOutcome.throttled(by: hook, for: result.item.input, at: result.at))
        }
      case .dropped:
        drafts.append(HookOutcome.throttled(by: hook, for: result.item.input, at: result.at))
      default:
        if let request = result.request, let outcome = result.outcome {
          drafts.append(HookOutcome.sent(result.item.input, at: result.at))
          switch outcome {
          case .answered(let response, _):
            drafts += HookOutcome.answered(
              response, to: request, by: hook, for: result.item.input, at: result.at)
          case .failed(let failure, _):
            drafts.append(
              HookOutcome.failed(
                failure.message, to: request, by: hook, for: result.item.input, at: result.at))
          }
        } else if let reason = result.renderFailure {
          drafts.append(
            HookOutcome.failed(reason, to: nil, by: hook, for: result.item.input, at: result.at))
        }
      }
      state.note(
        .init(
          at: result.at, eventID: event.id, eventName: event.name,
          status: result.outcome?.response?.status,
          latencyMs: result.outcome?.latencyMs,
          outcome: kind, error: result.outcome?.failure?.message ?? result.renderFailure))
      states[hook.id] = state
    }
    for (id, state) in states { transaction.save(StateFiles.delivery(id), state) }
    transaction.save(StateFiles.hosts, throttle)
    let stream = stream(of: owner)
    try EventLog.append(drafts, to: stream, in: transaction)
  }
}
