import Foundation
import Testing

@testable import PconCore

/// `tracker map`'s rules: each filter (near, within across the antimeridian too, since/until,
/// device, group, name), the tracks from the log, great-circle distance and the movement
/// profiles simulate uses.
@Suite struct FleetMapTests {
  /// Tracker product 10003: sea-truck (Seattle, 20 Nov), sea-van (2 km away, 25 Nov, group
  /// vans), fiji-boat (179.9° E, 10 Nov), samoa-boat (172° W, 26 Nov), and nowhere (no fix);
  /// Boron product 10001.
  struct World {
    let store = temporaryStore()
    let ada: Actor
    static let places: [(name: String, lat: Double, lon: Double, day: String)] = [
      ("sea-truck", 47.6062, -122.3321, "2026-11-20"),
      ("sea-van", 47.6205, -122.3493, "2026-11-25"),
      ("fiji-boat", -17.7, 179.9, "2026-11-10"), ("samoa-boat", -13.8, -172.0, "2026-11-26"),
      ("nowhere", 0, 0, ""),
    ]

    init() throws {
      ada = try store.write { tx in
        let ada = try trackerFleet(trackers: [1, 2, 3, 4, 5], borons: [], in: tx)
        _ = try Groups.create(
          "vans", product: "10003", description: nil, color: nil, by: ada, in: tx)
        _ = try Groups.add([deviceHex(2)], to: "vans", product: "10003", by: ada, in: tx)
        for (index, place) in Self.places.enumerated() {
          _ = try Fleet.rename(deviceHex(index + 1), to: place.name, by: ada, in: tx)
          guard let day = Timestamp(iso8601: place.day + "T12:00:00Z") else { continue }
          try Self.publish(place.lat, place.lon, at: day, device: index + 1, by: ada, in: tx)
        }
        return ada
      }
    }

    static func publish(
      _ lat: Double, _ lon: Double, at time: Timestamp, device: Int, by actor: Actor,
      in tx: Transaction
    ) throws {
      _ = try Events.publish(
        name: "loc",
        data: Location(latitude: lat, longitude: lon, time: time).locData(triggers: ["time"]),
        ttl: 60, device: deviceHex(device), by: actor, in: tx)
    }

    func names(_ configure: (inout FleetMap.Query) -> Void) throws -> [String] {
      try entries(configure).map { $0.device.name ?? "" }
    }

    func entries(_ configure: (inout FleetMap.Query) -> Void) throws -> [FleetMap.Entry] {
      var query = FleetMap.Query()
      configure(&query)
      return try store.read { tx in try FleetMap.locate(product: "10003", query, by: ada, in: tx) }
    }
  }

  static func at(_ text: String) -> Timestamp? { Timestamp(iso8601: text) }

  @Test func everyDeviceWithAFixIsListedByName() throws {
    #expect(
      try World().names { _ in } == ["fiji-boat", "samoa-boat", "sea-truck", "sea-van"])
  }

  @Test func nearKeepsThoseWithinTheRadiusNearestFirst() throws {
    let world = try World()
    #expect(
      try world.names { $0.area = .circle(latitude: 47.6062, longitude: -122.3321, radius: 1000) }
        == ["sea-truck"])
    let both = try world.entries {
      $0.area = .circle(latitude: 47.6205, longitude: -122.3493, radius: 5000)
    }
    #expect(both.map(\.device.name) == ["sea-van", "sea-truck"])
    let apart = try #require(both.last?.distance)
    #expect(abs(apart - Geo.distance(47.6062, -122.3321, 47.6205, -122.3493)) < 0.001)
    #expect((1900...2100).contains(apart))
    // A circle around Fiji reaches across the antimeridian to Samoa's side only when big enough.
    #expect(
      try world.names { $0.area = .circle(latitude: -17.7, longitude: -179.9, radius: 30_000) }
        == ["fiji-boat"])
  }

  @Test func withinKeepsABoxAndOneAcrossTheAntimeridian() throws {
    let world = try World()
    #expect(
      try world.names { $0.area = .box(south: 47, west: -123, north: 48, east: -122) }
        == ["sea-truck", "sea-van"])
    #expect(
      try world.names { $0.area = .box(south: -20, west: 179, north: -10, east: -171) }
        == ["fiji-boat", "samoa-boat"])
    // The same longitudes the other way round are the rest of the world, without the two.
    #expect(
      try world.names { $0.area = .box(south: -20, west: -171, north: -10, east: 179) }.isEmpty)
  }

  @Test func sinceAndUntilKeepLastFixesInTheWindow() throws {
    let world = try World()
    #expect(
      try world.names { $0.since = Self.at("2026-11-21T00:00:00Z") } == ["samoa-boat", "sea-van"])
    #expect(try world.names { $0.until = Self.at("2026-11-15T00:00:00Z") } == ["fiji-boat"])
    #expect(
      try world.names {
        $0.since = Self.at("2026-11-20T12:00:00Z")
        $0.until = Self.at("2026-11-20T12:00:00Z")
      } == ["sea-truck"])
  }

  @Test func deviceGroupAndNameNarrowIt() throws {
    let world = try World()
    #expect(try world.names { $0.devices = ["sea-van"] } == ["sea-van"])
    #expect(try world.names { $0.devices = [deviceHex(3).uppercased()] } == ["fiji-boat"])
    #expect(
      try world.names { $0.devices = ["sea-van", "fiji-boat", "sea-van"] } == [
        "fiji-boat", "sea-van",
      ])
    #expect(try world.names { $0.group = "vans" } == ["sea-van"])
    #expect(try world.names { $0.name = "BOAT" } == ["fiji-boat", "samoa-boat"])
    #expect(try world.names { $0.devices = ["nowhere"] }.isEmpty)
    #expect(throws: PconError.deviceNotFound("ghost")) {
      try world.names { $0.devices = ["ghost"] }
    }
    #expect(throws: PconError.groupNotFound("cars", product: "10003")) {
      try world.names { $0.group = "cars" }
    }
  }

  @Test func onlyTrackerProductsHaveAMap() throws {
    let world = try World()
    #expect(throws: PconError.notATracker("product 10001", platform: "boron")) {
      try world.store.read { tx in
        try FleetMap.locate(product: "10001", FleetMap.Query(), by: world.ada, in: tx)
      }
    }
  }

  @Test func aTrackIsTheDevicesLocEventsInTheWindowOldestFirst() throws {
    let world = try World()
    try world.store.write { tx in
      for (hour, lat) in [(13, 47.61), (14, 47.62), (15, 47.63)] {
        try World.publish(
          lat, -122.33, at: try #require(Self.at("2026-11-20T\(hour):00:00Z")), device: 1,
          by: world.ada, in: tx)
      }
      // Another device's malformed loc is only an event.
      _ = try Events.publish(
        name: "loc", data: "{oops", ttl: 60, device: deviceHex(2), by: world.ada, in: tx)
    }
    let all = try world.entries {
      $0.devices = ["sea-truck"]
      $0.track = true
    }
    #expect(all.first?.track.map(\.latitude) == [47.6062, 47.61, 47.62, 47.63])
    #expect(all.first?.location.latitude == 47.63)
    let recent = try world.entries {
      $0.track = true
      $0.since = Self.at("2026-11-20T13:30:00Z")
    }
    #expect(
      recent.first { $0.device.name == "sea-truck" }?.track.map(\.latitude) == [47.62, 47.63])
    #expect(recent.first { $0.device.name == "sea-van" }?.track.count == 1)
  }

  @Test func greatCircleDistanceIsHaversines() {
    #expect(abs(Geo.distance(0, 0, 0, 1) - 111_195.08) < 0.01)
    #expect(abs(Geo.distance(0, 179.5, 0, -179.5) - 111_195.08) < 0.01)
    #expect(abs(Geo.distance(90, 0, -90, 0) - Geo.earthRadius * .pi) < 0.001)
  }

  @Test(arguments: [(Movement.walking, 1.4), (Movement.driving, 14.0)])
  func aMovingTrackerGoesItsSpeedAlongAStraightLeg(_ movement: Movement, _ speed: Double) {
    for tick in Int64(1)...10 {
      let point = movement.position(
        from: 47.6, -122.3, tick: tick, everySeconds: 60, seed: deviceHex(1))
      let travelled = Geo.distance(47.6, -122.3, point.latitude, point.longitude)
      #expect(abs(travelled - speed * 60 * Double(tick)) < 0.5)
    }
  }

  @Test func movementIsDeterministicPerDeviceAndLoopsHome() {
    let here = Movement.driving.position(
      from: 47.6, -122.3, tick: 17, everySeconds: 300, seed: deviceHex(1))
    let again = Movement.driving.position(
      from: 47.6, -122.3, tick: 17, everySeconds: 300, seed: deviceHex(1))
    let other = Movement.driving.position(
      from: 47.6, -122.3, tick: 17, everySeconds: 300, seed: deviceHex(2))
    #expect(here == again && here != other)
    let home = Movement.walking.position(
      from: 47.6, -122.3, tick: 40, everySeconds: 60, seed: deviceHex(1))
    #expect(Geo.distance(47.6, -122.3, home.latitude, home.longitude) < 1)
    let still = Movement.stationary.position(
      from: 47.6, -122.3, tick: 1000, everySeconds: 60, seed: deviceHex(1))
    #expect(still == (47.6, -122.3))
  }
}
