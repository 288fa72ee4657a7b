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

  /// Appends `drafts` to `stream` in order, giving each the next ID; a draft for which
  /// `copyTo` names another stream is written there too, with the same ID (a person's own log
  /// holds the events of the product devices they own).
  @discardableResult
  public static func append(
    _ drafts: [Draft], to stream: EventStream, in transaction: Transaction,
    copyTo: (Draft) throws -> EventStream? = { _ in nil }
  ) throws -> [Event] {
    try append(drafts, in: transaction) { (stream, try copyTo($0)) }
  }

  /// Appends `drafts` in order, each to the stream `route` names and to its copy stream if any,
  /// giving each the next ID: drafts of several streams interleaved in time keep IDs in time
  /// order across all of them.
  @discardableResult
  static func append(
    _ drafts: [Draft], in transaction: Transaction,
    route: (Draft) throws -> (stream: EventStream, copy: EventStream?)
  ) throws -> [Event] {
    guard !drafts.isEmpty else { return [] }
    var next = try nextID(in: transaction)
    let routes = try drafts.map(route)
    var streams: [EventStream] = []
    for (stream, copy) in routes {
      if !streams.contains(stream) { streams.append(stream) }
      if let copy, !streams.contains(copy) { streams.append(copy) }
    }
    // Read (or rebuilt) before anything is staged: staged appends are not visible to readers.
    var indexes: [EventStream: [StateFiles.PartitionIDs]] = [:]
    for stream in streams {
      let index = try idIndex(of: stream, in: transaction)
      // A deleted or rolled-back sequence would give IDs the stream already holds.
      if let newest = index.max(by: { $0.last < $1.last }), newest.last >= next {
        throw PconError.stateDamaged(
          file: StateLayout.eventSequence,
          reason:
            "next_id \(next) is not above event \(newest.last) already in \(StateLayout.partition(stream, month: newest.month))"
        )
      }
      indexes[stream] = index
    }
    var events: [Event] = []
    events.reserveCapacity(drafts.count)
    var written: [EventStream: [Event]] = [:]
    for (draft, (stream, copy)) in zip(drafts, routes) {
      let event = Event(
        id: next, name: draft.name, data: draft.data, ttl: draft.ttl,
        publishedAt: draft.publishedAt, coreid: draft.coreid,
        productID: draft.productID)
      try EventRules.checkStorable(event)
      next += 1
      events.append(event)
      written[stream, default: []].append(event)
      if let copy, copy != stream { written[copy, default: []].append(event) }
    }
    for stream in streams {
      try write(written[stream] ?? [], to: stream, index: indexes[stream] ?? [], in: transaction)
    }
    transaction.save(StateFiles.eventSequence, next)
    return events
  }

  /// Stages `events` at the end of their month partitions of `stream`, and its ID index.
  private static func write(
    _ events: [Event], to stream: EventStream, index: [StateFiles.PartitionIDs],
    in transaction: Transaction
  ) throws {
    var index = index
    var byPartition: [String: [UInt8]] = [:]
    var order: [String] = []
    for event in events {
      let month = event.publishedAt.month
      let partition = StateLayout.partition(stream, month: month)
      if byPartition[partition] == nil { order.append(partition) }
      byPartition[partition, default: []].append(contentsOf: event.line)
      if let at = index.firstIndex(where: { $0.month == month }) {
        index[at] = .init(month: month, first: index[at].first, last: event.id)
      } else {
        index.append(.init(month: month, first: event.id, last: event.id))
      }
    }
    index.sort { $0.month < $1.month }
    transaction.save(StateFiles.streamIndex(path: StateLayout.streamIndex(stream)), index)
    for partition in order {
      // Checked before this transaction's first append to the partition; later batches follow it.
      let offset =
        transaction.isStagedForAppend(partition)
        ? nil : try PartitionDamage.appendOffset(for: partition, in: transaction)
      try transaction.append(partition, bytes: byPartition[partition] ?? [], at: offset)
    }
  }

  /// The ID index of `stream`, rebuilt from its partitions' first and last lines when the state
  /// has none yet (it was written before the index was kept).
  static func idIndex(of stream: EventStream, in transaction: Transaction) throws
    -> [StateFiles.PartitionIDs]
  {
    let file = StateFiles.streamIndex(path: StateLayout.streamIndex(stream))
    if let index = try transaction.load(file) { return index }
    var index: [StateFiles.PartitionIDs] = []
    for path in try partitions(of: stream, in: transaction) {
      guard let ids = try EventLocator.bounds(in: path, transaction: transaction) else { continue }
      index.append(.init(month: month(ofPartition: path), first: ids.first, last: ids.last))
    }
    return index
  }

  /// The ID the next event will get, refused (naming `events/sequence.json`) when out of range,
  /// or when it is missing or reset to 1 while events exist: IDs are never given twice.
  static func nextID(in transaction: Transaction) throws -> Int64 {
    let next = try transaction.load(StateFiles.eventSequence)
    guard (1...EventRules.maxEventID + 1).contains(next) else {
      throw PconError.stateDamaged(
        file: StateLayout.eventSequence,
        reason: "next_id \(next) is outside 1 to \(EventRules.maxEventID)")
    }
    if next == EventRules.maxEventID + 1 {
      throw PconError.stateDamaged(
        file: StateLayout.eventSequence,
        reason:
          "next_id \(next): every event ID up to \(EventRules.maxEventID) is used; no more events can be stored"
      )
    }
    if next == 1, let held = try anyPartition(in: transaction) {
      throw PconError.stateDamaged(
        file: StateLayout.eventSequence,
        reason:
          "is missing or starts again at 1, but \(held) holds events; pcon doctor names the highest event ID"
      )
    }
    return next
  }

  /// Some partition of some stream, if there is any.
  private static func anyPartition(in transaction: Transaction) throws -> String? {
    for stream in try transaction.list(StateLayout.eventsDirectory) {
      let directory = "\(StateLayout.eventsDirectory)/\(stream)"
      guard (try transaction.entry(directory))?.kind == .directory else { continue }
      if let file = try transaction.list(directory).first(where: StateLayout.isPartitionName) {
        return "\(directory)/\(file)"
      }
    }
    return nil
  }

  /// The partitions of `stream`, oldest month first, as paths inside the state.
  public static func partitions(of stream: EventStream, in transaction: Transaction) throws
    -> [String]
  {
    let directory = StateLayout.stream(stream)
    return try transaction.list(directory).filter(StateLayout.isPartitionName).map {
      "\(directory)/\($0)"
    }
  }

  /// The month a partition file holds, `YYYY-MM`.
  static func month(ofPartition path: String) -> String {
    String((path.split(separator: "/").last ?? "").prefix(7))
  }

  /// The event ID up to which `reader` cleared `stream` (0 when never cleared).
  public static func clearedThrough(
    _ stream: EventStream, by reader: String, in transaction: Transaction
  ) throws -> Int64 {
    let key = "\(reader)/\(stream.key)"
    return try transaction.load(StateFiles.eventClears).first { $0.key == key }?.through ?? 0
  }

  /// Hides every event of `stream` published so far from `account`'s later listings.
  /// Nothing is deleted: billing and integrations still see them.
  public static func clear(_ stream: EventStream, by reader: String, in transaction: Transaction)
    throws -> Int64
  {
    let through = try nextID(in: transaction) - 1
    var markers = try transaction.load(StateFiles.eventClears)
    let key = "\(reader)/\(stream.key)"
    markers.removeAll { $0.key == key }
    markers.append((key, through))
    transaction.save(StateFiles.eventClears, markers)
    return through
  }

  /// A month of a stream that pruning removes, and how many events it holds.
  public struct PrunedMonth: Sendable, Equatable {
    public let month: String
    public let events: Int
    /// The partition file, relative to the state root.
    public let path: String
  }

  /// The whole partitions of `streams` whose month ends at or before `before`, oldest first.
  public static func prunable(
    _ streams: [EventStream], before: Timestamp, in transaction: Transaction
  ) throws -> [PrunedMonth] {
    var months: [PrunedMonth] = []
    for stream in streams {
      for path in try partitions(of: stream, in: transaction) {
        let month = month(ofPartition: path)
        guard let end = monthEnd(month), end <= before else { continue }
        var count = 0
        _ = try PartitionReader.forward(path, in: transaction) { bytes, range, _ in
          if !range.isEmpty { count += 1 }
          return true
        }
        months.append(PrunedMonth(month: month, events: count, path: path))
      }
    }
    return months
  }

  /// Removes `months` (as `prunable` found them) from `streams`, with their index entries.
  static func remove(
    _ removed: [PrunedMonth], from streams: [EventStream], in transaction: Transaction
  ) throws {
    for stream in streams {
      let months = Set(
        removed.filter { $0.path.hasPrefix(StateLayout.stream(stream) + "/") }.map(\.month))
      guard !months.isEmpty else { continue }
      for month in months { transaction.stage(StateLayout.partition(stream, month: month), nil) }
      // A stream without an index keeps none: readers fall back to the partitions themselves.
      let file = StateFiles.streamIndex(path: StateLayout.streamIndex(stream))
      if let index = try transaction.load(file) {
        transaction.save(file, index.filter { !months.contains($0.month) })
      }
    }
  }

  /// The first instant after `month` (`YYYY-MM`).
  static func monthEnd(_ month: String) -> Timestamp? {
    guard let year = Int(month.prefix(4)), let number = Int(month.suffix(2)) else { return nil }
    let next =
      number == 12 ? "\(year + 1)-01-01" : "\(year)-\(number < 9 ? "0" : "")\(number + 1)-01"
    return Timestamp(iso8601: next)
  }
}
