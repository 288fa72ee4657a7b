import Foundation
import Testing

@testable import PconCore

/// Device groups: the rules of their names, membership kept on the device records with a
/// per-group index derived from them, and what deleting a group takes with it.
@Suite struct GroupsTests {
  /// Product 10001 (Borons) of `owner` with devices 1 to `devices`, a View-only member, a
  /// Developer, an API user holding only `groups:list`, and product 10002 with device 9001.
  struct World {
    let store = temporaryStore()
    let owner: Actor
    let viewer: Actor
    let developer: Actor
    let reader: Actor

    init(devices: Int = 4) throws {
      let made = try store.write { tx -> [Actor] in
        func person(_ name: String) throws -> Actor {
          .person(
            try Accounts.create(email: "\(name)@example.com", name: nil, in: tx, random: counter))
        }
        let owner = try person("owner")
        let viewer = try person("viewer")
        let developer = try person("developer")
        // On the growth plan, so a fleet of thousands fits.
        _ = try Orgs.create(name: "Acme", blocks: 100, by: owner, in: tx)
        for id in [10001, 10002] {
          _ = try Products.create(
            name: "P\(id)", platform: try Platform.named("boron"), description: nil, org: "acme",
            id: id, by: owner, in: tx)
        }
        for (actor, role) in [(viewer, Role.viewOnly), (developer, .developer)] {
          guard case .person(let account) = actor else { continue }
          _ = try Teams.invite(
            account.email, role: role, product: "10001", org: nil, by: owner, in: tx)
          _ = try Teams.answer("10001", accept: true, by: actor, in: tx)
        }
        let issued = try Teams.createAPIUser(
          "reader", scopes: ["groups:list", "groups:get", "groups:update"], product: "10001",
          org: nil, by: owner, in: tx,
          random: counter)
        let ids = (1...devices).map { deviceHex($0) }.joined(separator: "\n")
        _ = try DeviceImport.run(ids + "\n", into: "10001", by: owner, in: tx)
        _ = try DeviceImport.run(deviceHex(9001) + "\n", into: "10002", by: owner, in: tx)
        _ = try Fleet.rename(deviceHex(1), to: "north", by: owner, in: tx)
        return [owner, viewer, developer, .apiUser(issued.user)]
      }
      (owner, viewer, developer, reader) = (made[0], made[1], made[2], made[3])
    }

    func write<T>(_ body: (Transaction) throws -> T) throws -> T { try store.write(body) }
    func read<T>(_ body: (Transaction) throws -> T) throws -> T { try store.read(body) }

    func create(_ name: String) throws {
      _ = try write { tx in
        try Groups.create(
          name, product: "10001", description: nil, color: nil, by: developer, in: tx)
      }
    }

    func groups(of device: Int) throws -> [String] {
      try read { try $0.device(id: deviceHex(device))?.groups ?? [] }
    }

    func index(_ group: String) throws -> [String] {
      try read { try $0.groupDeviceIDs(10001, group) }
    }

    func doctor() throws -> [String] { try Doctor.check(store).map(\.message) }
  }

  @Test(arguments: [
    "", "Beta", "two words", "a/b", "..", "émile", String(repeating: "g", count: 65), "beta\n",
  ])
  func malformedNamesAreRefusedAsUsage(name: String) throws {
    let world = try World()
    #expect(
      throws: PconError.invalidValue(
        field: .groupName, value: name,
        expected: "1 to 64 lower-case letters, digits, '-' or '_'")
    ) { try world.create(name) }
    #expect(try world.read { try $0.load(StateFiles.productGroups(10001)) }.isEmpty)
  }

  @Test func namesOfSixtyFourAndEveryAllowedCharacterAreAccepted() throws {
    let world = try World()
    try world.create(String(repeating: "g", count: 64))
    try world.create("a-z_0-9")
    #expect(try world.read { try $0.load(StateFiles.productGroups(10001)) }.count == 2)
  }

  @Test func aNameIsUniqueInItsProductOnly() throws {
    let world = try World()
    try world.create("beta")
    #expect(throws: PconError.groupExists("beta", product: "10001")) { try world.create("beta") }
    #expect(PconError.groupExists("beta", product: "10001").kind == .refused)
    _ = try world.write { tx in
      try Groups.create(
        "beta", product: "10002", description: nil, color: nil, by: world.owner, in: tx)
    }
  }

  @Test(arguments: ["red", "#12345", "#1234567", "#GG0000", "2E86DE"])
  func coloursOtherThanRRGGBBAreRefused(color: String) throws {
    let world = try World()
    #expect(
      throws: PconError.invalidValue(
        field: .groupColor, value: color, expected: "#RRGGBB, six hexadecimal digits")
    ) {
      _ = try world.write { tx in
        try Groups.create(
          "beta", product: "10001", description: nil, color: color, by: world.owner, in: tx)
      }
    }
  }

  @Test func addAndRemoveAreIdempotentAndKeepGroupsSortedAndUnique() throws {
    let world = try World()
    try world.create("beta")
    try world.create("alpha")
    let first = try world.write { tx in
      try Groups.add(
        ["north", deviceHex(2), deviceHex(1)], to: "beta", product: "10001", by: world.developer,
        in: tx)
    }
    #expect(first.changed.map(\.id) == [deviceHex(1), deviceHex(2)])
    #expect(first.unchanged.isEmpty)
    let again = try world.write { tx in
      try Groups.add(
        [deviceHex(2), deviceHex(3)], to: "beta", product: "10001", by: world.developer, in: tx)
    }
    #expect(again.changed.map(\.id) == [deviceHex(3)])
    #expect(again.unchanged.map(\.id) == [deviceHex(2)])
    _ = try world.write { tx in
      try Groups.add(["north"], to: "alpha", product: "10001", by: world.developer, in: tx)
    }
    #expect(try world.groups(of: 1) == ["alpha", "beta"])
    #expect(try world.index("beta") == [deviceHex(1), deviceHex(2), deviceHex(3)])

    let removed = try world.write { tx in
      try Groups.remove(
        ["north", deviceHex(4)], from: "beta", product: "10001", by: world.developer, in: tx)
    }
    #expect(removed.changed.map(\.id) == [deviceHex(1)])
    #expect(removed.unchanged.map(\.id) == [deviceHex(4)])
    #expect(try world.groups(of: 1) == ["alpha"])
    #expect(try world.index("beta") == [deviceHex(2), deviceHex(3)])
    #expect(try world.index("alpha") == [deviceHex(1)])
    #expect(try world.doctor() == [])
  }

  @Test func onlyAdmittedMembersOfTheProductJoin() throws {
    let world = try World()
    try world.create("beta")
    func add(_ reference: String) throws {
      _ = try world.write { tx in
        try Groups.add([reference], to: "beta", product: "10001", by: world.owner, in: tx)
      }
    }
    #expect(
      throws: PconError.deviceNotInProduct(deviceHex(9001), product: "p10001", quarantined: false)
    ) { try add(deviceHex(9001)) }
    #expect(throws: PconError.deviceNotFound("nowhere")) { try add("nowhere") }
    // A device waiting in the quarantine is not yet a member.
    try world.write { tx in
      var waiting = Device(id: deviceHex(77), platformID: 13, owner: nil)
      waiting.productID = 10001
      waiting.quarantined = true
      try tx.save(waiting)
    }
    #expect(
      throws: PconError.deviceNotInProduct(deviceHex(77), product: "p10001", quarantined: true)
    ) { try add(deviceHex(77)) }
    // A refused device anywhere in the list leaves every device as it was.
    #expect(throws: PconError.deviceNotFound("nowhere")) {
      _ = try world.write { tx in
        try Groups.add(["north", "nowhere"], to: "beta", product: "10001", by: world.owner, in: tx)
      }
    }
    #expect(try world.groups(of: 1).isEmpty)
    #expect(try world.index("beta").isEmpty)
    #expect(throws: PconError.groupNotFound("gamma", product: "10001")) {
      _ = try world.write { tx in
        try Groups.add(["north"], to: "gamma", product: "10001", by: world.owner, in: tx)
      }
    }
  }

  @Test func viewersAndScopedAPIUsersReadButOnlyDevelopersManage() throws {
    let world = try World()
    try world.create("beta")
    for reader in [world.viewer, world.reader] {
      #expect(try world.read { try Groups.list(product: "10001", by: reader, in: $0) }.count == 1)
      _ = try world.read { try Groups.show("beta", product: "10001", by: reader, in: $0) }
    }
    #expect(
      throws: PconError.roleRequired(needed: "Developer", scope: "product 10001", has: "View-only")
    ) {
      _ = try world.write { tx in
        try Groups.add(["north"], to: "beta", product: "10001", by: world.viewer, in: tx)
      }
    }
    // Particle's scopes, one per kind of change: updating a group is not deleting it.
    #expect(throws: PconError.scopeRequired("groups:remove")) {
      _ = try world.write { tx in
        try Groups.delete("beta", product: "10001", by: world.reader, in: tx)
      }
    }
    #expect(throws: PconError.scopeRequired("groups:create")) {
      _ = try world.write { tx in
        try Groups.create(
          "gamma", product: "10001", description: nil, color: nil, by: world.reader, in: tx)
      }
    }
    #expect(try world.index("beta").isEmpty)
  }

  @Test func deletingAGroupTakesItOffItsDevicesAndItsReleases() throws {
    let world = try World()
    try world.create("beta")
    try world.create("alpha")
    _ = try world.write { tx in
      _ = try Groups.add(
        ["north", deviceHex(2)], to: "beta", product: "10001", by: world.owner, in: tx)
      _ = try Groups.add([deviceHex(2)], to: "alpha", product: "10001", by: world.owner, in: tx)
      // Uploaded binaries: the doctor holds every version to one it stores.
      let binary = ModuleBuilder(platformID: 13, productID: 13, productVersion: 2).build()
      var released = FirmwareVersion(
        version: 2, title: "two", size: binary.count,
        sha256: try FirmwareBinaries.store(binary, in: tx),
        platformID: 13, uploadedAt: tx.now, uploadedBy: "owner@example.com")
      released.groups = ["alpha", "beta"]
      released.releasedAt = tx.now
      var other = released
      other.version = 3
      other.groups = ["alpha"]
      tx.save(StateFiles.productFirmware(10001), [released, other])
    }
    let deletion = try world.write { tx in
      try Groups.delete("beta", product: "10001", by: world.developer, in: tx)
    }
    #expect(deletion.devices == 2 && deletion.releases == [2])
    #expect(try world.groups(of: 1).isEmpty)
    #expect(try world.groups(of: 2) == ["alpha"])
    #expect(try world.index("beta").isEmpty)
    #expect(try world.index("alpha") == [deviceHex(2)])
    let versions = try world.read { try $0.load(StateFiles.productFirmware(10001)) }
    #expect(versions.map(\.groups) == [["alpha"], ["alpha"]])
    #expect(
      try world.read { try $0.load(StateFiles.productGroups(10001)) }.map(\.name) == ["alpha"])
    #expect(try world.doctor() == [])
  }

  /// The index follows every device write, not only the group rules: a device that leaves its
  /// product leaves its groups' indexes too.
  @Test func theGroupIndexFollowsADeviceLeavingItsProduct() throws {
    let world = try World()
    try world.create("beta")
    _ = try world.write { tx in
      try Groups.add(
        ["north", deviceHex(2)], to: "beta", product: "10001", by: world.owner, in: tx)
    }
    _ = try world.write { tx in
      try Products.remove(deviceHex(2), from: "10001", by: world.owner, in: tx)
    }
    #expect(try world.index("beta") == [deviceHex(1)])
    #expect(try world.doctor() == [])
  }

  @Test func theDoctorFindsAnIndexThatDisagreesWithTheDevices() throws {
    let world = try World()
    try world.create("beta")
    _ = try world.write { tx in
      try Groups.add(["north"], to: "beta", product: "10001", by: world.owner, in: tx)
    }
    try world.write { tx in
      let member = { (id: String) in GroupMember(Device(id: id, platformID: 13, owner: nil)) }
      tx.save(StateFiles.groupIndex(10001, "beta"), [member(deviceHex(2))])
      tx.save(StateFiles.groupIndex(10001, "ghost"), [member(deviceHex(3))])
    }
    let problems = try world.doctor()
    #expect(
      problems.contains {
        $0.contains("lists device \(deviceHex(2)), which is not in group 'beta'")
      })

    #expect(
      problems.contains { $0.contains("indexes group 'ghost', which product 10001 does not have") })
    #expect(
      problems.contains {
        $0.contains("device \(deviceHex(1)) is in group 'beta' but missing from its index")
      })
  }

  @Test func theDoctorFindsAGroupEntryThatNoLongerMatchesItsDevice() throws {
    let world = try World()
    try world.create("beta")
    _ = try world.write { tx in
      try Groups.add(["north"], to: "beta", product: "10001", by: world.owner, in: tx)
    }
    try world.write { tx in
      // The member as if it ran version 9: a release would decide on what is not so.
      var stale = try #require(try tx.device(id: deviceHex(1)))
      stale.firmwareVersion = 9
      tx.save(StateFiles.groupIndex(10001, "beta"), [GroupMember(stale)])
    }
    let problems = try world.doctor()
    #expect(
      problems.contains {
        $0.contains("keeps device \(deviceHex(1)) otherwise than its record says")
      }, "\(problems)")
  }

  @Test func aGroupIndexPathIsAStateFileOnlyForAValidName() {
    #expect(StateLayout.isStateFile("group-devices/10001-beta_2-x.json"))
    for path in [
      "group-devices/beta.json", "group-devices/10001-.json", "group-devices/10001-Beta.json",
      "group-devices/x1-beta.json", "group-devices/10001-a.b.json",
    ] {
      #expect(!StateLayout.isStateFile(path), "\(path)")
    }
  }

  /// Reading a group (show, or a product's device list filtered to it) costs the group: the
  /// same files whether the rest of the product holds nothing or four times as many devices.
  @Test func readingAGroupCostsTheGroupNotTheFleet() throws {
    func cost(fleet: Int) throws -> (show: Int, list: Int, product: Int) {
      let world = try World(devices: fleet)
      defer { discard(world.store) }
      try world.create("big")
      _ = try world.write { tx in
        try Groups.add(
          (1...1000).map { deviceHex($0) }, to: "big", product: "10001", by: world.owner, in: tx)
      }
      let show = try world.read { tx in
        (try Groups.show("big", product: "10001", by: world.owner, in: tx).1.count, tx.filesRead)
      }
      var query = DeviceQuery()
      query.groups = ["big"]
      let list = try world.read { tx in
        (
          try Products.devices("10001", query: query, quarantined: false, by: world.owner, in: tx)
            .count, tx.filesRead
        )
      }
      #expect(show.0 == 1000 && list.0 == 1000)
      let product = try world.read { tx in
        _ = try Products.devices(
          "10001", query: DeviceQuery(), quarantined: false, by: world.owner, in: tx)
        return tx.filesRead
      }
      return (show.1, list.1, product)
    }
    let alone = try cost(fleet: 1000)
    let inLarger = try cost(fleet: 5000)
    #expect(alone.show == inLarger.show && alone.list == inLarger.list)
    // The whole product's list reads many more shards than the group's.
    #expect(inLarger.product > inLarger.list + 1000, "\(inLarger)")
  }
}
