import Testing

@testable import PconCore

/// An organization's invoices: issued on the 1st for the classes it uses, retried when the card
/// fails, suspension after the last retry, and the card that lifts it.
@Suite struct BillingSettlementTests {
  /// Organization acme made by ada at `time` with `blocks` blocks of each class, and a Boron
  /// product 20001 in it with one device; the device's ID.
  @discardableResult
  func acme(_ world: BillingWorld, blocks: Int = 1, at time: String = "2026-11-05") throws
    -> String
  {
    try world.write(at: time) { tx in
      _ = try Orgs.create(name: "Acme", blocks: blocks, by: world.ada, in: tx)
    }
    return try world.product(20001, platform: "boron", org: "acme", devices: 1, at: time)[0]
  }

  func invoices(_ world: BillingWorld, at time: String) throws -> [Invoice] {
    try world.read(at: time) { tx in try Billing.invoices(org: "acme", by: world.ada, in: tx) }
  }

  @discardableResult
  func setCard(_ world: BillingWorld, expires: String = "12/28", at time: String) throws
    -> (org: Organization, billing: OrgBilling, paidNow: [Invoice])
  {
    try world.write(at: time) { tx in
      try Billing.setCard(last4: "4242", expires: expires, org: "acme", by: world.ada, in: tx)
    }
  }

  @Test func anInvoiceIsIssuedOnTheFirstForTheClassesInUse() throws {
    let world = try BillingWorld()
    try acme(world, blocks: 2)
    try setCard(world, at: "2026-11-10")
    #expect(try invoices(world, at: "2026-11-30T23:59:59Z").isEmpty)
    let december = try invoices(world, at: "2026-12-01")
    try #require(december.count == 1)
    #expect(december[0].period == "2026-12")
    #expect(december[0].issuedAt == (try instant("2026-12-01")))
    #expect(december[0].blocks[.cellular] == 2)
    #expect(december[0].blocks[.wifi] == 0 && december[0].blocks[.tracker] == 0)
    #expect(december[0].amountCents == 2 * 29_900)
    try #expect(december[0].status == .paid && december[0].paidAt == (try instant("2026-12-01")))
    // A tracker product makes its class billed from the next invoice.
    try world.product(20002, platform: "tracker", org: "acme", devices: 0, at: "2026-12-10")
    let january = try invoices(world, at: "2027-01-02")
    #expect(january.map(\.amountCents) == [59_800, 4 * 29_900])
    #expect(january.last?.blocks.total() == 4)
  }

  @Test func anOrganizationWithNoProductsIsNotInvoiced() throws {
    let world = try BillingWorld()
    try world.write(at: "2026-11-05") { tx in
      _ = try Orgs.create(name: "Acme", blocks: 3, by: world.ada, in: tx)
    }
    #expect(try invoices(world, at: "2027-02-02").isEmpty)
    let suspended = try world.read(at: "2027-02-02") { tx in
      try Billing.plan(org: "acme", by: world.ada, in: tx).status
    }
    #expect(suspended == .active)
  }

  @Test func aBlockAddedAtTheLimitIsBilledFromTheNextInvoice() throws {
    let world = try BillingWorld()
    let device = try acme(world, at: "2026-10-20")
    try setCard(world, at: "2026-10-21")
    try world.charge(device, operations: 720_000, at: "2026-11-20")
    #expect(try world.org("acme")?.blocks[.cellular] == 2)
    let november = try invoices(world, at: "2026-11-30")
    #expect(november.map { $0.blocks.total() } == [1])
    let december = try invoices(world, at: "2026-12-01")
    #expect(december.map { $0.blocks[.cellular] } == [1, 2])
    #expect(december.map(\.amountCents) == [29_900, 59_800])
    #expect(december.allSatisfy { $0.status == .paid })
  }

  @Test func aMissingCardIsRetriedEveryThreeDaysThenTheOrganizationIsSuspended() throws {
    let world = try BillingWorld()
    try acme(world)
    let beforeLast = try world.read(at: "2026-12-09T23:59:59Z") { tx in
      try Billing.plan(org: "acme", by: world.ada, in: tx)
    }
    #expect(beforeLast.status == .active)
    let open = try invoices(world, at: "2026-12-09T23:59:59Z")
    #expect(open.map(\.status) == [.open])
    let days = ["2026-12-01", "2026-12-04", "2026-12-07", "2026-12-10"]
    #expect(open[0].attempts.map(\.at) == (try days.prefix(3).map { try instant($0) }))
    // Settled day by day, as a command on each day does, the record is the same as at once.
    for day in days {
      _ = try world.write(at: day + "T09:00:00Z") { tx in
        try Billing.notices(org: "acme", by: world.ada, in: tx)
      }
    }
    let notices = try world.read(at: "2026-12-11") { tx in
      try Billing.notices(org: "acme", by: world.ada, in: tx)
    }
    let failures = notices.filter { $0.message.contains("failed: no card on file") }
    #expect(failures.map(\.at) == (try days.map { try instant($0) }))
    #expect(failures[0].message.contains("retry 1 of 3 on 2026-12-04T00:00:00.000Z"))
    #expect(failures[3].message.contains("no retries are left"))
    #expect(notices.last?.kind == .suspension)
    let failed = try invoices(world, at: "2026-12-11")
    #expect(failed.map(\.status) == [.failed] && failed[0].attempts.count == 4)
    let plan = try world.read(at: "2026-12-11") { tx in
      try Billing.plan(org: "acme", by: world.ada, in: tx)
    }
    #expect(plan.status == .suspended(since: try instant("2026-12-10")))
  }

  @Test func anExpiredCardFails() throws {
    let world = try BillingWorld()
    try acme(world)
    // It works through its expiry month.
    try setCard(world, expires: "11/26", at: "2026-11-10")
    let failed = try invoices(world, at: "2026-12-01")
    #expect(failed.map(\.status) == [.open])
    let notices = try world.read(at: "2026-12-01") { tx in
      try Billing.notices(org: "acme", by: world.ada, in: tx)
    }
    #expect(notices.contains { $0.message.contains("the card ending 4242 expired 11/26") })
    // An expired card is refused outright.
    #expect(throws: PconError.self) { try setCard(world, expires: "11/26", at: "2026-12-02") }
  }

  @Test func settingACardPaysEveryUnpaidInvoiceAndLiftsTheSuspension() throws {
    let world = try BillingWorld()
    try acme(world)
    #expect(try invoices(world, at: "2027-01-15").map(\.status) == [.failed, .failed])
    let (_, billing, paid) = try setCard(world, at: "2027-01-15")
    #expect(paid.map(\.number) == [1, 2])
    let now = try instant("2027-01-15")
    #expect(paid.allSatisfy { $0.paidAt == now })
    #expect(billing.suspendedAt == nil)
    #expect(billing.notices.last?.message.contains("reinstated") == true)
    try world.write(at: "2027-01-15T00:00:01Z") { tx in
      _ = try Groups.create(
        "north", product: "20001", description: nil, color: nil, by: world.ada, in: tx)
    }
    // The card pays later invoices on their day.
    #expect(try invoices(world, at: "2027-02-01").last?.status == .paid)
  }

  @Test func aSuspendedOrganizationRefusesChangesButReads() throws {
    let world = try BillingWorld()
    let device = try acme(world)
    let since = try instant("2026-12-10")
    let suspended = PconError.orgSuspended(org: "acme", since: since)
    let time = "2026-12-12"
    #expect(throws: suspended) {
      try world.write(at: time) { tx in
        try Groups.create(
          "north", product: "20001", description: nil, color: nil, by: world.ada, in: tx)
      }
    }
    #expect(throws: suspended) {
      try world.write(at: time) { tx in
        try DeviceImport.run(deviceHex(5), into: "20001", by: world.ada, in: tx)
      }
    }
    #expect(throws: suspended) {
      try world.write(at: time) { tx in
        try Events.publish(
          name: "reading", data: "1", ttl: 60, device: nil, product: "20001", by: world.ada,
          in: tx)
      }
    }
    #expect(throws: suspended) {
      try world.write(at: time) { tx in
        try Billing.addBlocks(1, of: .cellular, org: "acme", by: world.ada, in: tx)
      }
    }
    try world.read(at: time) { tx in
      let devices = try Products.devices(
        "20001", query: DeviceQuery(), quarantined: false, by: world.ada, in: tx)
      #expect(devices.map(\.id) == [device])
      let usage = try Billing.usage(org: "acme", by: world.ada, in: tx)
      #expect(usage.status == .suspended(since: since))
    }
    // Ada's own sandbox is not the organization's.
    _ = try world.sandboxDevice(1)
  }

  /// A simulation may carry the state past now; what it left dated later does not act before.
  @Test func aSuspensionDatedLaterDoesNotRefuseChangesNow() throws {
    let world = try BillingWorld()
    _ = try acme(world)
    // Settled through a suspension on the 10th, as a simulation into December would leave it.
    try world.write(at: "2026-12-12") { tx in
      _ = try Billing.usage(org: "acme", by: world.ada, in: tx)
      let org = try #require(try tx.orgs().first { $0.id == "acme" })
      _ = try Billing.settled(org, in: tx)
    }
    try world.write(at: "2026-12-01") { tx in
      _ = try Groups.create(
        "north", product: "20001", description: nil, color: nil, by: world.ada, in: tx)
      #expect(try Billing.usage(org: "acme", by: world.ada, in: tx).status == .active)
    }
    #expect(throws: PconError.orgSuspended(org: "acme", since: try instant("2026-12-10"))) {
      try world.write(at: "2026-12-11") { tx in
        try Groups.create(
          "south", product: "20001", description: nil, color: nil, by: world.ada, in: tx)
      }
    }
  }

  @Test func anExpiredCardIsRefusedAsARuleNotAUsageError() throws {
    let world = try BillingWorld()
    _ = try acme(world)
    #expect(throws: PconError.cardExpired(expires: "10/26")) {
      try world.write(at: "2026-11-05") { tx in
        try Billing.setCard(last4: "4242", expires: "10/26", org: "acme", by: world.ada, in: tx)
      }
    }
    #expect(PconError.cardExpired(expires: "10/26").kind == .refused)
  }

  @Test func billingOfAnOrganizationIsForItsAdministratorsOnly() throws {
    let world = try BillingWorld()
    try acme(world)
    try world.write(at: "2026-11-06") { tx in
      _ = try Teams.invite(
        "bob@example.com", role: .developer, product: nil, org: "acme", by: world.ada, in: tx)
      _ = try Teams.answer("acme", accept: true, by: world.bob, in: tx)
    }
    let reads: [(Transaction) throws -> Void] = [
      { _ = try Billing.usage(org: "acme", by: world.bob, in: $0) },
      { _ = try Billing.plan(org: "acme", by: world.bob, in: $0) },
      { _ = try Billing.invoices(org: "acme", by: world.bob, in: $0) },
      { _ = try Billing.notices(org: "acme", by: world.bob, in: $0) },
    ]
    for read in reads {
      let error = #expect(throws: PconError.self) { try world.read(at: "2026-11-07", read) }
      #expect(
        error
          == .roleRequired(needed: "Administrator", scope: "org acme", has: "Developer"))
    }
    let card = #expect(throws: PconError.self) {
      try world.write(at: "2026-11-07") { tx in
        try Billing.setCard(last4: "4242", expires: "12/28", org: "acme", by: world.bob, in: tx)
      }
    }
    #expect(
      card == .roleRequired(needed: "Administrator", scope: "org acme", has: "Developer"))
    // Bob's own free plan is his to read.
    let own = try world.read(at: "2026-11-07") { tx in
      try Billing.usage(org: nil, by: world.bob, in: tx)
    }
    #expect(own.payer == "bob@example.com" && own.tier == .free)
  }
}
