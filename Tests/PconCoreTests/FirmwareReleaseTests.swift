import Testing

@testable import PconCore

/// Precedence, releases, locks and the handshake's update, on a product built in memory: its
/// versions are written to its firmware file directly, devices come in through the import.
@Suite struct FirmwareReleaseTests {
  static let product = 10001

  /// A product with versions 1 to 3 uploaded, groups `alpha` and `beta`, and `count` imported
  /// devices; `actor` owns it.
  struct Setup {
    let store: StateStore
    let actor: Actor
    let ids: [String]

    init(devices count: Int = 4, versions: [Int] = [1, 2, 3]) throws {
      store = temporaryStore()
      let account = try store.write { tx in
        try Accounts.create(email: "owner@example.com", name: nil, in: tx, random: counter)
      }
      actor = .person(account)
      ids = (0..<count).map(deviceHex)
      let (actor, ids) = (actor, ids)
      try store.write { tx in
        _ = try Products.create(
          name: "Widgets", platform: try Platform.named("argon"), description: nil, org: nil,
          id: FirmwareReleaseTests.product, by: actor, in: tx)
        tx.save(
          StateFiles.productFirmware(FirmwareReleaseTests.product),
          versions.map {
            FirmwareVersion(
              version: $0, title: "v\($0)", size: 10, sha256: String(repeating: "0", count: 64),
              platformID: 12, uploadedAt: testNow, uploadedBy: "owner@example.com")
          })
        tx.save(
          StateFiles.productGroups(FirmwareReleaseTests.product),
          ["alpha", "beta"].map { DeviceGroup(name: $0, createdAt: testNow) })
        if count <= 100 {
          let report = try DeviceImport.run(
            ids.joined(separator: "\n"), into: "10001", by: actor, in: tx)
          #expect(report.imported.count == count)
        } else {
          // Past the free plan's 100 devices: stored as an import of a paid plan would.
          try tx.save(
            ids.map {
              var device = Device(id: $0, platformID: 12, owner: nil)
              device.productID = FirmwareReleaseTests.product
              return device
            })
        }
      }
    }

    /// Changes device `n` as `body` says, as a group or development change would.
    func edit(_ n: Int, _ body: (inout Device) -> Void) throws {
      try store.write { tx in
        var device = try #require(try tx.device(id: ids[n]))
        body(&device)
        try tx.save(device)
      }
    }

    func target(_ n: Int) throws -> FirmwareTarget {
      try store.read { tx in try Firmware.target(ids[n], by: actor, in: tx).target }
    }

    /// The targeted version `device show` would print for device `n`.
    func targeted(_ n: Int) throws -> Int? {
      try store.read { tx in
        try Access.device(ids[n], PconCore.Fleet.Needs.show, actor: actor, in: tx)
      }
      .0.targetedFirmwareReleaseVersion
    }

    @discardableResult
    func release(_ version: Int, to place: Firmware.Place, dryRun: Bool = false) throws
      -> Firmware.Release
    {
      try store.write { tx in
        try Firmware.release(
          version, product: "10001", to: place, dryRun: dryRun, by: actor, in: tx)
      }
    }

    func connect(_ n: Int, running version: Int?, failing: Bool = false) throws -> Device {
      try store.write { tx in
        try PconCore.Fleet.connect(
          ids[n], handshake: .init(firmwareVersion: version, otaFails: failing), by: actor,
          in: tx)
      }
    }
  }

  @Test func everyPrecedenceBranchDecides() throws {
    let fleet = try Setup()
    defer { discard(fleet.store) }
    #expect(try fleet.target(0) == FirmwareTarget(version: nil, reason: .none))
    for n in 0..<3 { _ = try fleet.connect(n, running: n + 1) }
    try fleet.release(1, to: .productDefault)
    try fleet.release(2, to: .groups(["alpha"]))
    try fleet.release(3, to: .groups(["beta"]))
    try fleet.edit(1) { $0.groups = ["alpha"] }
    // In two groups with releases: the highest version wins, named with its group.
    try fleet.edit(2) { $0.groups = ["alpha", "beta"] }
    try fleet.edit(3) { $0.groups = ["beta"] }
    #expect(try fleet.target(0) == FirmwareTarget(version: 1, reason: .productDefault))
    #expect(try fleet.target(1) == FirmwareTarget(version: 2, reason: .group, group: "alpha"))
    #expect(try fleet.target(2) == FirmwareTarget(version: 3, reason: .group, group: "beta"))
    // A lock beats a group; development beats a lock.
    try fleet.edit(3) { $0.desiredFirmwareVersion = 1 }
    #expect(try fleet.target(3) == FirmwareTarget(version: 1, reason: .locked))
    try fleet.edit(3) { $0.development = true }
    #expect(try fleet.target(3) == FirmwareTarget(version: nil, reason: .development))
    #expect(try fleet.targeted(3) == nil)
  }

  /// The targeted version is derived, so each kind of change moves it with no device rewritten.
  @Test func theTargetedVersionStaysTrueAfterEachKindOfChange() throws {
    let fleet = try Setup()
    defer { discard(fleet.store) }
    _ = try fleet.connect(0, running: 2)
    _ = try fleet.connect(1, running: 3)
    try fleet.release(2, to: .productDefault)
    #expect(try fleet.targeted(2) == 2)
    try fleet.release(3, to: .groups(["beta"]))
    #expect(try fleet.targeted(2) == 2)
    try fleet.edit(2) { $0.groups = ["beta"] }  // joins a group
    #expect(try fleet.targeted(2) == 3)
    try fleet.edit(2) { $0.groups = [] }  // leaves it
    #expect(try fleet.targeted(2) == 2)
    try fleet.edit(2) { $0.groups = ["beta"] }
    _ = try fleet.store.write { tx in
      try Firmware.unrelease(3, product: "10001", from: nil, by: fleet.actor, in: tx)
    }
    #expect(try fleet.targeted(2) == 2)
    _ = try fleet.store.write { tx in
      try Firmware.lock(fleet.ids[2], to: 1, flashNow: false, by: fleet.actor, in: tx)
    }
    #expect(try fleet.targeted(2) == 1)
    _ = try fleet.store.write { tx in try Firmware.unlock(fleet.ids[2], by: fleet.actor, in: tx) }
    #expect(try fleet.targeted(2) == 2)
    let developing = try fleet.store.write { tx in
      try Products.setDevelopment(fleet.ids[2], true, by: fleet.actor, in: tx)
    }
    #expect(developing.targetedFirmwareReleaseVersion == nil)
    #expect(try fleet.targeted(2) == nil)
    _ = try fleet.store.write { tx in
      try Firmware.unrelease(2, product: "10001", from: .productDefault, by: fleet.actor, in: tx)
    }
    #expect(try fleet.targeted(0) == nil)
  }

  /// The targeted version is never stored: a stale value in a shard is not read back.
  @Test func theTargetedVersionIsNotStored() throws {
    let device = Device(id: deviceHex(1), platformID: 12, owner: nil)
    var json = device.stored
    guard case .object(var pairs) = json else { return }
    #expect(!pairs.contains { $0.0 == "targeted_firmware_release_version" })
    pairs.append(("targeted_firmware_release_version", .int(9)))
    json = .object(pairs)
    #expect(try Device(stored: JSONObject(json, path: "")).targetedFirmwareReleaseVersion == nil)
  }

  @Test func aReleaseIsRefusedUntilSomeDeviceRunsTheVersion() throws {
    let fleet = try Setup()
    defer { discard(fleet.store) }
    #expect(throws: PconError.releaseNotRunning(version: 2, product: "10001")) {
      try fleet.release(2, to: .productDefault)
    }
    #expect(throws: PconError.firmwareVersionNotFound(7, product: "10001")) {
      try fleet.release(7, to: .productDefault)
    }
    #expect(throws: PconError.groupNotFound("gamma", product: "10001")) {
      try fleet.release(2, to: .groups(["gamma"]))
    }
    // A device outside the group running it is enough for a group release.
    _ = try fleet.connect(0, running: 2)
    try fleet.edit(1) { $0.groups = ["alpha"] }
    #expect(
      try fleet.release(2, to: .groups(["alpha"])).impacted.map(\.device.id) == [fleet.ids[1]])
  }

  @Test func releasingAsDefaultMovesItAndAGroupReleaseReplacesTheGroups() throws {
    let fleet = try Setup()
    defer { discard(fleet.store) }
    _ = try fleet.connect(0, running: 1)
    _ = try fleet.connect(1, running: 2)
    try fleet.release(1, to: .productDefault)
    try fleet.release(1, to: .groups(["alpha"]))
    try fleet.release(2, to: .productDefault)
    try fleet.release(2, to: .groups(["alpha"]))
    let versions = try fleet.store.read { tx in
      try tx.load(StateFiles.productFirmware(FirmwareReleaseTests.product))
    }
    #expect(versions.map(\.productDefault) == [false, true, false])
    #expect(versions.map(\.groups) == [[], ["alpha"], []])
    #expect(versions[1].releasedAt == testNow)
  }

  /// Impacted devices are those whose target changes to a version they do not run; a dry run
  /// counts them on a fleet of thousands and writes nothing.
  @Test func aDryRunCountsTheImpactedDevicesOfALargeFleetAndChangesNothing() throws {
    let fleet = try Setup(devices: 3000)
    defer { discard(fleet.store) }
    try fleet.store.write { tx in
      var devices = try tx.devices(ids: fleet.ids)
      for n in devices.indices {
        let index = Int(devices[n].id.suffix(8), radix: 16) ?? 0
        devices[n].firmwareVersion = index % 3 == 0 ? 2 : 1
        if index % 10 == 0 { devices[n].groups = ["beta"] }
        if index % 100 == 1 { devices[n].development = true }
      }
      try tx.save(devices)
    }
    _ = try fleet.connect(0, running: 3)
    try fleet.release(3, to: .groups(["beta"]))
    let before = try fleet.store.read { tx in
      try tx.load(StateFiles.productFirmware(FirmwareReleaseTests.product))
    }
    let preview = try fleet.release(2, to: .productDefault, dryRun: true)
    // Not the runners of 2 (a third), not beta's 300 (they keep 3), not the 30 development ones.
    let expected = (0..<3000).filter { $0 % 3 != 0 && $0 % 10 != 0 && $0 % 100 != 1 }.count
    #expect(preview.impacted.count == expected)
    #expect(preview.impacted.allSatisfy { $0.targeted == 2 && $0.running == 1 })
    #expect(
      try fleet.store.read { tx in
        try tx.load(StateFiles.productFirmware(FirmwareReleaseTests.product))
      } == before)
  }

  @Test func theHandshakeUpdatesADeviceToItsTargetOrRecordsAFailure() throws {
    let fleet = try Setup()
    defer { discard(fleet.store) }
    _ = try fleet.connect(0, running: 2)
    try fleet.release(2, to: .productDefault)
    let updated = try fleet.connect(1, running: 1)
    #expect(updated.firmwareVersion == 2)
    #expect(updated.lastOTA == OTAOutcome(version: 2, status: .success, at: testNow))
    let failed = try fleet.connect(2, running: 1, failing: true)
    #expect(failed.firmwareVersion == 1)
    #expect(failed.lastOTA?.status == .failed)
    try fleet.edit(3) { $0.development = true }
    #expect(try fleet.connect(3, running: 1).firmwareVersion == 1)
    let rollout = try fleet.store.read { tx in
      try Firmware.status(2, product: "10001", by: fleet.actor, in: tx)
    }
    #expect(
      rollout.devices.map { $0.state } == [.running, .running, .failed]
        && rollout.targeted == 3 && rollout.running == 2 && rollout.failed == 1
        && rollout.waiting == 0)
  }

  @Test func aLockNeedsAnUploadedVersionAndFlashesAnOnlineDeviceNow() throws {
    let fleet = try Setup()
    defer { discard(fleet.store) }
    #expect(throws: PconError.firmwareVersionNotFound(9, product: "widgets")) {
      try fleet.store.write { tx in
        try Firmware.lock(fleet.ids[0], to: 9, flashNow: false, by: fleet.actor, in: tx)
      }
    }
    let offline = try fleet.store.write { tx in
      try Firmware.lock(fleet.ids[0], to: 3, flashNow: true, by: fleet.actor, in: tx)
    }
    #expect(!offline.flashed && offline.device.firmwareVersion == nil)
    _ = try fleet.connect(1, running: 1)
    let online = try fleet.store.write { tx in
      try Firmware.lock(fleet.ids[1], to: 3, flashNow: true, by: fleet.actor, in: tx)
    }
    #expect(online.flashed && online.device.firmwareVersion == 3)
    // The offline one gets its lock at its next handshake.
    #expect(try fleet.connect(0, running: 1).firmwareVersion == 3)
  }

  /// `firmware target` reads one device's shard and its product's files, whatever the fleet.
  @Test func aTargetCostsOneDevice() throws {
    func filesRead(_ count: Int) throws -> Int {
      let fleet = try Setup(devices: count)
      defer { discard(fleet.store) }
      return try fleet.store.read { tx in
        _ = try Firmware.target(fleet.ids[0], by: fleet.actor, in: tx)
        return tx.filesRead
      }
    }
    let small = try filesRead(10)
    #expect(small == (try filesRead(2000)))
    #expect(small <= 6)
  }

  @Test func aGroupReleaseReadsTheGroupNotItsDevices() throws {
    // A group of 100 in fleets of 200 and 2,000: the same files read, none of them a shard.
    func cost(_ count: Int) throws -> (files: Int, impacted: Int) {
      let fleet = try Setup(devices: count)
      defer { discard(fleet.store) }
      try fleet.store.write { tx in
        var devices = try tx.devices(ids: Array(fleet.ids.prefix(100)))
        for n in devices.indices {
          devices[n].groups = ["alpha"]
          devices[n].firmwareVersion = n == 0 ? 2 : 1
        }
        try tx.save(devices)
      }
      return try fleet.store.read { tx in
        let release = try Firmware.release(
          2, product: "10001", to: .groups(["alpha"]), dryRun: true, by: fleet.actor, in: tx)
        return (tx.filesRead, release.impacted.count)
      }
    }
    let small = try cost(200)
    let large = try cost(2000)
    #expect(small.impacted == 99 && large.impacted == 99)
    #expect(small.files == large.files && small.files < 20, "\(small) \(large)")
  }
}
