import Testing

@testable import PconCore

/// The cmd box: the result code Tracker Edge returns for each command, what the device does
/// about it, and that every call is one data operation charged to the device's payer.
@Suite struct TrackerCommandTests {
  @Test(arguments: [
    (#"{"cmd":"get_loc"}"#, 0), (#"{"cmd":"enter_shipping"}"#, 0), (#"{"cmd":"reset"}"#, 0),
    (#"{"cmd":"get_cfg"}"#, 0), (#"{"cmd":"get_cfg","cfg":{"location":{}}}"#, 0),
    (#"{"cmd":"set_cfg","cfg":{"location":{"radius":151},"sleep":{"mode":"enable"}}}"#, 0),
    (#"{"cmd":"reset_to_factory"}"#, 0),
    ("", -22), ("get_loc", -22), (#"["get_loc"]"#, -22), (#"{"command":"get_loc"}"#, -22),
    (#"{"cmd":7}"#, -22), (#"{"cmd":"set_cfg"}"#, -22), (#"{"cmd":"set_cfg","cfg":[1]}"#, -22),
    (#"{"cmd":"get_cfg","cfg":"location"}"#, -22),
    (#"{"cmd":"reboot"}"#, -2), (#"{"cmd":"GET_LOC"}"#, -2), (#"{"cmd":""}"#, -2),
    (#"{"cmd":"set_cfg","cfg":{"location":{},"engine":{}}}"#, -19),
    (#"{"cmd":"get_cfg","cfg":{"nope":{}}}"#, -19),
  ])
  func theResultIsWhatTheFirmwareReturns(_ argument: String, _ code: Int) {
    #expect(TrackerCommand.decide(argument).0.rawValue == code)
  }

  /// Tracker product 10003 with t1 (online), t2 (offline) and t3 (online, running the
  /// catalogue's Tracker Edge v12), Boron product 10001 with b1 (online); all ada's.
  struct World {
    let store = temporaryStore()
    let ada: Actor

    init() throws {
      ada = try store.write { tx in
        let ada = try trackerFleet(trackers: [1, 2, 3], borons: [9], in: tx)
        for n in [1, 9] { _ = try Fleet.connect(deviceHex(n), handshake: .init(), by: ada, in: tx) }
        _ = try Fleet.connect(deviceHex(3), handshake: .init(firmwareVersion: 12), by: ada, in: tx)
        return ada
      }
    }

    func call(_ device: Int, _ argument: String) throws -> Int {
      try store.write { tx in
        try TrackerCommand.call(deviceHex(device), argument: argument, by: ada, in: tx).rawValue
      }
    }

    func device(_ n: Int) throws -> Device {
      try #require(try store.read { tx in try tx.devices(ids: [deviceHex(n)]).first })
    }

    /// The names and data of the product's events, oldest first.
    func events() throws -> [(String, String)] {
      try store.read { tx in
        var all: [(String, String)] = []
        try EventQuery(stream: .product(id: 10003)).run(in: tx) { match in
          all.append((match.event.name, match.event.data))
        }
        return all
      }
    }
  }

  @Test func getLocPublishesTheLastLocationNowWithTriggerImm() throws {
    let world = try World()
    try world.store.write { tx in
      _ = try Events.publish(
        name: "loc", data: #"{"cmd":"loc","loc":{"lat":47.6,"lon":-122.3,"time":1}}"#, ttl: 60,
        device: deviceHex(1), by: world.ada, in: tx)
    }
    #expect(try world.call(1, #"{"cmd":"get_loc"}"#) == 0)
    let (name, data) = try #require(try world.events().last)
    #expect(name == "loc" && data.contains(#""trig":["imm"]"#) && data.contains(#""lat":47.6"#))
    let location = try #require(try world.device(1).location)
    #expect(location.time == testNow && location.latitude == 47.6)
    // A tracker that never had a fix reports the default place.
    try world.store.write { tx in
      _ = try Fleet.connect(deviceHex(2), handshake: .init(), by: world.ada, in: tx)
    }
    #expect(try world.call(2, #"{"cmd":"get_loc"}"#) == 0)
    #expect(try world.device(2).location?.latitude == TrackerCommand.defaultLocation.latitude)
  }

  @Test func enterShippingTakesTheDeviceOffline() throws {
    let world = try World()
    #expect(try world.call(1, #"{"cmd":"enter_shipping"}"#) == 0)
    #expect(try !world.device(1).online)
    #expect(try world.events().last.map { "\($0.0) \($0.1)" } == "spark/status offline")
    // Powered off in shipping mode: it answers nothing until it connects again.
    #expect(throws: PconError.deviceInShippingMode(deviceHex(1))) {
      try world.call(1, #"{"cmd":"get_loc"}"#)
    }
  }

  @Test func resetReconnectsOnV13OrLaterAndIsUnknownBefore() throws {
    let world = try World()
    #expect(try world.call(1, #"{"cmd":"reset"}"#) == 0)
    #expect(try world.device(1).online)
    #expect(
      try world.events().suffix(2).map { "\($0.0) \($0.1)" }
        == ["spark/status offline", "spark/status online"])
    let before = try world.events().count
    #expect(try world.call(3, #"{"cmd":"reset"}"#) == -2)
    #expect(try world.events().count == before)
    #expect(try world.device(3).online)
  }

  @Test func everyCallIsOneDataOperationWhateverItReturns() throws {
    let world = try World()
    for argument in [#"{"cmd":"get_cfg"}"#, "nonsense", #"{"cmd":"nope"}"#] {
      _ = try world.call(1, argument)
    }
    #expect(try world.device(1).usage?.counter.dataOperations == 3)
    // get_loc is the call plus the `loc` publish it makes.
    _ = try world.call(1, #"{"cmd":"get_loc"}"#)
    #expect(try world.device(1).usage?.counter.dataOperations == 5)
  }

  @Test func onlyOnlineTrackersAnswer() throws {
    let world = try World()
    #expect(throws: PconError.deviceOffline(deviceHex(2))) {
      try world.call(2, #"{"cmd":"get_cfg"}"#)
    }
    #expect(throws: PconError.notATracker("device \(deviceHex(9))", platform: "boron")) {
      try world.call(9, #"{"cmd":"get_cfg"}"#)
    }
    #expect(try world.device(2).usage == nil && world.device(9).usage == nil)
    #expect(throws: PconError.self) {
      try world.call(1, #"{"cmd":"get_cfg","pad":""# + String(repeating: "x", count: 1024) + "\"}")
    }
  }

  @Test func someoneOffTheTeamCannotCall() throws {
    let world = try World()
    let viewer = try world.store.write { tx in
      let account = try Accounts.create(
        email: "vic@example.com", name: nil, in: tx, random: counter)
      return Actor.person(account)
    }
    #expect(throws: PconError.self) {
      try world.store.write { tx in
        try TrackerCommand.call(
          deviceHex(1), argument: #"{"cmd":"get_loc"}"#, by: viewer, in: tx)
      }
    }
    #expect(try world.events().allSatisfy { $0.0 != "loc" })
  }
}
