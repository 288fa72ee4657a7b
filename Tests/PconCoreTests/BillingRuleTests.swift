import Testing

@testable import PconCore

/// Metering and the limits it enforces: what a publish costs and who pays for it, the free
/// plan's notices, grace and pause, and the growth plan's warnings and blocks.
@Suite struct BillingRuleTests {
  // MARK: What a publish costs, and who pays

  @Test(arguments: [(0, 1), (1, 1), (1024, 1), (1025, 2), (2048, 2), (2049, 3), (16_384, 16)])
  func oneDataOperationPerStartedKilobyte(bytes: Int, operations: Int64) {
    #expect(Meter.dataOperations(forBytes: bytes) == operations)
  }

  @Test(arguments: ["spark/status", "particle/device/updates/pending", "SPARK/x", "Particle-y"])
  func theCloudsOwnEventsAreNotMetered(name: String) {
    #expect(!Meter.isMetered(name))
  }

  @Test(arguments: ["temperature", "sparse", "parts/particle", "my-spark"])
  func otherEventsAreMetered(name: String) {
    #expect(Meter.isMetered(name))
  }

  @Test func cellularDataIsTheDataPlusOverheadForCellularDevicesOnly() throws {
    let cellular = Device(id: deviceHex(1), platformID: 13, owner: nil)
    let wifi = Device(id: deviceHex(2), platformID: 12, owner: nil)
    let used = Meter.use(by: cellular, dataBytes: 100)
    #expect(used.dataOperations == 1)
    #expect(used.cellularBytes == Int64(100 + Meter.cellularOverheadBytes))
    #expect(
      Meter.use(by: cellular, dataBytes: 0).cellularBytes == Int64(Meter.cellularOverheadBytes))
    #expect(Meter.use(by: wifi, dataBytes: 2000) == UsageMonth.Counter(dataOperations: 2))
  }

  @Test func aPublishAfterAHandshakeCountsOnlyTheDevicesOwnEvent() throws {
    let world = try BillingWorld()
    let device = try world.sandboxDevice(1)
    try world.write(at: "2026-11-02") { tx in
      _ = try Events.publish(
        name: "temperature", data: "21.5", ttl: 60, device: device, by: world.ada, in: tx)
    }
    // The device was offline: a spark/status event was logged too, but only the publish counts.
    let usage = try world.usage(of: .sandbox(world.adaAccount))
    #expect(
      usage.total
        == UsageMonth.Counter(
          dataOperations: 1, cellularBytes: Int64(4 + Meter.cellularOverheadBytes)))
    let own = try world.read(at: "2026-11-02") { tx in try tx.device(id: device)?.usage }
    #expect(own == DeviceUsage(month: "2026-11", counter: usage.total))
  }

  @Test func eachDeviceIsPaidForByItsOwnersSandboxOrItsOrganization() throws {
    let world = try BillingWorld()
    let sandbox = try world.sandboxDevice(1)
    let free = try world.product(20001, platform: "argon", devices: 1, by: world.bob)
    try world.write(at: "2026-10-20") { tx in
      _ = try Orgs.create(name: "Acme", blocks: 1, by: world.ada, in: tx)
    }
    let tracker = try world.product(20002, platform: "tracker", org: "acme", devices: 1)
    let cellular = try world.product(20003, platform: "boron", org: "acme", devices: 1)
    #expect(try world.payer(of: sandbox) == .sandbox(world.adaAccount))
    // A free product's devices count against its owner's sandbox, not the importer's.
    #expect(try world.payer(of: free[0]) == .sandbox(world.bobAccount))
    let acme = try #require(try world.org("acme"))
    #expect(try world.payer(of: tracker[0]) == .org(acme))
    try world.charge(tracker[0], operations: 5, at: "2026-11-02")
    try world.charge(cellular[0], operations: 7, at: "2026-11-02")
    let month = try world.usage(of: .org(acme))
    #expect(month.counters[.tracker]?.dataOperations == 5)
    #expect(month.counters[.cellular]?.dataOperations == 7)
    #expect(month.counters[.wifi] == nil)
  }

  @Test func anUnclaimedDeviceInNoProductHasNoPayer() throws {
    let world = try BillingWorld()
    let id = try world.sandboxDevice(1)
    try world.write(at: "2026-10-21") { tx in _ = try Fleet.unclaim(id, by: world.ada, in: tx) }
    #expect(try world.payer(of: id) == nil)
  }

  @Test(arguments: [
    ("tracker", DeviceClass.tracker), ("trackerm", .tracker), ("boron", .cellular),
    ("electron", .cellular), ("msom", .cellular), ("argon", .wifi), ("p2", .wifi),
  ])
  func platformsFallIntoTheirClass(platform: String, expected: DeviceClass) throws {
    #expect(DeviceClass(platform: try Platform.named(platform)) == expected)
  }

  // MARK: The free plan

  @Test func theFreePlanNoticesEachThresholdExactlyOnceAMonth() throws {
    let world = try BillingWorld()
    let device = try world.sandboxDevice(1, platform: "argon")
    #expect(try world.charge(device, operations: 69_999, at: "2026-11-02").isEmpty)
    let seventy = try world.charge(device, operations: 1, at: "2026-11-03")
    #expect(seventy.map(\.key) == ["ops-70"])
    #expect(seventy[0].message.contains("70% of 100,000 data operations"))
    // Many publishes through one meter: the threshold is noticed by the one that crosses it.
    #expect(try world.publish(device, times: 19_999, at: "2026-11-04").isEmpty)
    #expect(try world.publish(device, times: 1, at: "2026-11-05").map(\.key) == ["ops-90"])
    #expect(try world.charge(device, operations: 9_999, at: "2026-11-06").isEmpty)
    let limit = try world.charge(device, operations: 1, at: "2026-11-06T12:00:00Z")
    #expect(limit.map(\.key) == ["ops-100", "grace"])
    #expect(limit[1].message.contains("data stops at 2026-11-09T12:00:00.000Z"))
    #expect(try world.charge(device, operations: 5, at: "2026-11-07").isEmpty)
    let usage = try world.usage(of: .sandbox(world.adaAccount))
    #expect(usage.total.dataOperations == 100_005)
    #expect(usage.notices.map(\.key) == ["ops-70", "ops-90", "ops-100", "grace"])
    #expect(usage.limitReachedAt == (try instant("2026-11-06T12:00:00Z")))
  }

  @Test func oneChargePastSeveralThresholdsNoticesEach() throws {
    let world = try BillingWorld()
    let device = try world.sandboxDevice(1, platform: "argon")
    let noticed = try world.charge(device, operations: 95_000, at: "2026-11-02")
    #expect(noticed.map(\.key) == ["ops-70", "ops-90"])
  }

  @Test func graceLastsThreeDaysThenDataPausesUntilNextMonth() throws {
    let world = try BillingWorld()
    let device = try world.sandboxDevice(1)
    try world.charge(device, operations: 100_000, at: "2026-11-10T08:00:00Z")
    let before = try world.usage(of: .sandbox(world.adaAccount))
    func status(at time: String) throws -> PlanStatus {
      try world.read(at: time) { tx in
        try Billing.usage(org: nil, by: world.ada, in: tx).status
      }
    }
    #expect(try status(at: "2026-11-11") == .grace(endsAt: try instant("2026-11-13T08:00:00Z")))
    // The last instant of grace still counts.
    try world.publish(device, at: "2026-11-13T07:59:59.999Z")
    let december = try instant("2026-12-01")
    #expect(try status(at: "2026-11-13T08:00:00Z") == .paused(until: december))
    #expect(
      throws: PconError.dataPaused(payer: "the free plan of ada@example.com", until: december)
    ) {
      try world.write(at: "2026-11-13T08:00:00Z") { tx in
        try Events.publish(
          name: "temperature", data: "1", ttl: 60, device: device, by: world.ada, in: tx)
      }
    }
    // Nothing counted while paused: neither the pool nor the device's own month.
    let after = try world.usage(of: .sandbox(world.adaAccount))
    #expect(after.total.dataOperations == before.total.dataOperations + 1)
    let own = try world.read(at: "2026-11-20") { tx in try tx.device(id: device)?.usage }
    #expect(own?.counter.dataOperations == 1)
    #expect(throws: PconError.self) { try world.publish(device, at: "2026-11-30T23:59:59Z") }
    // The next month resumes on the free plan by itself.
    #expect(try status(at: "2026-12-01") == .active)
    try world.publish(device, bytes: 1500, at: "2026-12-01")
    let next = try world.usage(of: .sandbox(world.adaAccount), month: "2026-12")
    #expect(next.total.dataOperations == 2)
    #expect(next.notices.isEmpty && next.limitReachedAt == nil)
    // November's report still says how it ended.
    let past = try world.read(at: "2026-12-02") { tx in
      try Billing.usage(org: nil, month: "2026-11", by: world.ada, in: tx).status
    }
    #expect(past == .paused(until: december))
  }

  @Test func aCellularDataCrossingNoticesAndStartsGrace() throws {
    let world = try BillingWorld()
    let device = try world.sandboxDevice(1)
    let megabyte = Allowance.megabyte
    #expect(
      try world.charge(device, operations: 1, cellularBytes: 70 * megabyte, at: "2026-11-02")
        .map(\.key) == ["cellular-70"])
    let limit = try world.charge(
      device, operations: 1, cellularBytes: 30 * megabyte, at: "2026-11-04")
    #expect(limit.map(\.key) == ["cellular-90", "cellular-100", "grace"])
    #expect(try world.usage(of: .sandbox(world.adaAccount)).limitReachedAt != nil)
    #expect(throws: PconError.self) { try world.publish(device, at: "2026-11-07") }
  }

  // MARK: The growth plan

  @Test func growthWarnsPerClassAndAddsABlockAtTheLimit() throws {
    let world = try BillingWorld()
    try world.write(at: "2026-10-20") { tx in
      _ = try Orgs.create(name: "Acme", blocks: 1, by: world.ada, in: tx)
      // Paid, so the organization is never suspended.
      _ = try Billing.setCard(last4: "4242", expires: "12/28", org: "acme", by: world.ada, in: tx)
    }
    let cellular = try world.product(20001, platform: "boron", org: "acme", devices: 1)[0]
    let wifi = try world.product(20002, platform: "argon", org: "acme", devices: 1)[0]
    #expect(try world.charge(cellular, operations: 503_999, at: "2026-11-02").usageKeys.isEmpty)
    #expect(
      try world.charge(cellular, operations: 1, at: "2026-11-03").usageKeys == [
        "cellular-b1-ops-70"
      ])
    #expect(
      try world.charge(cellular, operations: 144_000, at: "2026-11-04").usageKeys == [
        "cellular-b1-ops-90"
      ])
    #expect(try world.charge(cellular, operations: 71_999, at: "2026-11-05").usageKeys.isEmpty)
    let limit = try world.charge(cellular, operations: 1, at: "2026-11-06")
    #expect(limit.usageKeys == ["cellular-b1-ops-100", "block-cellular-2"])
    #expect(limit.filter { $0.kind == .block }[0].message.contains("no charge now"))
    let acme = try #require(try world.org("acme"))
    #expect(acme.blocks[.cellular] == 2)
    #expect(acme.blocks[.wifi] == 1 && acme.blocks[.tracker] == 1)
    // Warnings start again against two blocks; the Wi-Fi class has its own.
    #expect(
      try world.charge(cellular, operations: 288_000, at: "2026-11-07").usageKeys == [
        "cellular-b2-ops-70"
      ])
    #expect(
      try world.charge(wifi, operations: 504_000, at: "2026-11-08").usageKeys == [
        "wifi-b1-ops-70"
      ])
    #expect(try world.org("acme")?.blocks[.wifi] == 1)
    // Growth data never pauses.
    try world.charge(cellular, operations: 10_000_000, at: "2026-11-09")
    #expect(try world.org("acme")?.blocks[.cellular] == 16)
    try world.publish(cellular, at: "2026-11-20")
  }

  @Test func anImportPastTheClassesDeviceLimitIsSkipped() throws {
    let world = try BillingWorld()
    try world.write(at: "2026-10-20") { tx in
      _ = try Orgs.create(name: "Acme", blocks: 1, of: .cellular, by: world.ada, in: tx)
    }
    try world.product(20001, platform: "boron", org: "acme", devices: 60)
    try world.product(20002, platform: "argon", org: "acme", devices: 0)
    let report = try world.write(at: "2026-10-21") { tx in
      try DeviceImport.run(
        (0..<41).map { deviceHex(30_000 + $0) }.joined(separator: "\n"), into: "20001",
        by: world.ada, in: tx)
    }
    #expect(report.imported.count == 40)
    #expect(report.skipped.map(\.message) == ["plan-limit"])
    // The Wi-Fi class holds no blocks: its product takes no device.
    let wifi = try world.write(at: "2026-10-21") { tx in
      try DeviceImport.run(deviceHex(40_000), into: "20002", by: world.ada, in: tx)
    }
    #expect(wifi.imported.isEmpty && wifi.skipped.map(\.message) == ["plan-limit"])
    try world.write(at: "2026-10-22") { tx in
      _ = try Billing.addBlocks(1, of: .wifi, org: "acme", by: world.ada, in: tx)
      _ = try DeviceImport.run(deviceHex(40_000), into: "20002", by: world.ada, in: tx)
    }
  }

  @Test func aProductMoveBeyondTheBlocksIsRefused() throws {
    let world = try BillingWorld()
    try world.write(at: "2026-10-20") { tx in
      _ = try Orgs.create(name: "Acme", blocks: 1, of: .cellular, by: world.ada, in: tx)
    }
    try world.product(20001, platform: "boron", org: "acme", devices: 90)
    try world.product(20002, platform: "boron", devices: 11)
    try world.product(20003, platform: "argon", devices: 1)
    #expect(
      throws: PconError.blocksFull(org: "acme", deviceClass: .cellular, blocks: 1, count: 101)
    ) {
      try world.write(at: "2026-10-21") { tx in
        try Products.move("20002", toOrg: "acme", by: world.ada, in: tx)
      }
    }
    #expect(
      throws: PconError.blocksFull(org: "acme", deviceClass: .wifi, blocks: 0, count: 1)
    ) {
      try world.write(at: "2026-10-21") { tx in
        try Products.move("20003", toOrg: "acme", by: world.ada, in: tx)
      }
    }
    try world.write(at: "2026-10-22") { tx in
      _ = try Billing.addBlocks(1, of: nil, org: "acme", by: world.ada, in: tx)
      _ = try Products.move("20002", toOrg: "acme", by: world.ada, in: tx)
    }
  }
}
