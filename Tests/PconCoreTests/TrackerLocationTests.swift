import Foundation
import Testing

@testable import PconCore

/// How a tracker's `loc` events become its last known location: Particle's own examples are
/// read, hostile data is stored as an event but never as a location, and only trackers keep one.
@Suite struct TrackerLocationTests {
  static let fixtureDirectory = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
    .appendingPathComponent("../Fixtures/tracker").standardized.path
  static let publishedAt = testNow

  static func fixture(_ name: String) throws -> String {
    try String(contentsOfFile: fixtureDirectory + "/" + name, encoding: .utf8)
  }

  @Test func particlesExamplesAreLocations() throws {
    let docs = try #require(
      Location(
        locData: try Self.fixture("loc-particle-docs-cloud-api-reference.json"),
        publishedAt: Self.publishedAt))
    #expect(docs.latitude == 37.295945 && docs.longitude == -121.98683)
    #expect(docs.time == Timestamp(millisecondsSince1970: 1_584_484_333_000))
    #expect(docs.battery == 98.8 && docs.temperature == nil)
    let console = try #require(
      Location(
        locData: try Self.fixture("loc-particle-docs-console-209-bytes.json"),
        publishedAt: Self.publishedAt))
    #expect(console.latitude == 42.46973211 && console.longitude == -75.06480125)
    let speed = try #require(
      Location(
        locData: try Self.fixture("loc-speed-particle-docs-tracker-edge-firmware.json"),
        publishedAt: Self.publishedAt))
    #expect(speed.time == Timestamp(millisecondsSince1970: 1_592_486_563_000))
  }

  @Test func aFixWithoutLockIsNoLocation() throws {
    #expect(
      Location(
        locData: try Self.fixture("loc-cb-towers-particle-docs-cloud-api-reference.json"),
        publishedAt: Self.publishedAt) == nil)
  }

  @Test(arguments: [
    "", "not json", "[1,2]", #"{"cmd":"loc"}"#, #"{"cmd":"cfg","loc":{"lat":1,"lon":2}}"#,
    #"{"loc":{"lat":1,"lon":2}}"#, #"{"cmd":"loc","loc":[1,2]}"#,
    #"{"cmd":"loc","loc":{"lat":"47.6","lon":"-122.3"}}"#,
    #"{"cmd":"loc","loc":{"lat":91,"lon":0}}"#, #"{"cmd":"loc","loc":{"lat":0,"lon":-180.5}}"#,
    #"{"cmd":"loc","loc":{"lat":1e999,"lon":0}}"#, #"{"cmd":"loc","loc":{"lat":null,"lon":0}}"#,
    #"{"cmd":"loc","loc":{"lck":0,"lat":10,"lon":10}}"#, #"{"cmd":"loc","loc":{"lat":10}}"#,
  ])
  func hostileDataIsNoLocation(_ data: String) {
    #expect(Location(locData: data, publishedAt: Self.publishedAt) == nil)
  }

  @Test func anInsaneTimeOrReadingFallsBackOrIsDropped() throws {
    let location = try #require(
      Location(
        locData:
          #"{"cmd":"loc","time":-5,"loc":{"lat":1,"lon":2,"time":1e300,"temp":900,"batt":-3}}"#,
        publishedAt: Self.publishedAt))
    #expect(location.time == Self.publishedAt)
    #expect(location.temperature == nil && location.battery == nil)
    let kept = try #require(
      Location(
        locData: #"{"cmd":"loc","loc":{"lat":-33.5,"lon":151,"temp":24.5,"batt":55}}"#,
        publishedAt: Self.publishedAt))
    #expect(kept.temperature == 24.5 && kept.battery == 55 && kept.time == Self.publishedAt)
  }

  @Test func whatPconWritesItReadsBack() throws {
    let location = Location(
      latitude: 47.60621234, longitude: -122.33207654,
      time: Timestamp(millisecondsSince1970: 1_793_491_200_000), temperature: 21.5, battery: 80)
    let data = location.locData(triggers: ["imm"])
    #expect(data.contains(#""trig":["imm"]"#))
    #expect(Location(locData: data, publishedAt: Self.publishedAt) == location)
  }

  @Test func theDeviceRecordKeepsALocationOnlyWhenItHasOne() throws {
    var device = Device(id: deviceHex(1), platformID: 26, owner: nil)
    guard case .object(let bare) = device.stored else { return }
    #expect(!bare.contains { $0.0 == "location" })
    device.location = Location(
      latitude: 1.5, longitude: -2.25, time: Self.publishedAt, temperature: 30, battery: nil)
    let again = try Device(stored: JSONObject(device.stored, path: "device"))
    #expect(again.location == device.location)
    var hostile = device.stored
    if case .object(var pairs) = hostile {
      pairs = pairs.map { $0.0 == "location" ? ("location", .object([("lat", .int(95))])) : $0 }
      hostile = .object(pairs)
    }
    #expect(throws: JSONObject.ShapeError.self) {
      try Device(stored: JSONObject(hostile, path: "device"))
    }
  }

  /// A tracker product (10003) with t1, and a Boron product (10001) with b1, owned by ada.
  struct World {
    let store = temporaryStore()
    let ada: Actor

    init() throws {
      ada = try store.write { tx in
        let ada = try trackerFleet(trackers: [1], borons: [2], in: tx)
        return ada
      }
    }

    func publish(_ data: String, as device: Int) throws {
      try store.write { tx in
        _ = try Events.publish(
          name: "loc", data: data, ttl: 60, device: deviceHex(device), by: ada, in: tx)
      }
    }

    func location(of device: Int) throws -> Location? {
      try store.read { tx in try tx.devices(ids: [deviceHex(device)]).first?.location }
    }
  }

  @Test func aTrackersLocPublishIsItsLastLocationAndAnOlderFixIsNot() throws {
    let world = try World()
    try world.publish(
      #"{"cmd":"loc","loc":{"lck":1,"time":1793491200,"lat":47.6,"lon":-122.3,"batt":90}}"#,
      as: 1)
    #expect(try world.location(of: 1)?.latitude == 47.6)
    #expect(try world.location(of: 1)?.battery == 90)
    // A fix from before the one kept (a late, stored-and-forwarded publish) stays history only.
    try world.publish(
      #"{"cmd":"loc","loc":{"lck":1,"time":1793400000,"lat":10,"lon":10}}"#, as: 1)
    #expect(try world.location(of: 1)?.latitude == 47.6)
    try world.publish(#"{"cmd":"loc","loc":{"lat":"x"}}"#, as: 1)
    #expect(try world.location(of: 1)?.latitude == 47.6)
    let logged = try world.store.read { tx in
      var count = 0
      try EventQuery(stream: .product(id: 10003)).run(in: tx) { match in
        if match.event.name == "loc" { count += 1 }
      }
      return count
    }
    #expect(logged == 3)
  }

  @Test func aDeviceOfAnotherPlatformKeepsNoLocation() throws {
    let world = try World()
    try world.publish(#"{"cmd":"loc","loc":{"lat":47.6,"lon":-122.3}}"#, as: 2)
    #expect(try world.location(of: 2) == nil)
  }

  @Test(arguments: Movement.allCases)
  func simulatedTrackersPublishLocEventsFromTheirLastLocation(_ movement: Movement) throws {
    let world = try World()
    try world.publish(#"{"cmd":"loc","loc":{"lat":-33.86,"lon":151.2,"time":1}}"#, as: 1)
    let summary = try world.store.write { tx in
      try Simulation.run(
        Simulation.Request(
          product: nil, devices: [deviceHex(1), deviceHex(2)], everySeconds: 60, forSeconds: 600,
          start: Timestamp(iso8601: "2026-11-26T11:00:00Z"), movement: movement),
        by: world.ada, in: tx)
    }
    #expect(summary.events == 20)
    let location = try #require(try world.location(of: 1))
    let travelled = Geo.distance(-33.86, 151.2, location.latitude, location.longitude)
    // Nine steps of a minute along the first leg.
    #expect(abs(travelled - movement.speed * 60 * 9) < 0.5)
    #expect(location.time == Timestamp(iso8601: "2026-11-26T11:09:00Z"))
    // The Boron publishes the simulation's usual event, and keeps no location.
    #expect(try world.location(of: 2) == nil)
    let names = try world.store.read { tx in
      var names: [String: Int] = [:]
      try EventQuery(stream: .product(id: 10001)).run(in: tx) {
        names[$0.event.name, default: 0] += 1
      }
      return names
    }
    #expect(names["sim"] == 10 && names["loc"] == nil)
  }
}
