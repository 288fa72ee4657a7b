/// The rules for publishing and reading events as an account.
public enum Events {
  public enum Needs {
    public static let publish = Permission.develop("events:send", customers: true)
    public static let read = Permission.view("events:get", customers: true)
    public static let prune = Permission.personal
  }

  /// Publishes an event: as one of the actor's devices (`device`), into a product's stream as
  /// the API (`product`), or as the person acting.
  public static func publish(
    name: String, data: String, ttl: Int, device reference: String?,
    product productRef: String? = nil, by actor: Actor,
    in transaction: Transaction
  ) throws -> Event {
    try EventRules.validate(name: name, data: data, ttl: ttl)
    if let reference {
      return try publish(
        name: name, data: data, ttl: ttl, asDevice: reference, product: productRef, by: actor,
        in: transaction)
    }
    let draft: EventLog.Draft
    let stream: EventStream
    if let productRef = productRef ?? Access.defaultProduct(of: actor) {
      // Customers publish as their devices, never into the product's stream.
      if case .customer = actor {
        throw PconError.notForActor(actor.label, needs: "a device of its own to publish as")
      }
      let grant = try Products.authorize(productRef, Needs.publish, actor: actor, in: transaction)
      guard let product = grant.product else { throw PconError.productNotFound(productRef) }
      stream = .product(id: product.id)
      draft = EventLog.Draft(
        name: name, data: data, ttl: ttl, publishedAt: transaction.now, coreid: Event.apiPublisher,
        productID: product.id)
    } else {
      let account = try Access.authorize(actor, Needs.publish, in: transaction).person()
      stream = .account(id: account.id)
      draft = EventLog.Draft(
        name: name, data: data, ttl: ttl, publishedAt: transaction.now, coreid: Event.apiPublisher)
    }
    return try EventLog.append([draft], to: stream, in: transaction)[0]
  }

  /// Publishes as the device `reference`, which the cloud then hears from: one that was offline
  /// has just connected, so it comes online first, as a handshake would bring it.
  private static func publish(
    name: String, data: String, ttl: Int, asDevice reference: String, product productRef: String?,
    by actor: Actor, in transaction: Transaction
  ) throws -> Event {
    var (device, _) = try Access.device(reference, Needs.publish, actor: actor, in: transaction)
    // Naming a product too is a claim that the device is its member: checked, not ignored.
    if let productRef {
      let grant = try Products.authorize(productRef, Needs.publish, actor: actor, in: transaction)
      guard let product = grant.product else { throw PconError.productNotFound(productRef) }
      try device.requireMember(of: product, as: reference)
    }
    var publisher = DevicePublisher()
    try publisher.publish(
      name: name, data: data, ttl: ttl, as: &device, at: transaction.now, in: transaction)
    let (events, noticed) = try publisher.flush(in: transaction)
    transaction.notices += noticed.map(\.notice)
    guard let published = events.last else { throw PconError.deviceNotFound(reference) }
    return published
  }

  /// Logs an event the cloud itself generates about `device` (`spark/status`, …).
  static func recordCloudEvent(
    name: String, data: String, about device: Device, in transaction: Transaction
  ) throws {
    let draft = cloudDraft(name: name, data: data, about: device, at: transaction.now)
    guard let stream = try EventStream.of(device, in: transaction) else { return }
    let copy = try EventStream.copy(of: device, in: transaction)
    try EventLog.append([draft], to: stream, in: transaction, copyTo: { _ in copy })
  }

  static func cloudDraft(
    name: String, data: String, about device: Device, at time: Timestamp
  ) -> EventLog.Draft {
    EventLog.Draft(
      name: name, data: data, publishedAt: time, coreid: device.id, productID: device.productID)
  }

  /// Device names by ID for a stream: an account's own devices, or a product's.
  public static func deviceNames(for stream: EventStream, in transaction: Transaction) throws
    -> [String: String]
  {
    let devices: [Device]
    switch stream {
    case .account(let id):
      guard let account = try transaction.accounts().first(where: { $0.id == id }) else {
        return [:]
      }
      devices = try Fleet.list(DeviceQuery(), for: account, in: transaction)
    case .product(let id):
      // Devices waiting in quarantine publish into the stream too.
      devices =
        try transaction.productDevices(id) + transaction.productDevices(id, quarantined: true)
    }
    var names: [String: String] = [:]
    for device in devices { if let name = device.name { names[device.id] = name } }
    return names
  }

  /// Where a listing reads: a stream, narrowed to some devices when the actor may see only those.
  public struct Scope: Sendable {
    public let stream: EventStream
    /// The device the listing is limited to, if any.
    public let device: Device?
    /// The key clear markers are kept under for this actor.
    public let reader: String
    /// The devices whose events the actor may read in the stream, when not all of them.
    public var publishers: Set<String>? = nil
  }

  /// The log `actor` reads: one device's events, a product's stream, or a person's own log.
  public static func scope(
    device reference: String?, product productRef: String? = nil, for actor: Actor,
    in transaction: Transaction
  ) throws -> Scope {
    let reader = key(for: actor)
    if let reference {
      let (device, _) = try Access.device(reference, Needs.read, actor: actor, in: transaction)
      guard let stream = try EventStream.of(device, in: transaction) else {
        throw PconError.deviceNotFound(reference)
      }
      return Scope(stream: stream, device: device, reader: reader)
    }
    let productRef = productRef ?? Access.defaultProduct(of: actor)
    if let productRef {
      let grant = try Products.authorize(productRef, Needs.read, actor: actor, in: transaction)
      guard let product = grant.product else { throw PconError.productNotFound(productRef) }
      var scope = Scope(stream: .product(id: product.id), device: nil, reader: reader)
      scope.publishers = try Access.publishers(visibleTo: actor, in: transaction)
      return scope
    }
    let account = try Access.authorize(actor, Needs.read, in: transaction).person()
    return Scope(stream: .account(id: account.id), device: nil, reader: reader)
  }

  static func key(for actor: Actor) -> String {
    switch actor {
    case .person(let account): return account.id
    case .apiUser(let user): return "api-\(user.id)"
    case .customer(let customer): return "customer-\(customer.productID)-\(customer.email)"
    }
  }

  /// The months of the logs the person acting may prune (their own) that end at or before
  /// `before`: what `prune` would delete.
  public static func prunable(before: Timestamp, by actor: Actor, in transaction: Transaction)
    throws -> [EventLog.PrunedMonth]
  {
    let account = try Access.authorize(actor, Needs.prune, in: transaction).person()
    return try EventLog.prunable([.account(id: account.id)], before: before, in: transaction)
  }

  /// Deletes whole months older than `before` from the logs the person acting may prune (their
  /// own); the months removed. With `expecting`, what `prunable` showed before the question:
  /// anything else is refused, so nothing is deleted that was not shown.
  public static func prune(
    before: Timestamp, expecting shown: [EventLog.PrunedMonth]? = nil, by actor: Actor,
    in transaction: Transaction
  ) throws -> [EventLog.PrunedMonth] {
    let account = try Access.authorize(actor, Needs.prune, in: transaction).person()
    let streams: [EventStream] = [.account(id: account.id)]
    let months = try EventLog.prunable(streams, before: before, in: transaction)
    if let shown, months != shown { throw PconError.changedSinceShown("the event log to prune") }
    try EventLog.remove(months, from: streams, in: transaction)
    return months
  }

  /// The distinct event names among the newest `window` events of `account`'s log, sorted:
  /// enough for completion, without reading a long history.
  public static func recentNames(
    in stream: EventStream, window: Int = 5000, in transaction: Transaction
  ) throws -> [String] {
    var names = Set<String>()
    var seen = 0
    for path in try EventLog.partitions(of: stream, in: transaction).reversed() where seen < window
    {
      try PartitionReader.backward(path, in: transaction) { bytes, range, _ in
        if let line = EventLine.parse(bytes, range) {
          names.insert(
            String(decoding: UnsafeBufferPointer(rebasing: bytes[line.name]), as: UTF8.self))
        }
        seen += 1
        return seen < window
      }
    }
    return names.sorted()
  }

  /// The event with ID `id` in the logs `actor` can read.
  public static func find(id text: String, for actor: Actor, in transaction: Transaction) throws
    -> Event
  {
    try locate(id: text, for: actor, in: transaction).event
  }

  /// The event with ID `id` and the stream, among those `actor` can read, that holds it.
  static func locate(id text: String, for actor: Actor, in transaction: Transaction) throws
    -> (event: Event, stream: EventStream)
  {
    guard let id = Int64(text), id > 0 else {
      throw PconError.invalidValue(
        field: "event ID", value: text, expected: "a positive whole number")
    }
    var streams: [EventStream] = []
    if case .person(let account) = actor { streams.append(.account(id: account.id)) }
    streams += try Access.products(actor, Needs.read, in: transaction).map {
      .product(id: $0.id)
    }
    var found: Event?
    var holder = streams.first
    for stream in streams where found == nil {
      holder = stream
      // The stream's ID index names the one partition that can hold the ID; a state without
      // one (written before it was kept) is searched partition by partition.
      let index = try transaction.load(
        StateFiles.streamIndex(path: StateLayout.streamIndex(stream)))
      let paths =
        try index.map { entries in
          entries.filter { $0.first <= id && id <= $0.last }.map {
            StateLayout.partition(stream, month: $0.month)
          }
        } ?? EventLog.partitions(of: stream, in: transaction)
      for path in paths where found == nil {
        found = try EventLocator.find(id, in: path, transaction: transaction)
      }
    }
    // A customer reads only its own devices' events: the one publisher's owner decides.
    if let event = found, case .customer(let customer) = actor,
      try transaction.devices(ids: [event.coreid]).first.map({ Access.owns(customer, $0) }) != true
    {
      found = nil
    }
    guard let found, let holder else { throw PconError.eventNotFound(text) }
    return (found, holder)
  }
}
