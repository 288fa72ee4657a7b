/// Reads events captured from Particle: the server-sent-events stream, or the one JSON object
/// per line that `particle subscribe` prints.
public enum EventIngest {
  /// The two input formats.
  public enum Format: String, Sendable, CaseIterable {
    case sse, ndjson
  }

  /// A record that could not be stored, and why.
  public struct Problem: Sendable, Equatable {
    public let line: Int
    public let reason: String
  }

  /// What a capture held.
  public struct Parsed: Sendable {
    public var drafts: [EventLog.Draft] = []
    public var problems: [Problem] = []
  }

  /// The most data bytes accepted from a capture (Particle's CloudEvent limit).
  static let maxCapturedData = 16_384

  /// Guesses the format from the first meaningful line.
  public static func detect(_ bytes: [UInt8]) -> Format {
    for line in lines(bytes) {
      let text = line.text.trimmingSpaces
      if text.isEmpty { continue }
      if text.hasPrefix("event:") || text.hasPrefix("data:") || text.hasPrefix(":") { return .sse }
      if text.hasPrefix("{") { return .ndjson }
    }
    return .ndjson
  }

  /// Parses a capture; `product` is recorded on events that do not name one.
  public static func parse(_ bytes: [UInt8], format: Format, product: Int? = nil) -> Parsed {
    format == .sse ? parseSSE(bytes, product: product) : parseNDJSON(bytes, product: product)
  }

  private static func parseNDJSON(_ bytes: [UInt8], product: Int?) -> Parsed {
    var parsed = Parsed()
    for line in lines(bytes) {
      let text = line.text.trimmingSpaces
      // Blank lines, comments, and the header lines `particle subscribe` prints.
      if text.isEmpty || text.hasPrefix("#") || text.hasPrefix("$ ")
        || text.hasPrefix("Subscribing to ")
        || text.hasPrefix("Listening to: ") || text.hasPrefix("Fetching event stream")
      {
        continue
      }
      do {
        let value = try JSONParser.parse(text)
        parsed.drafts.append(try draft(from: value, name: nil, product: product))
      } catch let failure as JSONParser.Failure {
        parsed.problems.append(Problem(line: line.number, reason: failure.description))
      } catch {
        parsed.problems.append(Problem(line: line.number, reason: "\(error)"))
      }
    }
    return parsed
  }

  private static func parseSSE(_ bytes: [UInt8], product: Int?) -> Parsed {
    var parsed = Parsed()
    var name: String?
    var data: [String] = []
    var startLine = 0
    func dispatch() {
      defer {
        name = nil
        data = []
      }
      guard let eventName = name else {
        if !data.isEmpty {
          parsed.problems.append(Problem(line: startLine, reason: "data without an event: line"))
        }
        return
      }
      guard !data.isEmpty else {
        parsed.problems.append(
          Problem(line: startLine, reason: "event '\(eventName)' has no data: line"))
        return
      }
      do {
        let value = try JSONParser.parse(data.joined(separator: "\n"))
        parsed.drafts.append(try draft(from: value, name: eventName, product: product))
      } catch let failure as JSONParser.Failure {
        parsed.problems.append(
          Problem(line: startLine, reason: "data is not JSON: \(failure.description)"))
      } catch {
        parsed.problems.append(Problem(line: startLine, reason: "\(error)"))
      }
    }
    for line in lines(bytes) {
      let text = line.text
      if text.isEmpty {
        dispatch()
        continue
      }
      if text.hasPrefix(":") { continue }  // a comment or keep-alive
      let field: Substring
      var value: Substring
      if let colon = text.firstIndex(of: ":") {
        field = text[..<colon]
        value = text[text.index(after: colon)...]
        if value.hasPrefix(" ") { value = value.dropFirst() }
      } else {
        field = text[...]
        value = ""
      }
      switch field {
      case "event":
        if name != nil || !data.isEmpty { dispatch() }
        name = String(value)
        startLine = line.number
      case "data":
        if name == nil && data.isEmpty { startLine = line.number }
        data.append(String(value))
      default: continue  // id:, retry: and unknown fields are ignored, as SSE clients do
      }
    }
    if name != nil || !data.isEmpty { dispatch() }
    return parsed
  }

  /// An event from the JSON object Particle sends, with the name from SSE's `event:` line or
  /// the object's own `name`.
  private static func draft(from value: JSON, name sseName: String?, product: Int?) throws
    -> EventLog.Draft
  {
    let object = try JSONObject(value, path: "")
    guard let name = try sseName ?? object.optionalString("name") else {
      throw IngestError("no event name")
    }
    guard EventRules.isWellFormed(name: name) else {
      throw IngestError("invalid event name '\(name)'")
    }
    let data: String
    switch value["data"] {
    case nil, .null?: data = ""
    case .string(let text)?: data = text
    case let other?: data = JSONWriter(pretty: false).string(other)
    }
    guard data.utf8.count <= maxCapturedData else {
      throw IngestError("data is longer than \(maxCapturedData) bytes")
    }
    let ttl: Int
    switch value["ttl"] {
    case nil, .null?: ttl = Event.defaultTTL
    case .int(let number)? where number >= 0 && number <= Int64(EventRules.maxTTL):
      ttl = Int(number)
    case .string(let text)? where Int(text).map({ $0 >= 0 && $0 <= EventRules.maxTTL }) == true:
      ttl = Int(text) ?? 60
    default: throw IngestError("ttl is not a number of seconds")
    }
    guard let publishedText = try object.optionalString("published_at") else {
      throw IngestError("no published_at")
    }
    guard let publishedAt = Timestamp(iso8601: publishedText) else {
      throw IngestError("published_at '\(publishedText)' is not an ISO-8601 time")
    }
    guard let coreid = try object.optionalString("coreid"), !coreid.isEmpty, coreid.utf8.count <= 64
    else {
      throw IngestError("no coreid")
    }
    var productID = product
    for key in ["productID", "product_id"] {
      if case .int(let number)? = value[key], number > 0, number < Int64(Int32.max) {
        productID = Int(number)
      }
    }
    return EventLog.Draft(
      name: name, data: data, ttl: ttl, publishedAt: publishedAt,
      coreid: coreid.lowercasedIfDeviceID, productID: productID)
  }

  /// The lines of `bytes` with their 1-based numbers, CR before LF removed.
  static func lines(_ bytes: [UInt8]) -> [(number: Int, text: String)] {
    var result: [(Int, String)] = []
    var number = 0
    for slice in bytes.split(separator: 0x0A, omittingEmptySubsequences: false) {
      number += 1
      var line = slice[...]
      if line.last == 0x0D { line = line.dropLast() }
      result.append((number, String(decoding: line, as: UTF8.self)))
    }
    if bytes.last == 0x0A { result.removeLast() }
    return result
  }

  /// What storing into the person's own log needs.
  public static let ownNeeds = Permission.personal
  /// What storing into a product's stream needs.
  public static let productNeeds = Permission.develop("events:send")

  /// Stores parsed events, in order: into `product` (or the actor's default product) when there
  /// is one, else into the acting person's own log.
  public static func store(
    _ drafts: [EventLog.Draft], product reference: String?, by actor: Actor,
    in transaction: Transaction
  ) throws -> [Event] {
    if let reference = reference ?? Access.defaultProduct(of: actor) {
      return try store(drafts, product: reference, by: actor, in: transaction)
    }
    let account = try Access.authorize(actor, ownNeeds, in: transaction).person()
    return try EventLog.append(drafts, to: .account(id: account.id), in: transaction)
  }

  /// Stores parsed events in a product's stream; events that name no product get its ID.
  static func store(
    _ drafts: [EventLog.Draft], product reference: String, by actor: Actor,
    in transaction: Transaction
  ) throws -> [Event] {
    let grant = try Products.authorize(reference, productNeeds, actor: actor, in: transaction)
    guard let product = grant.product else { throw PconError.productNotFound(reference) }
    let tagged = drafts.map { draft -> EventLog.Draft in
      var draft = draft
      draft.productID = draft.productID ?? product.id
      return draft
    }
    return try EventLog.append(tagged, to: .product(id: product.id), in: transaction)
  }
}

/// Why one captured record was skipped.
struct IngestError: Error, CustomStringConvertible {
  let description: String
  init(_ description: String) { self.description = description }
}

extension String {
  fileprivate var lowercasedIfDeviceID: String { Device.isID(self) ? lowercased() : self }
}
