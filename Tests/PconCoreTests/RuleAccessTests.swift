import Foundation
import Testing

@testable import PconCore

/// Rules called directly, with no command line in front of them: each authorizes the actor it
/// is given and refuses naming the missing role or scope.
@Suite struct RuleAccessTests {
  /// A product 10001 owned by `owner`, with a View-only and a Developer member, a stranger, an
  /// org `acme` with a View-only member, an API user holding only `devices:list`, a customer
  /// owning device `w1`, and one event from each of two devices.
  struct World {
    let store: StateStore
    let owner: Actor
    let stranger: Actor
    let viewer: Actor
    let developer: Actor
    let orgViewer: Actor
    let apiUser: Actor
    let customer: Actor

    init() throws {
      let store = temporaryStore()
      self.store = store
      let random = counter
      func person(_ name: String, _ tx: Transaction) throws -> Actor {
        .person(
          try Accounts.create(email: "\(name)@example.com", name: nil, in: tx, random: random))
      }
      let made = try store.write { tx in
        let owner = try person("owner", tx)
        let stranger = try person("stranger", tx)
        let viewer = try person("viewer", tx)
        let developer = try person("developer", tx)
        let orgViewer = try person("orgviewer", tx)
        _ = try Products.create(
          name: "Widgets", platform: try Platform.named("boron"), description: nil, org: nil,
          id: 10001, by: owner, in: tx)
        for (name, role, actor) in [
          ("viewer", Role.viewOnly, viewer), ("developer", .developer, developer),
        ] {
          _ = try Teams.invite(
            "\(name)@example.com", role: role, product: "10001", org: nil, by: owner, in: tx)
          _ = try Teams.answer("10001", accept: true, by: actor, in: tx)
        }
        _ = try Orgs.create(name: "Acme", blocks: 1, by: owner, in: tx)
        _ = try Teams.invite(
          "orgviewer@example.com", role: .viewOnly, product: nil, org: "acme", by: owner, in: tx)
        _ = try Teams.answer("acme", accept: true, by: orgViewer, in: tx)
        let issued = try Teams.createAPIUser(
          "bot", scopes: ["devices:list"], product: "10001", org: nil, by: owner, in: tx,
          random: random)
        _ = try DeviceImport.run(
          "\(deviceHex(1))\n\(deviceHex(2))\n", into: "10001", by: owner, in: tx)
        _ = try Fleet.rename(deviceHex(1), to: "w1", by: owner, in: tx)
        _ = try Fleet.rename(deviceHex(2), to: "w2", by: owner, in: tx)
        let customer = try Customers.create(
          "cust@example.com", product: "10001", password: false, by: owner, in: tx)
        _ = try Customers.claim("w1", for: "cust@example.com", product: "10001", by: owner, in: tx)
        for device in ["w1", "w2"] {
          _ = try Events.publish(
            name: "boot", data: "", ttl: 60, device: device, by: owner, in: tx)
        }
        return [
          owner, stranger, viewer, developer, orgViewer, .apiUser(issued.user),
          .customer(customer),
        ]
      }
      (owner, stranger, viewer, developer) = (made[0], made[1], made[2], made[3])
      (orgViewer, apiUser, customer) = (made[4], made[5], made[6])
    }

    func remove() { try? FileManager.default.removeItem(atPath: store.root) }
  }

  @Test func aPersonWithoutARoleIsToldTheProductIsNotThere() throws {
    let world = try World()
    defer { world.remove() }
    try world.store.read { tx in
      #expect(throws: PconError.productNotFound("10001")) {
        try Products.show("10001", by: world.stranger, in: tx)
      }
      #expect(throws: PconError.productNotFound("10001")) {
        try Customers.list(product: "10001", by: world.stranger, in: tx)
      }
      #expect(throws: PconError.productNotFound("10001")) {
        try Events.listing(
          device: nil, product: "10001", filter: EventFilter(), since: nil, until: nil, limit: nil,
          includeCleared: false, by: world.stranger, in: tx)
      }
    }
  }

  @Test func viewOnlyIsRefusedNamingTheRoleNeeded() throws {
    let world = try World()
    defer { world.remove() }
    try world.store.write { tx in
      #expect(
        throws: PconError.roleRequired(
          needed: "Administrator", scope: "product 10001", has: "View-only")
      ) {
        try Teams.invite(
          "stranger@example.com", role: .viewOnly, product: "10001", org: nil, by: world.viewer,
          in: tx)
      }
      #expect(
        throws: PconError.roleRequired(
          needed: "Developer", scope: "product 10001", has: "View-only")
      ) {
        try DeviceImport.run(deviceHex(3), into: "10001", by: world.viewer, in: tx)
      }
      #expect(
        throws: PconError.roleRequired(
          needed: "Developer", scope: "product 10001", has: "View-only")
      ) {
        try Products.setDevelopment("w2", true, by: world.viewer, in: tx)
      }
    }
  }

  @Test func aDeveloperIsRefusedWhatNeedsAnAdministrator() throws {
    let world = try World()
    defer { world.remove() }
    try world.store.write { tx in
      #expect(
        throws: PconError.roleRequired(
          needed: "Administrator", scope: "product 10001", has: "Developer")
      ) {
        try Teams.remove(
          "viewer@example.com", product: "10001", org: nil, by: world.developer, in: tx)
      }
      #expect(
        throws: PconError.roleRequired(
          needed: "Administrator", scope: "product 10001", has: "Developer")
      ) {
        try Products.move("10001", toOrg: "acme", by: world.developer, in: tx)
      }
    }
  }

  @Test func anAPIUserLackingAScopeIsRefusedNamingIt() throws {
    let world = try World()
    defer { world.remove() }
    try world.store.write { tx in
      // No product named: the API user's own product is the default, and its scope is checked.
      #expect(throws: PconError.scopeRequired("events:get")) {
        try Events.listing(
          device: nil, product: nil, filter: EventFilter(), since: nil, until: nil, limit: nil,
          includeCleared: false, by: world.apiUser, in: tx)
      }
      #expect(throws: PconError.scopeRequired("events:send")) {
        try EventIngest.destination(product: nil, by: world.apiUser, in: tx)
      }
      #expect(throws: PconError.scopeRequired("customers:list")) {
        try Customers.list(product: "10001", by: world.apiUser, in: tx)
      }
      #expect(throws: PconError.scopeRequired("events:get")) {
        try Events.find(id: "1", for: world.apiUser, in: tx)
      }
      // People-only rules refuse it outright.
      #expect(throws: PconError.notForActor(world.apiUser.label, needs: Grant.personNeeded)) {
        try Accounts.tokens(by: world.apiUser, in: tx)
      }
      let orgNeeds = "a person with a role in the organization; API users act on products"
      #expect(throws: PconError.notForActor(world.apiUser.label, needs: orgNeeds)) {
        try Orgs.show("acme", by: world.apiUser, in: tx)
      }
    }
  }

  @Test func aCustomerSeesNothingBeyondItsOwnDevices() throws {
    let world = try World()
    defer { world.remove() }
    try world.store.write { tx in
      #expect(throws: PconError.productNotFound("10001")) {
        try Teams.list(product: "10001", org: nil, by: world.customer, in: tx)
      }
      let personOnly = PconError.notForActor(
        "customer cust@example.com of product 10001", needs: "a signed-in person's account")
      #expect(throws: personOnly) {
        try Fleet.claim(
          id: deviceHex(9), platform: try Platform.named("argon"), name: nil, iccid: nil,
          by: world.customer, in: tx)
      }
      #expect(throws: personOnly) {
        try SIMs.list(for: world.customer, in: tx)
      }
      #expect(throws: PconError.deviceNotFound("w2")) {
        try Fleet.show("w2", by: world.customer, in: tx)
      }
      // Its default product is its own, narrowed to its own devices.
      let devices = try Fleet.list(DeviceQuery(), product: nil, by: world.customer, in: tx)
      #expect(devices.map(\.name) == ["w1"])
    }
  }

  @Test func orgReachChecksTheOrgRole() throws {
    let world = try World()
    defer { world.remove() }
    try world.store.write { tx in
      #expect(try Orgs.show("acme", by: world.owner, in: tx).plan != nil)
      // Who may see an org's plan: its Administrators, not every member.
      let seen = try Orgs.show("acme", by: world.orgViewer, in: tx)
      #expect(seen.role == .viewOnly)
      #expect(seen.plan == nil)
      #expect(throws: PconError.orgNotFound("acme")) {
        try Orgs.show("acme", by: world.viewer, in: tx)
      }
      #expect(
        throws: PconError.roleRequired(needed: "Administrator", scope: "org acme", has: "View-only")
      ) {
        try Teams.invite(
          "stranger@example.com", role: .viewOnly, product: nil, org: "acme", by: world.orgViewer,
          in: tx)
      }
      #expect(
        throws: PconError.roleRequired(needed: "Developer", scope: "org acme", has: "View-only")
      ) {
        try Products.create(
          name: "Gadgets", platform: try Platform.named("argon"), description: nil, org: "acme",
          id: nil, by: world.orgViewer, in: tx)
      }
    }
  }

  @Test func theDefaultProductIsDecidedOnceForEveryActor() throws {
    let world = try World()
    defer { world.remove() }
    #expect(Access.defaultProduct(of: world.apiUser) == "10001")
    #expect(Access.defaultProduct(of: world.customer) == "10001")
    #expect(Access.defaultProduct(of: world.owner) == nil)
    try world.store.read { tx in
      // The API user, naming no product, lists its product's devices.
      let devices = try Fleet.list(DeviceQuery(), product: nil, by: world.apiUser, in: tx)
      #expect(Set(devices.map(\.id)) == [deviceHex(1), deviceHex(2)])
    }
  }

  @Test func aOneDeviceListingKnowsOnlyThatDevicesName() throws {
    let world = try World()
    defer { world.remove() }
    try world.store.read { tx in
      let one = try Events.listing(
        device: "w1", product: nil, filter: EventFilter(), since: nil, until: nil, limit: nil,
        includeCleared: false, by: world.owner, in: tx)
      #expect(one.query.deviceNames == [deviceHex(1): "w1"])
      let product = try Events.listing(
        device: nil, product: "10001", filter: EventFilter(), since: nil, until: nil, limit: nil,
        includeCleared: false, by: world.owner, in: tx)
      #expect(product.query.deviceNames == [deviceHex(1): "w1", deviceHex(2): "w2"])
      var ids: [Int64] = []
      try product.read(in: tx) { ids.append($0.id) }
      // Each device came online with its first publish, then booted.
      #expect(ids.count == 4)
    }
  }

  @Test func aTailHandsOverOnlyWhatArrivedSinceItsLastPoll() throws {
    let world = try World()
    defer { world.remove() }
    var tail = try world.store.read { tx in
      try Events.listing(
        device: nil, product: "10001", filter: EventFilter(), since: nil, until: nil, limit: nil,
        includeCleared: false, by: world.owner, in: tx
      ).tail(in: tx)
    }
    func poll() throws -> [String] {
      try world.store.read { tx in
        var names: [String] = []
        try tail.poll(in: tx) { names.append($0.event.name) }
        return names
      }
    }
    #expect(try poll() == [])
    try world.store.write { tx in
      _ = try Events.publish(
        name: "temp", data: "21", ttl: 60, device: "w2", by: world.owner, in: tx)
    }
    #expect(try poll() == ["temp"])
    #expect(try poll() == [])
  }
}
