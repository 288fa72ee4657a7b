import Foundation
import Testing

@testable import PconCore

@Suite struct EventLogTests {
  let t0 = Timestamp(iso8601: "2026-11-26T10:00:00Z") ?? Timestamp(millisecondsSince1970: 0)

  func storeWithAccount() throws -> (StateStore, Account) {
    let store = temporaryStore()
    let account = try store.write { tx in
      try Accounts.create(email: "a@example.com", name: nil, in: tx, random: counter)
    }
    return (store, account)
  }

  func draft(_ name: String, _ data: String, minutes: Int64 = 0, coreid: String = "api")
    -> EventLog.Draft
  {
    EventLog.Draft(
      name: name, data: data, publishedAt: t0.adding(seconds: minutes * 60), coreid: coreid)
  }

  func names(
    _ store: StateStore, _ account: Account, _ configure: (inout EventQuery) throws -> Void
  ) throws -> [String] {
    var query = EventQuery(stream: .account(id: account.id))
    try configure(&query)
    var names: [String] = []
    _ = try store.read { tx in try query.run(in: tx) { names.append($0.event.name) } }
    return names
  }

  @Test func canonicalLinesParseInPlaceAndOthersFallBack() throws {
    let event = Event(
      id: 7, name: "t", data: "a \"quoted\" \\ value\n", ttl: 60, publishedAt: t0,
      coreid: "0123456789abcdef01234567", productID: 42)
    let line = Array(event.line.dropLast())
    let parsed = try #require(line.withUnsafeBufferPointer { EventLine.parse($0, 0..<$0.count) })
    #expect(line.withUnsafeBufferPointer { parsed.event($0) } == event)
    #expect(!parsed.dataIsPlain)
    // Same event, keys in another order: not canonical, but still read.
    let shuffled = Array(
      #"{"name":"t","id":7,"data":"x","ttl":60,"published_at":"2026-11-26T10:00:00.000Z","coreid":"api","product_id":null}"#
        .utf8)
    #expect(shuffled.withUnsafeBufferPointer { EventLine.parse($0, 0..<$0.count) } == nil)
    var rebuilt: Event?
    try shuffled.withUnsafeBufferPointer { bytes in
      try EventQuery.withLine(bytes, 0..<bytes.count, file: "f", offset: 0) {
        line, lineBytes in
        rebuilt = line.event(lineBytes)
      }
    }
    #expect(rebuilt?.name == "t" && rebuilt?.id == 7)
  }

  @Test func idsIncreaseAcrossStreamsAndAppendsNeverRewrite() throws {
    let (store, account) = try storeWithAccount()
    defer { discard(store) }
    let other = try store.write { tx in
      try Accounts.create(email: "b@example.com", name: nil, in: tx, random: counter)
    }
    let first = try store.write { tx in
      try EventLog.append([draft("a", "1")], to: .account(id: account.id), in: tx)
    }
    let partition = StateLayout.partition(.account(id: account.id), month: "2026-11")
    let before = try #require(try store.storage.read(partition, limit: .max))
    let second = try store.write { tx in
      try EventLog.append([draft("b", "2")], to: .account(id: other.id), in: tx)
    }
    let third = try store.write { tx in
      try EventLog.append([draft("c", "3"), draft("d", "4")], to: .account(id: account.id), in: tx)
    }
    #expect([first[0].id, second[0].id, third[0].id, third[1].id] == [1, 2, 3, 4])
    let after = try #require(try store.storage.read(partition, limit: .max))
    #expect(Array(after.prefix(before.count)) == before)
  }

  @Test func eventsArePartitionedByMonthAndPrunedWhole() throws {
    let (store, account) = try storeWithAccount()
    defer { discard(store) }
    _ = try store.write { tx in
      try EventLog.append(
        [
          draft("oct", "1", minutes: -60 * 24 * 40), draft("nov", "2"),
          draft("dec", "3", minutes: 60 * 24 * 10),
        ],
        to: .account(id: account.id), in: tx)
    }
    let partitions = try store.read { tx in
      try EventLog.partitions(of: .account(id: account.id), in: tx).map {
        ($0 as NSString).lastPathComponent
      }
    }
    #expect(partitions == ["2026-10.ndjson", "2026-11.ndjson", "2026-12.ndjson"])
    // A time inside November removes October only; November is kept whole.
    let removed = try store.write { tx in
      try Events.prune(
        before: Timestamp(iso8601: "2026-11-15") ?? t0, by: .person(account), in: tx)
    }
    #expect(removed.map { ($0.path as NSString).lastPathComponent } == ["2026-10.ndjson"])
    #expect(removed.map(\.month) == ["2026-10"])
    #expect(try names(store, account) { _ in } == ["nov", "dec"])
  }

  @Test func pruneDeletesOnlyWhatItShowed() throws {
    let (store, account) = try storeWithAccount()
    defer { discard(store) }
    let october: Int64 = -60 * 24 * 40
    _ = try store.write { tx in
      try EventLog.append(
        [draft("oct", "1", minutes: october)], to: .account(id: account.id), in: tx)
    }
    let before = Timestamp(iso8601: "2026-11-15") ?? t0
    let shown = try store.read { tx in
      try Events.prunable(before: before, by: .person(account), in: tx)
    }
    #expect(shown.map(\.events) == [1])
    // Another writer adds to a month shown while the question waited.
    _ = try store.write { tx in
      try EventLog.append(
        [draft("late", "2", minutes: october)], to: .account(id: account.id), in: tx)
    }
    do {
      _ = try store.write { tx in
        try Events.prune(before: before, expecting: shown, by: .person(account), in: tx)
      }
      Issue.record("pruned a month that changed after it was shown")
    } catch let error as PconError {
      #expect(error.message.contains("changed since it was shown"))
    }
    #expect(try names(store, account) { _ in } == ["oct", "late"])
  }

  @Test func limitReadsNewestFirstAcrossChunkBoundaries() throws {
    let (store, account) = try storeWithAccount()
    defer { discard(store) }
    // About 3 MB in one partition, so the backward reader crosses several 1 MB chunks.
    let drafts = (0..<20_000).map { n in
      draft("e\(n)", String(repeating: "x", count: 100 + n % 50), minutes: 0)
    }
    _ = try store.write { tx in try EventLog.append(drafts, to: .account(id: account.id), in: tx) }
    #expect(try names(store, account) { $0.limit = 3 } == ["e19997", "e19998", "e19999"])
    let all = try names(store, account) { _ in }
    #expect(all.count == 20_000 && all.first == "e0" && all.last == "e19999")
    let filtered = try names(store, account) {
      $0.filter = try FilterParser.parse("event:e1*")
      $0.limit = 20_000
    }
    #expect(filtered.count == 1 + 10 + 100 + 1000 + 10_000)
    #expect(filtered == all.filter { $0.hasPrefix("e1") })
  }

  @Test func matchingFollowsTheFilterLanguage() throws {
    let (store, account) = try storeWithAccount()
    defer { discard(store) }
    let device = "0123456789abcdef01234567"
    _ = try store.write { tx in
      try EventLog.append(
        [
          draft("temperature", "35.2", coreid: device), draft("temperature", "55", coreid: device),
          draft("temperature", "-3", coreid: "api"),
          draft("status", #"{"ok":true}"#, coreid: device),
          draft("Tempest", "storm \"big\"", coreid: "api"),
          draft("humidity", "35.2", minutes: 5, coreid: device),
        ], to: .account(id: account.id), in: tx)
    }
    func run(_ query: String) throws -> [String] {
      try names(store, account) {
        $0.filter = try FilterParser.parse(query)
        $0.deviceNames = [device: "lab"]
      }.map { $0 }
    }
    #expect(try run("event:temperature range:30-50") == ["temperature"])
    #expect(try run("event:temperature range:-5-100").count == 3)
    #expect(try run("range:-10--2.5") == ["temperature"])
    #expect(try run("event:temp*") == ["temperature", "temperature", "temperature"])
    #expect(try run("temp") == ["temperature", "temperature", "temperature", "Tempest"])
    #expect(try run("device:lab -event:temperature") == ["status", "humidity"])
    #expect(try run("device:\(device.uppercased()) event:status") == ["status"])
    #expect(try run("LAB") == ["temperature", "temperature", "status", "humidity"])
    #expect(try run("data:35.2") == ["temperature", "humidity"])
    #expect(try run(#"data:*"big"*"#) == ["Tempest"])
    #expect(try run(#""storm \"big"#).isEmpty)
    #expect(try run("event:status event:humidity") == ["status", "humidity"])
    #expect(try run("10:05") == ["humidity"])
    #expect(try run("-api -lab").isEmpty)
  }
}
