import Testing

@testable import PconCore

/// The edges a hostile review found: the last instant pcon stores, counters and invoice numbers
/// at their bounds, blocks at their maximum, a claimed device of a suspended organization, and
/// rehearsals that would reach back into what happened.
@Suite struct BillingEdgeTests {
  func acme(_ world: BillingWorld, blocks: Int = 1) throws -> String {
    try world.write(at: "2026-11-05") { tx in
      _ = try Orgs.create(name: "Acme", blocks: blocks, by: world.ada, in: tx)
    }
    return try world.product(20001, platform: "boron", org: "acme", devices: 1, at: "2026-11-05")[0]
  }

  @Test func theLastInstantPconStoresSettlesWithoutEndlessInvoices() throws {
    let world = try BillingWorld()
    _ = try acme(world)
    let invoices = try world.read(at: "9999-12-31T23:59:59.999Z") { tx in
      try Billing.invoices(org: "acme", by: world.ada, in: tx)
    }
    #expect(invoices.count == OrgBilling.catchUpMonths)
    #expect(invoices.last?.period == "9999-12")
  }

  @Test func countersHoldAtTheirLimitSoWhatIsWrittenReadsBack() {
    let top = UsageMonth.Counter(dataOperations: UsageMonth.counterLimit, cellularBytes: 1)
    let sum = top + UsageMonth.Counter(dataOperations: 16, cellularBytes: 2)
    #expect(sum.dataOperations == UsageMonth.counterLimit && sum.cellularBytes == 3)
    let huge = UsageMonth.Counter(dataOperations: .max, cellularBytes: .max)
    #expect((huge + huge).dataOperations == UsageMonth.counterLimit)
  }

  @Test(arguments: [
    #"{"month":"2026-11","data_operations":9223372036854775807,"cellular_bytes":0}"#,
    #"{"month":"2026-11","data_operations":-1,"cellular_bytes":0}"#,
  ])
  func aDevicesUsageOutOfRangeIsDamage(_ text: String) throws {
    let json = try JSONParser.parse(text)
    #expect(throws: JSONObject.ShapeError.self) {
      _ = try DeviceUsage(stored: try JSONObject(json, path: "usage"))
    }
  }

  @Test(arguments: [[1, 3], [0], [9_223_372_036_854_775_807], [1, 1]])
  func invoiceNumbersMustCountFromOne(_ numbers: [Int]) throws {
    let invoices = numbers.map {
      #"{"number":\#($0),"period":"2026-12","issued_at":"2026-12-01T00:00:00.000Z","blocks":1,"amount_cents":29900,"status":"paid","attempts":[]}"#
    }.joined(separator: ",")
    let text =
      #"{"card":null,"invoices":[\#(invoices)],"suspended_at":null,"settled_through":"2026-12-01T00:00:00.000Z","notices":[]}"#
    let json = try JSONParser.parse(text)
    #expect(throws: JSONObject.ShapeError.self) {
      _ = try OrgBilling(stored: try JSONObject(json, path: ""))
    }
  }

  @Test func noBlockIsAddedPastTheMostAClassMayHold() throws {
    let world = try BillingWorld()
    let device = try acme(world, blocks: BlockCounts.maximum)
    let limit = Allowance.blocks(BlockCounts.maximum, of: .cellular).dataOperations
    try world.charge(device, operations: limit, at: "2026-11-06")
    #expect(try world.org("acme")?.blocks[.cellular] == BlockCounts.maximum)
    // The record is still one pcon reads.
    #expect(try world.read(at: "2026-11-06") { tx in try tx.orgs().count } == 1)
  }

  @Test func aClaimedDeviceOfASuspendedOrganizationTakesNoChanges() throws {
    let world = try BillingWorld()
    _ = try acme(world)
    // Ada claimed it herself before importing it: the claimant's way in needs no team role.
    let device = try world.sandboxDevice(7)
    try world.write(at: "2026-11-06") { tx in
      _ = try DeviceImport.run(device, into: "20001", by: world.ada, in: tx)
    }
    #expect(
      try world.read(at: "2026-11-06") { tx in try tx.device(id: device)?.productID } == 20001)
    #expect(throws: PconError.orgSuspended(org: "acme", since: try instant("2026-12-10"))) {
      try world.write(at: "2026-12-12") { tx in
        _ = try Fleet.rename(device, to: "mine", by: world.ada, in: tx)
      }
    }
  }

  @Test func aFreePlanIsActiveUntilItsLimitIsReachedEvenIfLaterThisMonth() {
    let reached = Timestamp(iso8601: "2026-11-20T00:00:00Z")
    let before = Timestamp(iso8601: "2026-11-10T00:00:00Z")!
    #expect(PlanStatus.free(limitReachedAt: reached, at: before) == .active)
  }

  @Test func anEstimateCountsThePublishesASimulationMakes() throws {
    // Every 7 hours over 30 days: at 0 h, 7 h, … the 103rd falls before the month's end.
    let estimate = try Estimate.make(
      devices: 1, everySeconds: 7 * 3_600, bytes: 10, deviceClass: .wifi)
    #expect(estimate.publishes == 103)
    #expect(
      try Estimate.make(devices: 2, everySeconds: 31_536_000, bytes: 0, deviceClass: .wifi)
        .publishes == 2)
  }

  @Test func aGraceLongerThanTheMonthSaysUsageStartsAgain() throws {
    let world = try BillingWorld()
    let device = try world.sandboxDevice(1)
    let noticed = try world.charge(device, operations: 100_000, at: "2026-11-30T12:00:00Z")
    let grace = try #require(noticed.first { $0.key == "grace" })
    #expect(grace.message.contains("usage starts again on 2026-12-01"))
    #expect(!grace.message.contains("data stops"))
  }

  @Test func aRehearsalStartsNowOrLater() throws {
    let world = try BillingWorld()
    let device = try world.sandboxDevice(1)
    let past = Simulation.Request(
      product: nil, devices: [device], everySeconds: 3_600, forSeconds: 86_400,
      start: try instant("2026-11-01"))
    #expect(throws: PconError.self) {
      try world.write(at: "2026-11-20") { tx in try Simulation.run(past, by: world.ada, in: tx) }
    }
    #expect(try world.usage(of: .sandbox(world.adaAccount)).total.dataOperations == 0)
  }

  @Test func aRehearsalIsForWhoeverAnswersForTheBill() throws {
    let world = try BillingWorld()
    _ = try acme(world)
    try world.write(at: "2026-11-05") { tx in
      _ = try Teams.invite(
        world.bobAccount.email, role: .developer, product: "20001", org: nil, by: world.ada,
        in: tx)
      _ = try Teams.answer("20001", accept: true, by: world.bob, in: tx)
    }
    let run = Simulation.Request(
      product: "20001", devices: [], everySeconds: 3_600, forSeconds: 86_400)
    // A Developer of the organization's product may publish, but not move the org's bill.
    #expect(throws: PconError.orgNotFound("acme")) {
      try world.write(at: "2026-11-06") { tx in try Simulation.run(run, by: world.bob, in: tx) }
    }
    _ = try world.write(at: "2026-11-06") { tx in try Simulation.run(run, by: world.ada, in: tx) }
  }
}

/// What the tracker review found: a fix dated after its publish, and characters XML forbids.
@Suite struct TrackerEdgeTests {
  @Test func aFixDatedAfterItsPublishIsTakenAsOfThePublish() throws {
    let published = try instant("2026-11-26T10:00:00Z")
    let future = #"{"cmd":"loc","loc":{"lat":1,"lon":2,"time":4102444800}}"#
    #expect(Location(locData: future, publishedAt: published)?.time == published)
    let past = #"{"cmd":"loc","loc":{"lat":1,"lon":2,"time":1764150000}}"#
    #expect(
      Location(locData: past, publishedAt: published)?.time
        == Timestamp(millisecondsSince1970: 1_764_150_000_000))
  }

  @Test func namesWithNoncharactersStayWellFormedXML() {
    #expect(MapSVG.escaped("a<b\u{FFFF}\u{FFFE}") == "a&lt;b\u{FFFD}\u{FFFD}")
  }
}

/// A tracker's pending settings reach it whenever it comes online, not at `connect` alone.
@Suite struct TrackerOnlineSyncTests {
  @Test func aPublishThatBringsATrackerOnlineSyncsItsSettings() throws {
    let world = try BillingWorld()
    let device = try world.product(30001, platform: "tracker", devices: 1)[0]
    try world.write(at: "2026-11-06") { tx in
      _ = try Tracker.set(
        ["location.radius=151"], product: "30001", device: nil, by: world.ada, in: tx)
    }
    let published = try world.write(at: "2026-11-07") { tx in
      try Events.publish(
        name: "temp", data: "21", ttl: 60, device: device, by: world.ada, in: tx)
    }
    let names = try world.read(at: "2026-11-07") { tx in
      var names: [String] = []
      _ = try EventQuery(stream: .product(id: 30001)).run(in: tx) { names.append($0.event.name) }
      return names
    }
    #expect(names.suffix(4) == ["spark/status", "cfg", "ack", "temp"])
    #expect(published.name == "temp")
    let current = try world.read(at: "2026-11-07") { tx in
      try tx.device(id: device)?.trackerConfig?.current
    }
    #expect(current != nil)
  }
}
