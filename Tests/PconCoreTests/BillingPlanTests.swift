import Testing

@testable import PconCore

/// Estimates, the card's and the calendar's rules, and upgrading from the free plan.
@Suite struct BillingPlanTests {
  // MARK: Estimates

  @Test func anEstimateGivesTheMonthsFigures() throws {
    let fleet = try Estimate.make(
      devices: 100, everySeconds: 60, bytes: 200, deviceClass: .cellular)
    #expect(fleet.publishes == 4_320_000)
    #expect(fleet.dataOperations == 4_320_000)
    #expect(fleet.cellularBytes == 4_320_000 * 471)
    // 4,320,000 operations are exactly six blocks' limit, where a seventh is added.
    #expect(fleet.tier == .growth && fleet.blocks == 7)
    #expect(fleet.monthlyCents == 7 * 29_900)

    let small = try Estimate.make(devices: 10, everySeconds: 3600, bytes: 0, deviceClass: .wifi)
    #expect(small.dataOperations == 7_200 && small.cellularBytes == 0)
    #expect(small.tier == .free && small.blocks == nil && small.monthlyCents == 0)

    // Cellular data rules here: 33,566 MB need 63 blocks, the operations 37.
    let chatty = try Estimate.make(
      devices: 100, everySeconds: 10, bytes: 1024, deviceClass: .cellular)
    #expect(chatty.blocks == 63)

    // 2,592,000 operations need four blocks; their 3,357 MB, three tracker blocks.
    let trackers = try Estimate.make(
      devices: 1, everySeconds: 1, bytes: 1024, deviceClass: .tracker)
    #expect(trackers.dataOperations == 2_592_000)
    #expect(trackers.cellularBytes == 2_592_000 * 1295)
    #expect(trackers.blocks == 4)
  }

  @Test(arguments: [(0, 60, 0), (1_000_001, 60, 0), (1, 0, 0), (1, 60, -1), (1, 60, 1025)])
  func anEstimateRefusesImpossibleInput(devices: Int, every: Int64, bytes: Int) {
    #expect(throws: PconError.self) {
      try Estimate.make(devices: devices, everySeconds: every, bytes: bytes, deviceClass: .wifi)
    }
  }

  @Test(arguments: [
    (100, Int64(60), 200, DeviceClass.cellular), (1, 1, 1024, .tracker), (40, 2, 1000, .tracker),
    (100, 10, 1024, .cellular), (30, 10, 0, .wifi),
    (250, 300, 50, .cellular),
  ])
  func theMeterAddsTheBlocksAnEstimateNames(
    devices: Int, every: Int64, bytes: Int, deviceClass: DeviceClass
  ) throws {
    let estimate = try Estimate.make(
      devices: devices, everySeconds: every, bytes: bytes, deviceClass: deviceClass)
    let world = try BillingWorld()
    try world.write(at: "2026-10-20") { tx in
      _ = try Orgs.create(name: "Acme", blocks: 1, by: world.ada, in: tx)
      _ = try Billing.setCard(last4: "4242", expires: "12/28", org: "acme", by: world.ada, in: tx)
    }
    let platform = ["wifi": "argon", "cellular": "boron", "tracker": "tracker"]
    let device = try world.product(
      20001, platform: platform[deviceClass.rawValue] ?? "", org: "acme", devices: 1)[0]
    // The month's traffic a day at a time: 30 equal days.
    let days = Estimate.monthDays
    #expect(estimate.dataOperations % days == 0 && estimate.cellularBytes % days == 0)
    for day in 1...days {
      try world.charge(
        device, operations: estimate.dataOperations / days,
        cellularBytes: estimate.cellularBytes / days,
        at: "2026-11-\(day < 10 ? "0" : "")\(day)")
    }
    #expect(try world.org("acme")?.blocks[deviceClass] == (estimate.blocks ?? 1))
  }

  // MARK: The card and the calendar

  @Test(arguments: [("4242", "12/28", 12, 2028), ("0000", "01/30", 1, 2030)])
  func aCardIsTheLastFourDigitsAndTheExpiry(
    last4: String, expires: String, month: Int, year: Int
  ) throws {
    let card = try #require(PaymentCard(last4: last4, expires: expires))
    #expect(card.expiryMonth == month && card.expiryYear == year)
    #expect(card.expires == expires && card.last4 == last4)
  }

  @Test(arguments: [
    ("424", "12/28"), ("42424", "12/28"), ("42a2", "12/28"), ("4242", "13/28"), ("4242", "00/28"),
    ("4242", "1/28"), ("4242", "12/2028"), ("4242", "12-28"), ("4242", ""), ("4242", "ab/cd"),
    ("٤٢٤٢", "12/28"), ("4242", "12/2８"), ("4242", "+1/28"), ("-242", "12/28"),
  ])
  func aMalformedCardIsRefused(last4: String, expires: String) {
    #expect(PaymentCard(last4: last4, expires: expires) == nil)
  }

  @Test func aCardWorksThroughItsExpiryMonth() throws {
    let card = try #require(PaymentCard(last4: "4242", expires: "02/28"))
    #expect(card.works(at: try instant("2028-02-29T23:59:59.999Z")))
    #expect(!card.works(at: try instant("2028-03-01")))
  }

  @Test(arguments: [
    ("2026-11-26T10:00:00Z", "2026-11-01T00:00:00.000Z", "2026-12-01T00:00:00.000Z"),
    ("2026-12-31T23:59:59.999Z", "2026-12-01T00:00:00.000Z", "2027-01-01T00:00:00.000Z"),
    ("2028-02-29T12:00:00Z", "2028-02-01T00:00:00.000Z", "2028-03-01T00:00:00.000Z"),
    ("2026-11-01T00:00:00Z", "2026-11-01T00:00:00.000Z", "2026-12-01T00:00:00.000Z"),
  ])
  func billingMonthsAreCalendarMonthsInUTC(time: String, start: String, next: String) throws {
    let instant = try instant(time)
    #expect(instant.startOfMonth.iso8601 == start)
    #expect(instant.startOfNextMonth.iso8601 == next)
  }

  @Test func addingDaysCrossesMonthsAndLeapDays() throws {
    #expect(
      try instant("2026-11-29T08:00:00Z").adding(days: 3).iso8601 == "2026-12-02T08:00:00.000Z")
    #expect(try instant("2028-02-27").adding(days: 3).iso8601 == "2028-03-01T00:00:00.000Z")
    #expect(try instant("2026-12-10").adding(days: -9).iso8601 == "2026-12-01T00:00:00.000Z")
  }

  // MARK: Upgrading

  @Test func upgradingMovesOnlyTheActorsFreeProducts() throws {
    let world = try BillingWorld()
    try world.product(20001, platform: "boron", devices: 3)
    try world.product(20002, platform: "argon", devices: 0)
    try world.write(at: "2026-10-20") { tx in
      _ = try Orgs.create(name: "Old", blocks: 1, by: world.ada, in: tx)
    }
    try world.product(20003, platform: "argon", org: "old", devices: 0)
    try world.product(20004, platform: "boron", devices: 1, by: world.bob)
    let (org, moved) = try world.write(at: "2026-11-02") { tx in
      try Billing.upgrade(orgName: "Acme Fleet", blocks: nil, by: world.ada, in: tx)
    }
    #expect(org.id == "acme-fleet" && org.owner == "ada@example.com")
    #expect(moved.map(\.id) == [20001, 20002])
    #expect(org.blocks[.cellular] == 1 && org.blocks[.wifi] == 1)
    let products = try world.read(at: "2026-11-02") { tx in try tx.products() }
    #expect(
      products.map { "\($0.id):\($0.orgID ?? "-")" } == [
        "20001:acme-fleet", "20002:acme-fleet", "20003:old", "20004:-",
      ])
    let three = try world.write(at: "2026-11-02") { tx in
      try Billing.upgrade(orgName: "Bob Co", blocks: 3, by: world.bob, in: tx)
    }
    #expect(three.org.blocks == BlockCounts(each: 3) && three.moved.map(\.id) == [20004])
  }

  @Test(arguments: [0, -1, BlockCounts.maximum + 1])
  func upgradingWithAnImpossibleBlockCountIsRefused(blocks: Int) throws {
    let world = try BillingWorld()
    try world.product(20001, platform: "boron", devices: 3)
    #expect(throws: PconError.self) {
      try world.write(at: "2026-11-02") { tx in
        try Billing.upgrade(orgName: "Acme", blocks: blocks, by: world.ada, in: tx)
      }
    }
    #expect(try world.org("acme") == nil)
  }

  @Test func aPausedSandboxStaysPausedButTheMovedProductPublishes() throws {
    let world = try BillingWorld()
    let sandbox = try world.sandboxDevice(1)
    let member = try world.product(20001, platform: "boron", devices: 1)[0]
    try world.charge(sandbox, operations: 100_000, at: "2026-11-05")
    let paused = PconError.dataPaused(
      payer: "the free plan of ada@example.com", until: try instant("2026-12-01"))
    #expect(throws: paused) { try world.publish(member, at: "2026-11-09") }
    try world.write(at: "2026-11-09") { tx in
      _ = try Billing.upgrade(orgName: "Acme", blocks: nil, by: world.ada, in: tx)
    }
    try world.write(at: "2026-11-09T01:00:00Z") { tx in
      _ = try Events.publish(
        name: "temperature", data: "20", ttl: 60, device: member, by: world.ada, in: tx)
    }
    #expect(throws: paused) { try world.publish(sandbox, at: "2026-11-09T02:00:00Z") }
    let acme = try #require(try world.org("acme"))
    #expect(try world.usage(of: .org(acme)).counters[.cellular]?.dataOperations == 1)
    #expect(try world.usage(of: .sandbox(world.adaAccount)).total.dataOperations == 100_000)
  }
}
