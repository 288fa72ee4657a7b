import Foundation
import Testing

@testable import PconCore

@Suite struct EventIngestTests {
  @Test func sseFollowsTheWireRules() {
    let capture =
      ":ok\r\n\r\n\r\nevent: a\r\ndata: {\"data\":\"1\",\"ttl\":\"60\",\"published_at\":\"2016-03-04T18:17:33.784Z\",\"coreid\":\"particle-internal\"}\r\n\r\n"
      + ": keep-alive\n\nevent:b\ndata: {\"data\":\"2\",\ndata: \"ttl\":30,\"published_at\":\"2016-03-04T18:17:34Z\",\"coreid\":\"1F0036000847343432313031\"}\n\n"
      + "event: c\n\nevent: d\ndata: not json\n\nevent: e\ndata: {\"data\":\"5\",\"ttl\":60,\"published_at\":\"2016-03-04T18:17:35Z\",\"coreid\":\"api\"}"
    let parsed = EventIngest.parse(Array(capture.utf8), format: .sse)
    #expect(parsed.drafts.map(\.name) == ["a", "b", "e"])
    #expect(parsed.drafts.map(\.ttl) == [60, 30, 60])
    #expect(parsed.drafts[1].data == "2")
    #expect(parsed.drafts[1].coreid == "1f0036000847343432313031")
    #expect(parsed.problems.map(\.line) == [13, 15])
    #expect(EventIngest.detect(Array(capture.utf8)) == .sse)
  }

  @Test func ndjsonSkipsHeadersAndReportsBadLines() {
    let capture = """
      $ particle subscribe x mine
      Subscribing to "x" from my personal stream (my devices only)\u{20}
      Listening to: /v1/devices/events/x
      {"name":"x","data":"42","ttl":"60","published_at":"2017-05-02T11:34:57.563Z","coreid":"001"}
      # a comment
      {"name":"x","data":{"nested":1},"ttl":60,"published_at":"2017-05-02T11:34:58Z","coreid":"api","productID":30301}
      {"name":"x","data":"1","published_at":"2016-01-01T14:40:0.000Z","coreid":"api"}
      {"name":"bad name","data":"1","published_at":"2016-01-01T14:40:00Z","coreid":"api"}
      {"name":"x","data":"1","published_at":"2016-01-01T14:40:00Z"}
      {"name":"x",
      """
    let parsed = EventIngest.parse(Array(capture.utf8), format: .ndjson)
    #expect(parsed.drafts.count == 2)
    #expect(parsed.drafts[1].data == #"{"nested":1}"#)
    #expect(parsed.drafts[1].productID == 30301)
    #expect(parsed.problems.map(\.line) == [7, 8, 9, 10])
    #expect(EventIngest.detect(Array(capture.utf8)) == .ndjson)
  }

  @Test func sseEncodingMatchesParticle() {
    let event = Event(
      id: 1, name: "temperature", data: "25.34", ttl: 60,
      publishedAt: Timestamp(iso8601: "2015-07-18T00:12:18.174Z")
        ?? Timestamp(millisecondsSince1970: 0),
      coreid: "0123456789abcdef01234567", productID: nil)
    let expected =
      "event: temperature\ndata: {\"data\":\"25.34\",\"ttl\":60,\"published_at\":\"2015-07-18T00:12:18.174Z\",\"coreid\":\"0123456789abcdef01234567\"}\n\n"
    #expect(String(decoding: EventStreamFormat.encode(event), as: UTF8.self) == expected)
  }

  /// Every capture in Tests/Fixtures/events, with what its README says it holds.
  static let fixtures: [(String, Int, Int)] = [
    ("sse-publishqueue-library-spark.txt", 13, 0),
    // These four had their device IDs redacted to `xxx`: no publisher, so every record is skipped.
    ("sse-particle_notes-devices-events.txt", 0, 2),
    ("sse-particle_notes-public-events.txt", 0, 2),
    ("subscribe-particle_notes-mine.txt", 0, 2),
    ("subscribe-particle_notes-firehose.txt", 0, 2),
    ("subscribe-particle_notes-api-published-coreid-001.txt", 1, 0),
    ("subscribe-particle-cloud-sdk-ios-system-events.ndjson", 9, 0),
    // Three records there have malformed times (14:40:0.000Z): reported and skipped.
    ("subscribe-particle-docs-special-events.txt", 9, 3),
    ("product-events-particle-docs-firmware-update-events.ndjson", 50, 0),
  ]

  static let fixtureDirectory = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
    .appendingPathComponent("../Fixtures/events").standardized.path

  @Test func everyFixtureHasACase() throws {
    let files = try FileManager.default.contentsOfDirectory(atPath: Self.fixtureDirectory)
      .filter { $0 != "README.md" }
    #expect(Set(files) == Set(Self.fixtures.map(\.0)))
  }

  @Test(arguments: fixtures)
  func capturedStreamsIngest(file: String, stored: Int, skipped: Int) throws {
    let data = try Data(contentsOf: URL(fileURLWithPath: Self.fixtureDirectory + "/" + file))
    let bytes = [UInt8](data)
    let parsed = EventIngest.parse(bytes, format: EventIngest.detect(bytes))
    #expect(parsed.drafts.count == stored)
    #expect(parsed.problems.count == skipped, "\(parsed.problems)")
    // Quirks kept as the cloud sent them.
    if file.hasPrefix("subscribe-particle-cloud-sdk") {
      #expect(parsed.drafts[1].data == "started ")
      #expect(parsed.drafts.filter { $0.coreid == "particle-internal" }.count == 2)
    }
    if file.hasPrefix("product-events") {
      #expect(parsed.drafts.allSatisfy { $0.productID == 30301 })
      #expect(parsed.drafts.contains { $0.coreid == "api" })
    }
    if file.hasPrefix("sse-publishqueue") {
      #expect(parsed.drafts.first?.name == "spark/status" && parsed.drafts.first?.ttl == 60)
    }
  }

  @Test(
    arguments: [
      ("15m", -900), ("2h", -7200), ("7d", -604_800), ("30s", -30), ("1w", -604_800),
      ("1h30m", -5400), ("1y", -31_536_000), ("2d12h", -216_000),
    ] as [(String, Int64)])
  func relativeTimes(text: String, seconds: Int64) throws {
    let now = Timestamp(millisecondsSince1970: 1_000_000_000_000)
    #expect(TimeSpec.parse(text, now: now) == now.adding(seconds: seconds))
  }

  @Test(arguments: ["", "15", "m", "-5m", "5q", "1h1h", "1h-5m", "2026-13-01"])
  func badTimes(text: String) {
    #expect(TimeSpec.parse(text, now: Timestamp(millisecondsSince1970: 0)) == nil)
  }
}

@Suite struct StreamingIngestTests {
  static let capture = """
    $ particle subscribe x mine
    {"name":"a","data":"1","ttl":"60","published_at":"2017-05-02T11:34:57.563Z","coreid":"E00FCE68AAAAAAAAAAAAAAAA"}
    {"data":"{\\"k\\":\\"v\\"}\\n","ttl":30,"published_at":"2017-05-02T11:34:58Z","coreid":"api","productID":30301,"name":"b","public":false,"version":1}
    {"name":"c","data":{"nested":[1,2]},"published_at":"2017-05-02T11:34:59+02:00","coreid":"api","product_id":7,"productID":9}
    {"name":"d","data":"é \\u00e9","ttl":null,"published_at":"2017-05-02T11:35:00Z","coreid":"api"}
    {"name":"e","data":12,"ttl":"+5","published_at":"2017-05-02T11:35:01Z","coreid":"api","name":"dup"}
    {"name":"bad name","data":"1","published_at":"2016-01-01T14:40:00Z","coreid":"api"}
    {"name":"f","data":"1","ttl":1.5,"published_at":"2016-01-01T14:40:00Z","coreid":"api"}
    {"name":"g","data":"1","published_at":"2016-01-01T14:40:00Z","coreid":""}

    """

  /// The quick path and the full parser agree on every record of every shape.
  @Test func quickAndFullPathsAgree() throws {
    for line in Self.capture.split(separator: "\n") where line.hasPrefix("{") {
      let bytes = Array(line.utf8)
      let full = Result { try CapturedRecord.draft(from: try JSONParser.parse(bytes), name: nil) }
      let quick = bytes.withUnsafeBufferPointer { CapturedRecord.quickDraft($0, name: nil) }
      let either = try? bytes.withUnsafeBufferPointer { try CapturedRecord.draft($0, name: nil) }
      #expect(either == (try? full.get()), "\(line)")
      if let quick { #expect(quick == (try? full.get()), "\(line)") }
    }
    // The plain records take the quick path.
    let plain = Array(Self.capture.split(separator: "\n")[1].utf8)
    #expect(plain.withUnsafeBufferPointer { CapturedRecord.quickDraft($0, name: nil) } != nil)
  }

  @Test func ingestStoresInBatchesIntoOneTransactionAndReportsAsItGoes() throws {
    let store = temporaryStore()
    defer { try? FileManager.default.removeItem(atPath: store.root) }
    var lines = ""
    let count = EventIngest.batchSize * 2 + 5
    for n in 0..<count {
      lines +=
        #"{"name":"n","data":"\#(n)","ttl":"60","published_at":"2026-01-01T00:00:00Z","coreid":"api"}"#
        + "\n"
    }
    lines += "garbage\n"
    var problems: [EventIngest.Problem] = []
    var source = MemorySource(Array(lines.utf8), pieceSize: 777)
    var accountID = ""
    let summary = try store.write { tx in
      let account = try Accounts.create(email: "a@example.com", name: "A", in: tx, random: .system)
      accountID = account.id
      let destination = try EventIngest.destination(product: nil, by: .person(account), in: tx)
      return try EventIngest.ingest(&source, format: nil, into: destination, in: tx) {
        problems.append($0)
      }
    }
    #expect(
      summary == EventIngest.Summary(stored: count, firstID: 1, lastID: Int64(count), skipped: 1))
    #expect(problems.map(\.line) == [count + 1])
    let (partitions, stored) = try store.read { tx in
      let paths = try EventLog.partitions(of: .account(id: accountID), in: tx)
      var lines: [String] = []
      for path in paths {
        _ = try PartitionReader.forward(path, in: tx) { bytes, range, _ in
          lines.append(String(decoding: UnsafeBufferPointer(rebasing: bytes[range]), as: UTF8.self))
          return true
        }
      }
      return (paths, lines)
    }
    #expect(partitions.count == 1)
    #expect(stored.count == count)
    #expect(
      stored.last?.hasSuffix(
        #""data":"\#(count - 1)","ttl":60,"published_at":"2026-01-01T00:00:00.000Z","coreid":"api","product_id":null}"#
      ) == true)
  }

  @Test func theLineWrittenFieldByFieldIsTheJSONWrittenWhole() {
    for (data, product, time) in [
      ("plain", 7, Int64(0)), ("quote \" back \\ nl \n tab \t ctl \u{1}", nil, -1),
      ("é", 1, 253_402_300_799_999), ("", nil, 1_764_150_000_123),
    ] as [(String, Int?, Int64)] {
      let event = Event(
        id: 42, name: "a/b", data: data, ttl: 60,
        publishedAt: Timestamp(millisecondsSince1970: time), coreid: "api", productID: product)
      #expect(event.line == JSONWriter(pretty: false).bytes(event.stored) + [0x0A])
      #expect(Timestamp(iso8601: event.publishedAt.iso8601) == event.publishedAt)
    }
  }
}
