/// Reads events captured from Particle: the server-sent-events stream, or the one JSON object
/// per line that `particle subscribe` prints. Captures are read as a stream, line by line, and
/// stored in batches, so their size is bounded only by the disk.
public enum EventIngest {
  /// The two input formats.
  public enum Format: String, Sendable, CaseIterable {
    case sse, ndjson
  }

  /// A record that could not be stored, and why.
  public struct Problem: Sendable, Equatable {
    public let line: Int
    public let reason: String

    /// The problem as a warning about line `line` of `source`.
    public func notice(in source: String) -> Notice {
      Notice(.warning, subject: "\(source):\(line)", message: "skipped: \(reason)")
    }
  }

  /// What a capture held, collected whole (for small captures and tests).
  public struct Parsed: Sendable {
    public var drafts: [EventLog.Draft] = []
    public var problems: [Problem] = []
  }

  /// What an ingest stored.
  public struct Summary: Sendable, Equatable {
    public var stored = 0
    public var firstID: Int64?
    public var lastID: Int64?
    public var skipped = 0
  }

  /// Where ingested events go: a stream, the product given to events that name none, and the
  /// products of this state the actor is not on, which no event it brings may claim.
  public struct Destination: Sendable {
    let stream: EventStream
    let product: Int?
    var foreign: Set<Int> = []
  }

  /// The most data bytes accepted from a capture (Particle's CloudEvent limit).
  static let maxCapturedData = 16_384
  /// The longest line a capture may hold: room for the largest record, escaped.
  public static let maxLineLength = 1 << 20
  /// How many events are handed to the log at a time.
  static let batchSize = 8_192

  /// Guesses the format from the first meaningful line.
  public static func detect(_ bytes: [UInt8]) -> Format {
    var source = MemorySource(bytes)
    var format: Format?
    try? source.forEachLine(limit: Int.max) { _, line in
      if format == nil { format = EventCapture.format(of: line) }
    }
    return format ?? .ndjson
  }

  /// Parses a whole capture; `product` is recorded on events that do not name one.
  public static func parse(_ bytes: [UInt8], format: Format?, product: Int? = nil) -> Parsed {
    var parsed = Parsed()
    var capture = EventCapture(format: format)
    let collect: (EventCapture.Outcome) -> Void = { outcome in
      switch outcome {
      case .draft(var draft):
        draft.productID = draft.productID ?? product
        parsed.drafts.append(draft)
      case .problem(let problem): parsed.problems.append(problem)
      }
    }
    var source = MemorySource(bytes)
    try? source.forEachLine(limit: Int.max) { number, line in
      capture.read(line: number, line, collect)
    }
    capture.finish(collect)
    return parsed
  }

  /// What storing into the person's own log needs.
  public static let ownNeeds = Permission.personal
  /// What storing into a product's stream needs.
  public static let productNeeds = Permission.develop("events:send")

  /// Where `actor`'s ingested events go, once authorized: `product` (or the actor's default
  /// product) when there is one, else the acting person's own log. Events that name no product
  /// get the product's ID.
  public static func destination(
    product reference: String?, by actor: Actor, in transaction: Transaction
  ) throws -> Destination {
    guard let reference = reference ?? Access.defaultProduct(of: actor) else {
      let account = try Access.authorize(actor, ownNeeds, in: transaction).person()
      return Destination(
        stream: .account(id: account.id), product: nil,
        foreign: try Access.foreignProductIDs(of: actor, in: transaction))
    }
    let grant = try Products.authorize(reference, productNeeds, actor: actor, in: transaction)
    guard let product = grant.product else { throw PconError.productNotFound(reference) }
    return Destination(
      stream: .product(id: product.id), product: product.id,
      foreign: try Access.foreignProductIDs(of: actor, in: transaction))
  }

  /// Reads `source` to its end and appends its events to `destination` in batches, all in
  /// `transaction`, so the whole capture lands or none of it does. `problem` hears of each
  /// skipped record as it is found; nothing is kept per record.
  public static func ingest(
    _ source: inout some ByteSource, format: Format?, into destination: Destination,
    in transaction: Transaction, problem: (Problem) -> Void
  ) throws -> Summary {
    var summary = Summary()
    var line = 0
    var capture = EventCapture(format: format)
    var sawContent = false
    var batch: [EventLog.Draft] = []
    batch.reserveCapacity(batchSize)
    // Into a product's log, a device a person owns is copied into their log too, as a publish is.
    var copies: [String: EventStream?] = [:]
    func copy(_ draft: EventLog.Draft) throws -> EventStream? {
      guard case .product(let product) = destination.stream, Device.isID(draft.coreid) else {
        return nil
      }
      if let known = copies[draft.coreid] { return known }
      let device = try transaction.device(id: draft.coreid)
      let stream =
        try device.flatMap { $0.productID == product ? $0 : nil }.map {
          try EventStream.copy(of: $0, in: transaction)
        } ?? nil
      copies[draft.coreid] = stream
      return stream
    }
    func flush() throws {
      guard !batch.isEmpty else { return }
      let events = try EventLog.append(
        batch, to: destination.stream, in: transaction, copyTo: copy)
      summary.stored += events.count
      summary.firstID = summary.firstID ?? events.first?.id
      summary.lastID = events.last?.id ?? summary.lastID
      batch.removeAll(keepingCapacity: true)
    }
    func take(_ outcome: EventCapture.Outcome) throws {
      switch outcome {
      case .draft(var draft):
        draft.productID = draft.productID ?? destination.product
        if let claimed = draft.productID, destination.foreign.contains(claimed) {
          return try take(.problem(Problem(line: line, reason: "it claims product \(claimed)")))
        }
        batch.append(draft)
        if batch.count >= batchSize { try flush() }
      case .problem(let found):
        summary.skipped += 1
        problem(found)
      }
    }
    // An over-long line is one bad record, skipped like any other.
    func skipLong(_ number: Int) throws {
      try take(.problem(Problem(line: number, reason: "longer than \(maxLineLength) bytes")))
    }
    try source.forEachLine(limit: maxLineLength, skippingLongLines: true, tooLong: skipLong) {
      number, text in
      line = number
      if !sawContent, !EventCapture.trimmed(text).isEmpty { sawContent = true }
      try capture.read(line: number, text, take)
    }
    try capture.finish(take)
    try flush()
    // Something that is no capture at all (a wrong file) is refused too, not reported as empty.
    if summary.stored == 0 && (summary.skipped > 0 || sawContent) {
      throw PconError.nothingIngested(skipped: summary.skipped)
    }
    return summary
  }
}

/// Why one captured record was skipped.
struct IngestError: Error, CustomStringConvertible {
  let description: String
  init(_ description: String) { self.description = description }
}
