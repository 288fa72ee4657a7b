/// The `logs` use case: what an actor reads from the event log, decided in one place.
public struct EventListing: Sendable {
  /// The query the listing runs: stream, filter, window, device names, clear marker, limit.
  public let query: EventQuery
  /// The one device the listing is limited to, if any.
  public let device: Device?

  /// Runs the listing's history, oldest first, through `emit`; how many matching events
  /// `logs clear` hid from it (see `EventQuery.run`).
  @discardableResult
  public func read(in transaction: Transaction, emit: (EventQuery.Match) throws -> Void) throws
    -> Int
  {
    try query.run(in: transaction, emit: emit)
  }

  /// A tail that starts at the current end of the listing's stream.
  public func tail(in transaction: Transaction) throws -> EventTail {
    try EventTail(query, in: transaction)
  }
}

/// Follows a query's stream: remembers where each partition ended and hands over only what was
/// appended since. `logs --follow` drives one; so can any other reader of new events.
public struct EventTail: Sendable {
  public let query: EventQuery
  /// Where reading stopped in each partition: what a durable reader stores to resume.
  public private(set) var offsets: [String: Int]

  /// A tail positioned at the current end of every partition of `query`'s stream.
  public init(_ query: EventQuery, in transaction: Transaction) throws {
    self.query = query
    offsets = try query.ends(in: transaction)
  }

  /// A tail resuming at `offsets`, as an earlier tail's `offsets` left them.
  public init(_ query: EventQuery, offsets: [String: Int]) {
    self.query = query
    self.offsets = offsets
  }

  /// Emits the matching events appended since the last poll (at most `limit`), and moves
  /// past them.
  public mutating func poll(
    in transaction: Transaction, limit: Int? = nil, emit: (EventQuery.Match) throws -> Void
  ) throws {
    try query.follow(in: transaction, offsets: &offsets, limit: limit, emit: emit)
  }
}

extension Events {
  /// The listing `actor` reads: one device's events (`device`), a product's stream (`product`,
  /// or the actor's default product), or the person's own log; narrowed by `filter` and the
  /// window, the newest `limit`, hiding what the actor cleared unless `includeCleared`.
  public static func listing(
    device reference: String?, product: String?, filter: EventFilter, since: Timestamp?,
    until: Timestamp?, limit: Int?, includeCleared: Bool, by actor: Actor,
    in transaction: Transaction
  ) throws -> EventListing {
    let scope = try self.scope(device: reference, product: product, for: actor, in: transaction)
    try Fleet.requireUnambiguousDevices(in: filter, for: actor, in: transaction)
    var query = EventQuery(stream: scope.stream)
    query.filter = filter
    query.device = scope.device?.id
    query.publishers = scope.publishers
    query.since = since
    query.until = until
    query.limit = limit
    query.deviceNames =
      try scope.device.map { device in device.name.map { [device.id: $0] } ?? [:] }
      ?? deviceNames(for: scope.stream, in: transaction)
    if !includeCleared {
      query.hiddenThrough = try EventLog.clearedThrough(
        scope.stream, by: scope.reader, in: transaction)
      // Clearing your own log hides your devices' events wherever one device's are read from.
      if let device = scope.device, case .product = scope.stream,
        let owner = try EventStream.personOwner(of: device, in: transaction),
        case .person(let account) = actor, owner.id == account.id
      {
        query.hiddenThrough = max(
          query.hiddenThrough,
          try EventLog.clearedThrough(.account(id: account.id), by: scope.reader, in: transaction))
      }
    }
    return EventListing(query: query, device: scope.device)
  }

  /// Hides the events there are now from `actor`'s later listings of the log `listing` would
  /// read without a device; the last ID hidden.
  public static func clear(product: String?, by actor: Actor, in transaction: Transaction) throws
    -> Int64
  {
    let scope = try self.scope(device: nil, product: product, for: actor, in: transaction)
    return try EventLog.clear(scope.stream, by: scope.reader, in: transaction)
  }

  /// The event `id` as `logs show` prints it, with its publisher's name when that device is in
  /// the stream the actor read the event from (never one it cannot see).
  public static func show(id: String, by actor: Actor, in transaction: Transaction) throws -> (
    event: Event, deviceNames: [String: String]
  ) {
    let (event, stream) = try locate(id: id, for: actor, in: transaction)
    // Only the publisher's name is printed, so only its record is read.
    guard let device = try transaction.devices(ids: [event.coreid]).first,
      let name = device.name
    else { return (event, [:]) }
    let inStream: Bool
    switch stream {
    case .product(let id): inStream = device.productID == id
    case .account:
      if case .person(let account) = actor {
        inStream = try Access.owns(account, device, in: transaction)
      } else {
        inStream = false
      }
    }
    return (event, inStream ? [device.id: name] : [:])
  }
}

/// A query's filter, device and publishers compiled once, to test events already read (not its
/// window or clear marker): how a live view applies a new query to the events it holds.
public struct EventSelection: Sendable {
  private let matcher: EventMatcher
  private let device: String?
  private let publishers: Set<String>?

  /// The selection `query` makes among the events of its stream.
  public init(_ query: EventQuery) {
    matcher = EventMatcher(query.filter, deviceNames: query.deviceNames)
    device = query.device
    publishers = query.publishers
  }

  /// Whether `event` is one a tail of the query would hand over.
  public func admits(_ event: Event) -> Bool {
    if let device, event.coreid != device { return false }
    if let publishers, !publishers.contains(event.coreid) { return false }
    let bytes = event.line
    return bytes.withUnsafeBufferPointer { buffer in
      // A line pcon writes always parses; one that would not is not shown rather than guessed at.
      guard let line = EventLine.parse(buffer, 0..<(buffer.count - 1)) else { return false }
      return matcher.matches(line, buffer)
    }
  }
}
