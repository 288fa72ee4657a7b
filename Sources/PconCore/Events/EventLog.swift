/// Appending to and locating the event log. Partitions are only ever appended to (a publish
/// never rewrites an event) or removed whole (`logs prune`).
public enum EventLog {
  /// An event before the log gives it an ID.
  public struct Draft: Sendable, Equatable {
    public var name: String
    public var data: String
    public var ttl: Int
    public var publishedAt: Timestamp
    public var coreid: String
    public var productID: Int?

    public init(
      name: String, data: String, ttl: Int = Event.defaultTTL, publishedAt: Timestamp,
      coreid: String, productID: Int? = nil
    ) {
      self.name = name
      self.data = data
      self.ttl = ttl
      self.publishedAt = publishedAt
      self.coreid = coreid
      self.productID = productID
    }
  }

  /// Appends `drafts` to `stream` in order, giving each the next ID.
  @discardableResult
  public static func append(_ drafts: [Draft], to stream: EventStream, in transaction: Transaction)
    throws -> [Event]
  {
    guard !drafts.isEmpty else { return [] }
    var next = try nextID(in: transaction)
    var events: [Event] = []
    var byPartition: [String: [UInt8]] = [:]
    var order: [String] = []
    for draft in drafts {
      let event = Event(
        id: next, name: draft.name, data: draft.data, ttl: draft.ttl,
        publishedAt: draft.publishedAt, coreid: draft.coreid,
        productID: draft.productID)
      next += 1
      let partition = stream.partition(draft.publishedAt.month)
      if byPartition[partition] == nil { order.append(partition) }
      byPartition[partition, default: []].append(contentsOf: event.line)
      events.append(event)
    }
    for partition in order { transaction.append(partition, bytes: byPartition[partition] ?? []) }
    transaction.stage(EventStream.sequence, .object([("next_id", .int(next))]))
    return events
  }

  /// The ID the next event will get.
  static func nextID(in transaction: Transaction) throws -> Int64 {
    Int64(try transaction.decode(EventStream.sequence) { try $0.int("next_id") } ?? 1)
  }

  /// The partitions of `stream`, oldest month first, as absolute paths.
  public static func partitions(of stream: EventStream, root: String) throws -> [String] {
    try Journal.wrap { () throws(POSIXFile.Failure) in try POSIXFile.list(root + "/" + stream.path)
    }
    .filter { isPartitionName($0) }
    .map { root + "/" + stream.path + "/" + $0 }
  }

  static func isPartitionName(_ name: String) -> Bool {
    guard name.hasSuffix(".ndjson") else { return false }
    let month = name.dropLast(7)
    return month.count == 7 && Timestamp(iso8601: month + "-01") != nil
  }

  /// The month a partition file holds, `YYYY-MM`.
  static func month(ofPartition path: String) -> String {
    String((path.split(separator: "/").last ?? "").prefix(7))
  }

  /// The event ID up to which `reader` cleared `stream` (0 when never cleared).
  public static func clearedThrough(
    _ stream: EventStream, by reader: String, in transaction: Transaction
  ) throws -> Int64 {
    let markers = try transaction.decode(EventStream.clears) { $0 }
    guard let markers else { return 0 }
    return Int64((try? markers.optionalInt("\(reader)/\(stream.key)")) ?? 0)
  }

  /// Hides every event of `stream` published so far from `account`'s later listings.
  /// Nothing is deleted: billing and integrations still see them.
  public static func clear(_ stream: EventStream, by reader: String, in transaction: Transaction)
    throws -> Int64
  {
    let through = try nextID(in: transaction) - 1
    var pairs: [(String, JSON)] = []
    if case .object(let existing) = try transaction.json(EventStream.clears) ?? .object([]) {
      pairs = existing
    }
    let key = "\(reader)/\(stream.key)"
    pairs.removeAll { $0.0 == key }
    pairs.append((key, .int(through)))
    transaction.stage(EventStream.clears, .object(pairs))
    return through
  }

  /// Removes the whole partitions of `streams` whose month ends at or before `before`.
  /// Returns the removed partitions, relative to the state root.
  public static func prune(_ streams: [EventStream], before: Timestamp, in transaction: Transaction)
    throws -> [String]
  {
    var removed: [String] = []
    for stream in streams {
      for name in try transaction.list(stream.path) where isPartitionName(name) {
        let month = String(name.prefix(7))
        guard let end = monthEnd(month), end <= before else { continue }
        let path = "\(stream.path)/\(name)"
        transaction.stage(path, nil)
        removed.append(path)
      }
    }
    return removed
  }

  /// The first instant after `month` (`YYYY-MM`).
  static func monthEnd(_ month: String) -> Timestamp? {
    guard let year = Int(month.prefix(4)), let number = Int(month.suffix(2)) else { return nil }
    let next =
      number == 12 ? "\(year + 1)-01-01" : "\(year)-\(number < 9 ? "0" : "")\(number + 1)-01"
    return Timestamp(iso8601: next)
  }
}
