import Foundation
import Testing

@testable import PconCore

/// A small seeded generator, so a failing case can be run again.
struct SeededRandom: RandomNumberGenerator {
  var state: UInt64
  mutating func next() -> UInt64 {
    state &+= 0x9E37_79B9_7F4A_7C15
    var z = state
    z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
    z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
    return z ^ (z >> 31)
  }
}

/// Random values of every kind an event writer accepts, edges weighted in.
struct EventValues {
  var random: SeededRandom

  mutating func pick<T>(_ values: [T]) -> T {
    values[Int.random(in: 0..<values.count, using: &random)]
  }

  mutating func name() -> String {
    let alphabet = Array("abcXYZ019_-/")
    let count = pick([1, 2, 5, 64, Int.random(in: 1...64, using: &random)])
    return String((0..<count).map { _ in pick(alphabet) })
  }

  /// Data with quotes, backslashes, every control character, bidi marks, non-BMP scalars and
  /// plain text.
  mutating func data(maxBytes: Int) -> String {
    let pieces: [String] = [
      "\"", "\\", "\\\"", "/", "\u{0}", "\u{7}", "\n", "\r", "\t", "\u{1B}[31m", "\u{7F}", "\u{85}",
      "\u{202E}", "\u{2028}", "é", "日本", "😀", "\u{FFFD}", "{\"k\":1}", "plain text ",
      "null", " ",
    ]
    var text = ""
    for _ in 0..<Int.random(in: 0...12, using: &random) {
      let piece =
        Bool.random(using: &random)
        ? pick(pieces) : String(UnicodeScalar(UInt8.random(in: 0...0x7F, using: &random)))
      guard text.utf8.count + piece.utf8.count <= maxBytes else { break }
      text += piece
    }
    return text
  }

  mutating func publisher() -> String {
    if Bool.random(using: &random) { return pick(Array(EventRules.cloudPublishers)) }
    return String((0..<24).map { _ in pick(Array("0123456789abcdef")) })
  }

  mutating func time() -> Timestamp {
    pick([
      Timestamp.earliest, Timestamp.latest, Timestamp(millisecondsSince1970: 0),
      Timestamp(millisecondsSince1970: -1),
      Timestamp(
        millisecondsSince1970: Int64.random(
          in: Timestamp.earliest.millisecondsSince1970...Timestamp.latest.millisecondsSince1970,
          using: &random)),
    ])
  }

  mutating func ttl() -> Int {
    pick([0, 60, EventRules.maxTTL, Int.random(in: 0...EventRules.maxTTL, using: &random)])
  }

  mutating func draft(product: Int?) -> EventLog.Draft {
    EventLog.Draft(
      name: name(), data: data(maxBytes: EventIngest.maxCapturedData), ttl: ttl(),
      publishedAt: time(), coreid: publisher(), productID: product)
  }
}

/// pcon never writes what its own reader refuses: random valid input through every event
/// writer, read back by the reader `logs` uses, must come back as it went in.
@Suite struct EventRoundTripTests {
  func readBack(_ stream: EventStream, from store: StateStore) throws -> [Event] {
    var events: [Event] = []
    _ = try store.read { tx in
      try EventQuery(stream: stream).run(in: tx) { match in
        events.append(match.event)
        // `--json` prints the stored line: it must be the canonical one the writer made.
        #expect(Array(match.rawLine) == Array(match.event.line.dropLast()))
      }
    }
    return events.sorted { $0.id < $1.id }
  }

  @Test(arguments: 1...8)
  func everyAppendedEventReadsBack(seed: UInt64) throws {
    var values = EventValues(random: SeededRandom(state: seed))
    let store = temporaryStore()
    defer { discard(store) }
    let stream = EventStream.product(id: 10001)
    var written: [Event] = []
    for _ in 0..<4 {
      let drafts = (0..<25).map { _ in
        values.draft(product: values.pick([nil, 1, 10001, Int(Int32.max) - 1]))
      }
      written += try store.write { tx in try EventLog.append(drafts, to: stream, in: tx) }
    }
    #expect(try readBack(stream, from: store) == written)
  }

  @Test(arguments: 1...8)
  func everyIngestedRecordReadsBack(seed: UInt64) throws {
    var values = EventValues(random: SeededRandom(state: seed))
    let drafts = (0..<40).map { _ in values.draft(product: nil) }
    var ndjson: [UInt8] = []
    var sse: [UInt8] = Array(":ok\r".utf8)
    for draft in drafts {
      // Device IDs in either case, and times with an offset: ingest accepts both.
      let coreid =
        values.random.next() % 2 == 0 || EventRules.cloudPublishers.contains(draft.coreid)
        ? draft.coreid : draft.coreid.uppercased()
      let fields: [(String, JSON)] = [
        ("data", .string(draft.data)), ("ttl", .int(Int64(draft.ttl))),
        ("published_at", .string(draft.publishedAt.iso8601)), ("coreid", .string(coreid)),
      ]
      let record = JSONWriter(pretty: false).bytes(.object(fields))
      let named = JSON.object([("name", .string(draft.name))] + fields)
      ndjson += JSONWriter(pretty: false).bytes(named) + [0x0A]
      // SSE with each of its three line endings.
      let end: [UInt8] = values.pick([[0x0A], [0x0D], [0x0D, 0x0A]])
      sse += Array("event: \(draft.name)".utf8) + end + Array("data: ".utf8) + record + end + end
    }
    let expected = drafts.map { draft -> EventLog.Draft in
      var copy = draft
      copy.coreid =
        EventRules.cloudPublishers.contains(draft.coreid) ? draft.coreid : draft.coreid.lowercased()
      return copy
    }
    for (capture, format) in [(ndjson, EventIngest.Format.ndjson), (sse, .sse)] {
      let store = temporaryStore()
      defer { discard(store) }
      let account = try store.write { tx in
        try Accounts.create(email: "a@example.com", name: nil, in: tx, random: counter)
      }
      let stream = EventStream.account(id: account.id)
      var problems: [EventIngest.Problem] = []
      try store.write { tx in
        var source = MemorySource(capture, pieceSize: 7)
        _ = try EventIngest.ingest(
          &source, format: format, into: .init(stream: stream, product: nil), in: tx
        ) { problems.append($0) }
      }
      #expect(problems.isEmpty, "\(format): \(problems)")
      let read = try readBack(stream, from: store).map {
        EventLog.Draft(
          name: $0.name, data: $0.data, ttl: $0.ttl, publishedAt: $0.publishedAt, coreid: $0.coreid,
          productID: $0.productID)
      }
      #expect(read == expected, "\(format)")
    }
  }

  @Test(arguments: 1...4)
  func publishedAndCloudEventsReadBack(seed: UInt64) throws {
    var values = EventValues(random: SeededRandom(state: seed))
    for now in [Timestamp.earliest, Timestamp.latest, values.time()] {
      let store = temporaryStore(clock: .fixed(now))
      defer { discard(store) }
      let account = try store.write { tx in
        try Accounts.create(email: "a@example.com", name: nil, in: tx, random: counter)
      }
      var written: [Event] = []
      for _ in 0..<10 {
        var name = values.name()
        if EventRules.isReserved(name: name) { name = "x" + name.dropFirst() }
        let data = values.data(maxBytes: EventRules.maxDataBytes)
        let ttl = values.ttl()
        written.append(
          try store.write { tx in
            try Events.publish(
              name: name, data: data, ttl: ttl, device: nil, by: .person(account), in: tx)
          })
      }
      let device = Device(
        id: String(repeating: "ab", count: 12), platformID: 13, owner: account.email)
      try store.write { tx in
        try tx.save(device)
        try Events.recordCloudEvent(
          name: "spark/status", data: values.data(maxBytes: 64), about: device, in: tx)
      }
      let read = try readBack(.account(id: account.id), from: store)
      #expect(Array(read.prefix(written.count)) == written)
      #expect(read.last?.name == "spark/status" && read.last?.publishedAt == now)
    }
  }
}
