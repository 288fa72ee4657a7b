import Foundation
import Testing

@testable import PconCore

/// What webhook delivery stands on: the per-host throttle, the per-hook delivery state as
/// stored, a tail that resumes at stored offsets and stops after N events, and the lease that
/// lets one worker deliver at a time.
@Suite struct DeliveryGroundworkTests {
  static let t0 = testNow

  @Test func aHostWhoseErrorsOutnumberItsSuccessesIsSkippedUntilItCoolsDown() {
    var throttle = HostThrottle()
    #expect(throttle.allows("api.example.com", at: Self.t0))
    throttle.record("api.example.com", success: true, at: Self.t0)
    throttle.record("api.example.com", success: false, at: Self.t0)
    // One error against one success: not outnumbered yet.
    #expect(throttle.allows("API.example.com", at: Self.t0))
    throttle.record("api.example.com", success: false, at: Self.t0.adding(seconds: 1))
    #expect(!throttle.allows("api.example.com", at: Self.t0.adding(seconds: 2)))
    // Per host, not per hook: another host is unaffected.
    #expect(throttle.allows("other.example.com", at: Self.t0.adding(seconds: 2)))
    // A few seconds without errors, and the host starts afresh.
    let later = Self.t0.adding(seconds: 1 + HostThrottle.coolDownSeconds)
    #expect(throttle.allows("api.example.com", at: later))
    throttle.record("api.example.com", success: true, at: later)
    #expect(throttle.hosts["api.example.com"] == HostThrottle.Host(successes: 1))
  }

  /// An error dated after now (a clock stepped back, a hand edit) holds no host off.
  @Test func anErrorDatedAheadDoesNotThrottle() {
    var throttle = HostThrottle()
    throttle.record("h.example", success: false, at: Self.t0.adding(seconds: 86_400))
    #expect(throttle.allows("h.example", at: Self.t0))
    throttle.record("h.example", success: true, at: Self.t0)
    #expect(throttle.hosts["h.example"] == HostThrottle.Host(successes: 1))
  }

  @Test func aSkippedEventIsTriedAfter30sAnd1MinThenDropped() {
    #expect(HostThrottle.nextTry(firstSkipped: Self.t0, attempts: 1) == Self.t0.adding(seconds: 30))
    #expect(HostThrottle.nextTry(firstSkipped: Self.t0, attempts: 2) == Self.t0.adding(seconds: 60))
    #expect(HostThrottle.nextTry(firstSkipped: Self.t0, attempts: 3) == nil)
  }

  @Test func theThrottleRemembersABoundedNumberOfHosts() {
    var throttle = HostThrottle()
    for n in 0...HostThrottle.maxHosts {
      throttle.record("h\(n).example", success: false, at: Self.t0.adding(seconds: Int64(n)))
    }
    #expect(throttle.hosts.count == HostThrottle.maxHosts)
    #expect(throttle.hosts["h0.example"] == nil)
  }

  @Test func historyKeepsTheLatestDeliveriesAndThirtyDaysOfCounts() {
    var state = DeliveryState()
    for day in 0..<40 {
      let at = Self.t0.adding(seconds: Int64(day) * 86_400)
      for outcome in [DeliveryState.Outcome.success, .failure, .skipped, .dropped, .test] {
        state.note(
          .init(
            at: at, eventID: Int64(day), eventName: "temp", status: nil, latencyMs: nil,
            outcome: outcome))
      }
    }
    #expect(state.recent.count == DeliveryState.maxRecent)
    #expect(state.recent.last?.outcome == .test)
    #expect(state.days.count == DeliveryState.maxDays)
    #expect(state.days.last.map { [$0.success, $0.failure, $0.skipped] } == [1, 2, 1])
    #expect(
      state.days.first?.date == String(Self.t0.adding(seconds: 10 * 86_400).iso8601.prefix(10)))
  }

  @Test func theStateReadsBackAndDamageIsRefused() throws {
    var state = DeliveryState(
      cursor: ["events/p-10001/2026-11.ndjson": 1234], lastEventID: 77, started: true)
    let event = Event(
      id: 77, name: "temp", data: "21", ttl: 60, publishedAt: Self.t0,
      coreid: deviceHex(1), productID: 10001)
    state.retries.append(
      .init(event: event, firstSkipped: Self.t0, attempts: 1, due: Self.t0.adding(seconds: 30)))
    state.note(
      .init(
        at: Self.t0, eventID: 77, eventName: "temp", status: 500, latencyMs: 12,
        outcome: .failure, error: nil))
    let text = JSONWriter(pretty: false).string(state.stored)
    let retryText = try #require(
      state.retries.first.map { JSONWriter(pretty: false).string($0.stored) })
    let back = try DeliveryState(stored: JSONObject(JSONParser.parse(text), path: ""))
    #expect(back == state)
    for damaged in [
      text.replacingOccurrences(of: "events/p-10001", with: "../../etc"),
      text.replacingOccurrences(of: "1234", with: "-1"),
      text.replacingOccurrences(of: #""attempts":1"#, with: #""attempts":9"#),
      text.replacingOccurrences(of: #""status":500"#, with: #""status":5000"#),
      text.replacingOccurrences(of: #""outcome":"failure""#, with: #""outcome":"maybe""#),
      text.replacingOccurrences(of: #""retries":["#, with: #""retries":[\#(retryText),"#),
    ] {
      #expect(throws: (any Error).self, "\(damaged)") {
        try DeliveryState(stored: JSONObject(JSONParser.parse(damaged), path: ""))
      }
    }
  }

  @Test func aTailResumesAtStoredOffsetsAndStopsAfterALimit() throws {
    let store = temporaryStore()
    let ada = try store.write { tx in try trackerFleet(trackers: [1], borons: [], in: tx) }
    var tail = try store.read { tx in
      try EventTail(EventQuery(stream: .product(id: 10003)), in: tx)
    }
    try store.write { tx in
      for n in 1...5 {
        _ = try Events.publish(
          name: "n\(n)", data: "", ttl: 60, device: deviceHex(1), by: ada, in: tx)
      }
    }
    var names: [String] = []
    try store.read { tx in try tail.poll(in: tx, limit: 2) { names.append($0.event.name) } }
    // The device came online first: its spark/status event is in the stream too.
    #expect(names == ["spark/status", "n1"])
    // Resuming from what was stored reads on from there.
    var resumed = EventTail(tail.query, offsets: tail.offsets)
    try store.read { tx in try resumed.poll(in: tx) { names.append($0.event.name) } }
    #expect(names == ["spark/status", "n1", "n2", "n3", "n4", "n5"])
  }

  @Test func oneHolderHasALeaseAtATimeAndDroppingItLetsGo() throws {
    let directory = FileManager.default.temporaryDirectory.appendingPathComponent(
      "pcon-lease-\(UUID().uuidString)"
    ).path
    defer { try? FileManager.default.removeItem(atPath: directory) }
    for storage in [MemoryStorage(), POSIXStorage(root: directory)] as [any Storage] {
      try storage.createRoot()
      var first = try storage.lease("integrations/leases/p-10001")
      #expect(first != nil)
      #expect(try storage.lease("integrations/leases/p-10001") == nil)
      #expect(try storage.lease("integrations/leases/p-10002") != nil)
      first = nil
      #expect(try storage.lease("integrations/leases/p-10001") != nil)
    }
  }
}
