/// `integration test` and `integration history`: one request sent now, and what a hook's
/// deliveries did.
extension Delivery {
  /// The data a test event carries unless given, as the console's Test button sends.
  public static let testData = "test-event"

  /// What `integration test` sends: hook `id`'s request for an event named its prefix, with
  /// `data`, published now by the device it watches (or the API).
  public static func test(
    _ id: String, data: String?, by actor: Actor, in transaction: Transaction
  ) throws -> (hook: Webhook, item: Item) {
    let hook = try Webhooks.authorized(id, Needs.send, by: actor, in: transaction)
    let productID: Int? =
      if case .product(let id) = hook.owner { id } else { nil }
    let event = Event(
      id: 0, name: hook.event, data: data ?? testData, ttl: Event.defaultTTL,
      publishedAt: transaction.now, coreid: hook.deviceID ?? Event.apiPublisher,
      productID: productID)
    return (hook, Item(hook: hook, input: WebhookRender.Input(event: event), retry: nil))
  }

  /// Adds a test's result to its hook's history (not to the day's counts, nor the log).
  public static func recordTest(_ result: Result, in transaction: Transaction) throws {
    let hook = result.item.hook
    // A hook deleted while the test was under way keeps nothing.
    guard try Webhooks.hooks(of: hook.owner, in: transaction).contains(where: { $0.id == hook.id })
    else { return }
    let file = StateFiles.delivery(hook.id)
    var state = try transaction.load(file)
    state.note(
      .init(
        at: result.at, eventID: nil, eventName: result.item.input.event.name,
        status: result.outcome?.response?.status,
        latencyMs: result.outcome?.latencyMs, outcome: .test,
        error: result.outcome?.failure?.message ?? result.renderFailure))
    transaction.save(file, state)
  }

  /// Hook `id` and its delivery history.
  public static func history(_ id: String, by actor: Actor, in transaction: Transaction) throws
    -> (hook: Webhook, state: DeliveryState)
  {
    let hook = try Webhooks.authorized(id, Webhooks.Needs.get, by: actor, in: transaction)
    return (hook, try transaction.load(StateFiles.delivery(hook.id)))
  }

  /// The throttle as stored, which a worker carries between batches.
  public static func throttle(in transaction: Transaction) throws -> HostThrottle {
    try transaction.load(StateFiles.hosts)
  }
}
