import Foundation
import Testing

@testable import PconCore

/// `simulate` run in-process: publishes as the devices through the real publish steps, so the
/// free plan's notices, grace and pause, and an organization's blocks and invoices happen on
/// their dates. Usage is seeded close to a limit so each run needs only a few hundred events.
@Suite struct SimulationTests {
  /// `owner` with three sandbox Borons (`s1` to `s3`), organization `acme` (one cellular block)
  /// with product 10001 holding two Borons, and `stranger`, a person with no devices.
  struct World {
    let store = temporaryStore()
    let owner: Actor
    let stranger: Actor
    let account: Account
    let org: Organization

    init() throws {
      (owner, stranger, account, org) = try store.write { tx in
        let account = try Accounts.create(
          email: "owner@example.com", name: nil, in: tx, random: counter)
        let owner = Actor.person(account)
        let stranger = Actor.person(
          try Accounts.create(email: "stranger@example.com", name: nil, in: tx, random: counter))
        let boron = try Platform.named("boron")
        for n in 1...3 {
          _ = try Fleet.claim(
            id: deviceHex(n), platform: boron, name: "s\(n)", iccid: nil, by: owner, in: tx)
        }
        let org = try Orgs.create(name: "Acme", blocks: 1, by: owner, in: tx)
        _ = try Products.create(
          name: "Fleet", platform: boron, description: nil, org: "acme", id: 10001, by: owner,
          in: tx)
        _ = try DeviceImport.run(
          "\(deviceHex(11))\n\(deviceHex(12))\n", into: "10001", by: owner, in: tx)
        return (owner, stranger, account, org)
      }
    }

    /// Stores `operations` data operations of cellular devices as already used by `payer` in
    /// November 2026.
    func seed(_ payer: Payer, operations: Int64) throws {
      try store.write { tx in
        var month = UsageMonth()
        month.counters[.cellular] = .init(dataOperations: operations)
        payer.saveUsage(month, month: "2026-11", in: tx)
      }
    }

    func simulate(
      _ request: Simulation.Request, as actor: Actor? = nil
    ) throws -> Simulation.Summary {
      try store.write { tx in try Simulation.run(request, by: actor ?? owner, in: tx) }
    }
  }

  static func at(_ text: String) -> Timestamp {
    Timestamp(iso8601: text) ?? Timestamp(millisecondsSince1970: 0)
  }

  /// Two sandbox devices every hour from 27 November for six days.
  static let sandboxRun = Simulation.Request(
    product: nil, devices: ["s1", "s2"], everySeconds: 3_600, forSeconds: 6 * 86_400,
    bytes: 20, start: at("2026-11-27T00:00:00Z"))

  @Test func aDayByDaySummaryCountsEachDaysEventsAndOperations() throws {
    let world = try World()
    defer { discard(world.store) }
    let summary = try world.simulate(Self.sandboxRun)
    #expect(
      summary.days.map(\.date) == [
        "2026-11-27", "2026-11-28", "2026-11-29", "2026-11-30", "2026-12-01", "2026-12-02",
      ])
    #expect(summary.days.allSatisfy { $0.events == 48 && $0.dataOperations == 48 })
    #expect(summary.events == 6 * 48 && summary.refused == 0)
    // 20 bytes of data and the protocol overhead per publish by a cellular device.
    #expect(summary.cellularBytes == 6 * 48 * Int64(20 + Meter.cellularOverheadBytes))
    // Month to date against the free plan's 100,000: November's 192 events, then December's.
    #expect(summary.days.map(\.percentOfPlan) == [0, 0, 0, 0, 0, 0])
    // Each event got the next ID; the two devices' coming online are logged too.
    let first = try #require(summary.firstID)
    #expect(summary.lastID == first + summary.events + 2 - 1)
    let devices = try world.store.read { tx in try tx.devices(ids: [deviceHex(1), deviceHex(2)]) }
    #expect(devices.allSatisfy { $0.online && $0.lastHeard == Self.at("2026-12-02T23:00:00Z") })
    let december = try world.store.read { tx in
      try Payer.sandbox(world.account).usage(month: "2026-12", in: tx)
    }
    #expect(december.total.dataOperations == 96)
  }

  @Test func theFreePlansNoticesFallOnTheirDaysAndDataPausesThenResumesNextMonth() throws {
    let world = try World()
    defer { discard(world.store) }
    // 10 operations short of the limit: the tenth publish, at 04:00 on the 27th, reaches it.
    try world.seed(.sandbox(world.account), operations: 99_990)
    let summary = try world.simulate(Self.sandboxRun)
    let byDay = Dictionary(uniqueKeysWithValues: summary.days.map { ($0.date, $0) })
    let reached = try #require(byDay["2026-11-27"])
    #expect(reached.notices.map(\.key) == ["ops-100", "grace"])
    #expect(reached.notices.allSatisfy { $0.at == Self.at("2026-11-27T04:00:00Z") })
    #expect(reached.percentOfPlan == 100)
    // Three days of grace, then nothing is stored until 1 December.
    #expect(byDay["2026-11-29"]?.refused == 0)
    #expect(byDay["2026-11-30"]?.refused == 40 && byDay["2026-11-30"]?.events == 8)
    #expect(byDay["2026-12-01"]?.refused == 0 && byDay["2026-12-01"]?.events == 48)
    #expect(summary.refused == 40)
    let bill = try #require(summary.bills.first)
    #expect(bill.tier == .free && bill.amountCents == 0 && bill.status == .active)
    let november = try world.store.read { tx in
      try Payer.sandbox(world.account).usage(month: "2026-11", in: tx)
    }
    #expect(november.total.dataOperations == 99_990 + 4 * 48 - 40)
  }

  @Test func thresholdsBelowTheLimitAreNoticedAtThePublishThatCrossesThem() throws {
    let world = try World()
    defer { discard(world.store) }
    try world.seed(.sandbox(world.account), operations: 69_995)
    var request = Self.sandboxRun
    request.forSeconds = 86_400
    let summary = try world.simulate(request)
    let notices = summary.days.flatMap(\.notices)
    #expect(notices.map(\.key) == ["ops-70"])
    // Publishes 5 and 6 are the two devices' at 02:00.
    #expect(notices.first?.at == Self.at("2026-11-27T02:00:00Z"))
    #expect(summary.days.first?.percentOfPlan == 70)
  }

  @Test func anOrganizationGetsABlockAtItsLimitAndTheNextInvoiceBillsIt() throws {
    let world = try World()
    defer { discard(world.store) }
    try world.seed(.org(world.org), operations: 719_990)
    let summary = try world.simulate(
      Simulation.Request(
        product: "10001", devices: [], everySeconds: 3_600, forSeconds: 6 * 86_400,
        start: Self.at("2026-11-28T00:00:00Z")))
    let notices = summary.days.flatMap(\.notices)
    let block = try #require(notices.first { $0.kind == .block })
    #expect(block.at == Self.at("2026-11-28T04:00:00Z"))
    #expect(block.key == "block-cellular-2")
    // December's invoice bills both blocks; with no card it fails and is retried.
    let invoice = try #require(notices.first { $0.key == "invoice-1" })
    #expect(invoice.at == Self.at("2026-12-01T00:00:00Z"))
    #expect(summary.days.first { $0.date == "2026-12-01" }?.notices.contains(invoice) == true)
    #expect(summary.refused == 0 && summary.events == 6 * 48)
    let bill = try #require(summary.bills.first)
    #expect(bill.tier == .growth && bill.blocks?[.cellular] == 2 && bill.billed?.total() == 2)
    #expect(bill.amountCents == 2 * OrgBilling.blockPriceCents)
    #expect(bill.nextInvoiceAt == Self.at("2027-01-01T00:00:00Z"))
    #expect(bill.invoices.map(\.number) == [1] && bill.invoices.first?.status == .open)
    let stored = try world.store.read { tx in try tx.orgs().first { $0.id == "acme" } }
    #expect(stored?.blocks[.cellular] == 2)
  }

  @Test func aSuspendedOrganizationsPublishesAreRefusedAndCounted() throws {
    let world = try World()
    defer { discard(world.store) }
    // An invoice on 1 December with no card: tried on the 1st, 4th, 7th and 10th, then suspended.
    let summary = try world.simulate(
      Simulation.Request(
        product: "10001", devices: [], everySeconds: 86_400, forSeconds: 19 * 86_400,
        start: Self.at("2026-11-26T10:00:00Z")))
    let suspended = try #require(summary.days.flatMap(\.notices).first { $0.kind == .suspension })
    #expect(suspended.at == Self.at("2026-12-10T00:00:00Z"))
    #expect(summary.days.first { $0.date == "2026-12-10" }?.refused == 2)
    #expect(summary.refused == 2 * 5 && summary.events == 2 * 14)
    #expect(summary.bills.first?.status == .suspended(since: suspended.at))
  }

  @Test func aDeviceTheActorMayNotPublishAsIsRefusedAndNothingIsStored() throws {
    let world = try World()
    defer { discard(world.store) }
    #expect(throws: PconError.deviceNotFound("s1")) {
      try world.simulate(Self.sandboxRun, as: world.stranger)
    }
    #expect(throws: PconError.productNotFound("10001")) {
      try world.simulate(
        Simulation.Request(
          product: "10001", devices: [], everySeconds: 60, forSeconds: 60), as: world.stranger)
    }
    let untouched = try world.store.read { tx in try tx.devices(ids: [deviceHex(1)]) }
    #expect(untouched.first?.online == false && untouched.first?.lastHeard == nil)
  }

  /// Intervals and stretches (seconds) outside the limits: no interval, more than 400 days, and
  /// three devices every second for 400 days (past 100,000,000 events).
  static let outsideLimits: [(every: Int64, stretch: Int64)] = [
    (0, 60), (60, 401 * 86_400), (1, 400 * 86_400),
  ]

  @Test(arguments: outsideLimits)
  func runsOutsideTheLimitsAreRefusedBeforeAnythingIsPublished(
    limits: (every: Int64, stretch: Int64)
  ) throws {
    let world = try World()
    defer { discard(world.store) }
    var request = Self.sandboxRun
    request.everySeconds = limits.every
    request.forSeconds = limits.stretch
    request.devices = ["s1", "s2", "s3"]
    #expect(throws: PconError.self) { try world.simulate(request) }
  }
}
