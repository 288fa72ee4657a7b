/// The rules for publishing and reading events as an account.
public enum Events {
  /// Publishes an event as `account`, or as one of its devices when `device` is given.
  public static func publish(
    name: String, data: String, ttl: Int, device reference: String?, by account: Account,
    in transaction: Transaction
  ) throws -> Event {
    try EventRules.validate(name: name, data: data, ttl: ttl)
    let draft: EventLog.Draft
    let stream: EventStream
    if let reference {
      var device = try Fleet.resolve(reference, for: account, in: transaction)
      device.lastHeard = transaction.now
      try transaction.save(device)
      stream = try EventStream.of(device, in: transaction) ?? .account(id: account.id)
      draft = EventLog.Draft(
        name: name, data: data, ttl: ttl, publishedAt: transaction.now, coreid: device.id,
        productID: device.productID)
    } else {
      stream = .account(id: account.id)
      draft = EventLog.Draft(
        name: name, data: data, ttl: ttl, publishedAt: transaction.now, coreid: Event.apiPublisher)
    }
    return try EventLog.append([draft], to: stream, in: transaction)[0]
  }

  /// Logs an event the cloud itself generates about `device` (`spark/status`, …).
  static func recordCloudEvent(
    name: String, data: String, about device: Device, in transaction: Transaction
  ) throws {
    guard let stream = try EventStream.of(device, in: transaction) else { return }
    let draft = EventLog.Draft(
      name: name, data: data, publishedAt: transaction.now, coreid: device.id,
      productID: device.productID)
    try EventLog.append([draft], to: stream, in: transaction)
  }

  /// The names of `account`'s devices by ID, for filters and tables.
  public static func deviceNames(for account: Account, in transaction: Transaction) throws
    -> [String: String]
  {
    var names: [String: String] = [:]
    for device in try Fleet.list(DeviceQuery(), for: account, in: transaction) {
      if let name = device.name { names[device.id] = name }
    }
    return names
  }

  /// Where a listing reads: the account's own log, or one device's events.
  public struct Scope: Sendable {
    public let stream: EventStream
    /// The device the listing is limited to, if any.
    public let device: Device?
  }

  /// The log `account` reads, narrowed to `device` when one is given.
  public static func scope(
    device reference: String?, for account: Account, in transaction: Transaction
  ) throws -> Scope {
    guard let reference else { return Scope(stream: .account(id: account.id), device: nil) }
    let device = try Fleet.resolve(reference, for: account, in: transaction)
    return Scope(
      stream: try EventStream.of(device, in: transaction) ?? .account(id: account.id),
      device: device)
  }

  /// The streams `account` may prune.
  public static func prunableStreams(for account: Account, in transaction: Transaction) throws
    -> [EventStream]
  {
    [.account(id: account.id)]
  }

  /// The distinct event names among the newest `window` events of `account`'s log, sorted:
  /// enough for completion, without reading a long history.
  public static func recentNames(
    for account: Account, window: Int = 5000, in transaction: Transaction
  ) throws -> [String] {
    var names = Set<String>()
    var seen = 0
    for path in try EventLog.partitions(of: .account(id: account.id), root: transaction.root)
      .reversed() where seen < window
    {
      try PartitionReader.backward(path) { bytes, range, _ in
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

  /// The event with ID `id` in the logs `account` can read.
  public static func find(id text: String, for account: Account, in transaction: Transaction) throws
    -> Event
  {
    guard let id = Int64(text), id > 0 else {
      throw PconError.invalidValue(
        name: "event ID", value: text, expected: "a positive whole number")
    }
    var found: Event?
    for stream in [EventStream.account(id: account.id)] where found == nil {
      for path in try EventLog.partitions(of: stream, root: transaction.root) where found == nil {
        _ = try PartitionReader.forward(path) { bytes, range, offset in
          try EventQuery.withLine(bytes, range, file: path, offset: offset, root: transaction.root)
          { line, lineBytes in
            if line.id == id { found = line.event(lineBytes) }
          }
          return found == nil
        }
      }
    }
    guard let found else { throw PconError.eventNotFound(text) }
    return found
  }
}
