/// A read of the event log: one stream, a filter, a time window, and how many.
public struct EventQuery: Sendable {
  public var stream: EventStream
  public var filter = EventFilter()
  /// Only events published by this device.
  public var device: String?
  /// Only events published by these devices (a customer's own), when set.
  public var publishers: Set<String>?
  public var since: Timestamp?
  public var until: Timestamp?
  /// The newest `limit` events, printed oldest first.
  public var limit: Int?
  /// Events with IDs up to this one were cleared and are hidden (0: nothing hidden).
  public var hiddenThrough: Int64 = 0
  /// The actor's device names by ID, for filtering and display.
  public var deviceNames: [String: String] = [:]

  public init(stream: EventStream) { self.stream = stream }

  /// One matched event: its stored line (valid only during the call) and its fields.
  public struct Match {
    let bytes: UnsafeBufferPointer<UInt8>
    let line: EventLine

    /// The stored JSON line, without its newline: exactly what `--json` prints.
    public var rawLine: UnsafeBufferPointer<UInt8> {
      UnsafeBufferPointer(rebasing: bytes[line.line])
    }
    /// The event as a value.
    public var event: Event { line.event(bytes) }
    /// The event's ID.
    public var id: Int64 { line.id }
  }

  /// Calls `emit` with each matching event, oldest first, reading only the partitions the
  /// window touches, and with `limit` only as far back as it needs. Returns how many matching
  /// events the clear marker hid, counted when the whole window was read (fewer than `limit`
  /// matched), else 0: a full page hides nothing from its reader.
  @discardableResult
  public func run(in transaction: Transaction, emit: (Match) throws -> Void) throws -> Int {
    let matcher = EventMatcher(filter, deviceNames: deviceNames)
    let deviceID = device.map { Array($0.utf8) }
    let allowed = publishers.map { Set($0.map { Array($0.utf8) }) }
    let sinceText = since.map { Array($0.iso8601.utf8) }
    let untilText = until.map { Array($0.iso8601.utf8) }
    let partitions = try EventLog.partitions(of: stream, in: transaction).filter { path in
      let month = EventLog.month(ofPartition: path)
      if let since, let end = EventLog.monthEnd(month), end <= since { return false }
      if let until, let start = Timestamp(iso8601: month + "-01"), start > until { return false }
      return true
    }
    var hidden = 0
    func accept(_ line: EventLine, _ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
      if let allowed, !allowed.contains(Array(UnsafeBufferPointer(rebasing: bytes[line.coreid]))) {
        return false
      }
      if let deviceID, !UnsafeBufferPointer(rebasing: bytes[line.coreid]).elementsEqual(deviceID) {
        return false
      }
      if let sinceText,
        compare(UnsafeBufferPointer(rebasing: bytes[line.publishedAt]), sinceText) < 0
      {
        return false
      }
      if let untilText,
        compare(UnsafeBufferPointer(rebasing: bytes[line.publishedAt]), untilText) > 0
      {
        return false
      }
      guard matcher.matches(line, bytes) else { return false }
      if line.id <= hiddenThrough {
        hidden += 1
        return false
      }
      return true
    }

    guard let limit else {
      for path in partitions {
        _ = try PartitionReader.forward(path, in: transaction) { bytes, range, offset in
          try EventQuery.withLine(bytes, range, file: path, offset: offset) {
            line, lineBytes in
            if accept(line, lineBytes) { try emit(Match(bytes: lineBytes, line: line)) }
          }
          return true
        }
      }
      return hidden
    }
    // Newest first, from the end of the newest partition, until `limit` have matched.
    var kept: [[UInt8]] = []
    for path in partitions.reversed() where kept.count < limit {
      try PartitionReader.backward(path, in: transaction) { bytes, range, offset in
        try EventQuery.withLine(bytes, range, file: path, offset: offset) {
          line, lineBytes in
          if accept(line, lineBytes) {
            kept.append(Array(UnsafeBufferPointer(rebasing: lineBytes[line.line])))
          }
        }
        return kept.count < limit
      }
    }
    for line in kept.reversed() {
      try line.withUnsafeBufferPointer { bytes in
        guard let parsed = EventLine.parse(bytes, 0..<bytes.count) else { return }
        try emit(Match(bytes: bytes, line: parsed))
      }
    }
    return kept.count < limit ? hidden : 0
  }

  /// The current end of every partition of the stream: where following starts.
  public func ends(in transaction: Transaction) throws -> [String: Int] {
    var ends: [String: Int] = [:]
    for path in try EventLog.partitions(of: stream, in: transaction) {
      ends[path] = try transaction.size(path) ?? 0
    }
    return ends
  }

  /// Emits the matching events appended since `offsets` (a new partition, such as the next
  /// month's, from its start) and moves `offsets` past them; with `limit`, stops after that many
  /// matches, `offsets` just past the last one emitted.
  public func follow(
    in transaction: Transaction, offsets: inout [String: Int], limit: Int? = nil,
    emit: (Match) throws -> Void
  ) throws {
    var left = limit ?? .max
    let matcher = EventMatcher(filter, deviceNames: deviceNames)
    let deviceID = device.map { Array($0.utf8) }
    let allowed = publishers.map { Set($0.map { Array($0.utf8) }) }
    for path in try EventLog.partitions(of: stream, in: transaction) {
      let start = offsets[path] ?? 0
      guard (try transaction.size(path) ?? 0) > start else { continue }
      offsets[path] = try PartitionReader.forward(path, in: transaction, from: start) {
        bytes, range, offset in
        try EventQuery.withLine(bytes, range, file: path, offset: offset) {
          line, lineBytes in
          if let allowed,
            !allowed.contains(Array(UnsafeBufferPointer(rebasing: lineBytes[line.coreid])))
          {
            return
          }
          if let deviceID,
            !UnsafeBufferPointer(rebasing: lineBytes[line.coreid]).elementsEqual(deviceID)
          {
            return
          }
          if matcher.matches(line, lineBytes) {
            try emit(Match(bytes: lineBytes, line: line))
            left -= 1
          }
        }
        return left > 0
      }
      if left == 0 { return }
    }
  }

  /// Parses a stored line, falling back to a full JSON parse for a line not in canonical form.
  static func withLine(
    _ bytes: UnsafeBufferPointer<UInt8>, _ range: Range<Int>, file relative: String, offset: Int,
    _ body: (EventLine, UnsafeBufferPointer<UInt8>) throws -> Void
  ) throws {
    if let line = EventLine.parse(bytes, range) { return try body(line, bytes) }
    let event: Event
    do {
      let text = Array(UnsafeBufferPointer(rebasing: bytes[range]))
      event = try Event(stored: try JSONObject(try JSONParser.parse(text), path: ""))
    } catch let failure as JSONParser.Failure {
      throw PconError.stateDamaged(
        file: relative, reason: "invalid JSON at byte \(offset + failure.offset): \(failure.reason)"
      )
    } catch let failure as JSONObject.ShapeError {
      throw PconError.stateDamaged(
        file: relative, reason: "event at byte \(offset): \(failure.description)")
    }
    let canonical = Array(event.line.dropLast())
    try canonical.withUnsafeBufferPointer { rebuilt in
      guard let line = EventLine.parse(rebuilt, 0..<rebuilt.count) else {
        throw PconError.stateDamaged(
          file: relative, reason: "event at byte \(offset) cannot be read")
      }
      try body(line, rebuilt)
    }
  }

  private func compare(_ a: UnsafeBufferPointer<UInt8>, _ b: [UInt8]) -> Int {
    for (x, y) in zip(a, b) where x != y { return x < y ? -1 : 1 }
    return a.count == b.count ? 0 : (a.count < b.count ? -1 : 1)
  }
}
