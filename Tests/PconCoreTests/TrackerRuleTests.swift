import Testing

@testable import PconCore

/// The rules of Asset Tracker settings: validation, presets, per-device values, the sync at the
/// handshake and the estimate, on product 30 (a tracker product) of ada's.
@Suite struct TrackerRuleTests {
  let world: BillingWorld
  let devices: [String]
  let time = "2026-11-10"

  init() throws {
    world = try BillingWorld()
    devices = try world.product(30, platform: "tracker", devices: 2)
  }

  func set(_ assignments: String..., device: String? = nil) throws -> Tracker.Change {
    try world.write(at: time) { tx in
      try Tracker.set(assignments, product: "30", device: device, by: world.ada, in: tx)
    }
  }

  func show(device: String? = nil) throws -> TrackerSettings {
    try world.read(at: time) { tx in
      try Tracker.show(product: "30", device: device, by: world.ada, in: tx)
    }
  }

  func connect(_ id: String) throws {
    try world.write(at: time) { tx in
      _ = try Fleet.connect(id, handshake: .init(), by: world.ada, in: tx)
    }
  }

  /// The names and data of the events device `id` has in the product's stream.
  func events(of id: String) throws -> [String] {
    try world.read(at: time) { tx in
      let listing = try Events.listing(
        device: id, product: "30", filter: EventFilter(), since: nil, until: nil, limit: 100,
        includeCleared: false, by: world.ada, in: tx)
      var seen: [String] = []
      try listing.read(in: tx) { seen.append($0.event.name + " " + $0.event.data) }
      return seen
    }
  }

  func value(_ settings: TrackerConfig, _ path: String) throws -> String {
    settings.value(try #require(TrackerSchema.field(path))).text
  }

  @Test(arguments: [
    ("location.min_publish=yes", "true or false"),
    ("location.interval_min=1.5", "a whole number of at least 0"),
    ("location.interval_max=-1", "a whole number of at least 0"),
    ("location.radius=abc", "a number from 0 to 100000"),
    ("location.radius=100000.5", "a number from 0 to 100000"),
    ("location.radius=1e3", "a number from 0 to 100000"),
    ("temp_trig.low=-41", "a number from -40 to 150"),
    ("temp_trig.hyst=190.1", "a number from 0 to 190"),
    ("store.quota=4001", "a whole number from 0 to 4000"),
    ("sleep.exe_min=4.9", "a number of at least 5"),
    ("sleep.conn_max=29", "a number of at least 30"),
    ("imu_trig.motion=fast", "one of disable, low, medium, high"),
    ("rgb.type=direct", "one of off, particle, tracker"),
    ("store.policy=", "one of drop_old, drop_new"),
  ])
  func valuesOfTheWrongTypeOrOutOfRangeAreRefused(assignment: String, expected: String) throws {
    let parts = assignment.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
    #expect(
      throws: PconError.invalidValue(
        field: .trackerSetting(String(parts[0])), value: String(parts[1]), expected: expected)
    ) { try set(assignment) }
  }

  @Test func valuesAtEachEndOfTheirRangeAreAccepted() throws {
    _ = try set(
      "location.radius=100000", "temp_trig.low=-40", "temp_trig.high=150", "store.quota=0",
      "sleep.exe_min=5", "location.interval_max=0", "location.min_publish=true",
      "rgb.type=off")
    let product = try show().product
    #expect(try value(product, "location.radius") == "100000")
    #expect(try value(product, "temp_trig.low") == "-40")
    #expect(try value(product, "rgb.type") == "off")
    #expect(product.values.count == 8)
  }

  @Test func unknownModulesAndSettingsAreRefusedWithTheValidNames() throws {
    #expect(
      throws: PconError.unknownTrackerSetting(
        "gps", valid: TrackerSchema.modules, kind: "module")
    ) { try set("gps.radius=1") }
    #expect(
      throws: PconError.unknownTrackerSetting(
        "sleep.nap", valid: ["sleep.mode", "sleep.exe_min", "sleep.conn_max"], kind: "setting")
    ) { try set("sleep.nap=1") }
    #expect(throws: PconError.self) { try set("location.radius") }
  }

  @Test func aChangeWithOneBadValueChangesNothing() throws {
    _ = try set("location.radius=5")
    #expect(throws: PconError.self) {
      try set("location.radius=10", "rgb.type=off", "store.quota=99999")
    }
    #expect(try value(show().product, "location.radius") == "5")
    #expect(try show().product.values.count == 1)
  }

  @Test func otherPlatformsHaveNoTrackerSettings() throws {
    try world.product(31, platform: "boron", devices: 0)
    #expect(throws: PconError.notATracker("product 31", platform: "boron")) {
      try world.read(at: time) { tx in
        try Tracker.show(product: "31", device: nil, by: world.ada, in: tx)
      }
    }
  }

  @Test func geofenceIsSetPerDeviceOnly() throws {
    #expect(throws: PconError.deviceLevelSetting("geofence.zone1.enable")) {
      try set("geofence.zone1.enable=true")
    }
  }

  @Test(arguments: [
    (
      TrackerPreset.vehicle,
      [
        "location.radius": "151", "location.interval_min": "30", "location.interval_max": "900",
        "sleep.mode": "disable",
      ]
    ),
    (
      .vehicleLessDetail,
      ["location.radius": "1600", "location.interval_min": "300", "location.interval_max": "900"]
    ),
    (
      .theft,
      ["imu_trig.motion": "medium", "location.interval_min": "30", "location.interval_max": "3600"]
    ),
    (
      .battery,
      [
        "imu_trig.motion": "medium", "location.interval_min": "900",
        "location.interval_max": "28800", "sleep.mode": "enable",
      ]
    ),
    (.periodic, ["location.interval_min": "120", "location.interval_max": "120"]),
  ])
  func presetsSetWhatTheGuideLists(preset: TrackerPreset, expected: [String: String]) throws {
    _ = try set("rgb.type=off")
    let change = try world.write(at: time) { tx in
      try Tracker.preset(preset.rawValue, product: "30", by: world.ada, in: tx)
    }
    #expect(change.warnings.isEmpty)
    let product = try show().product
    #expect(product.values.count == expected.count + 1, "only the preset's settings change")
    for (path, text) in expected { #expect(try value(product, path) == text, "\(path)") }
    #expect(try value(product, "rgb.type") == "off")
  }

  @Test func anUnknownPresetIsRefusedWithTheNames() throws {
    #expect(throws: PconError.self) {
      try world.write(at: time) { tx in
        try Tracker.preset("boat", product: "30", by: world.ada, in: tx)
      }
    }
  }

  @Test func aShortIntervalWithSleepIsWarnedAbout() throws {
    #expect(try set("sleep.mode=enable").warnings.isEmpty, "900 s is the default")
    #expect(try set("location.interval_min=599").warnings.count == 1)
    #expect(try set("location.interval_min=600").warnings.isEmpty)
    #expect(try set("location.interval_min=0", "sleep.mode=disable").warnings.isEmpty)
    let warning = try #require(try set("sleep.mode=enable").warnings.first)
    #expect(warning.contains("banned for excessive reconnection"))
    #expect(try set("rgb.type=off").warnings.isEmpty, "a change elsewhere is not warned about")
  }

  @Test func aChangeWhileOnlineReachesTheDeviceAtItsNextConnect() throws {
    let id = devices[0]
    try connect(id)
    #expect(try events(of: id).filter { !$0.hasPrefix("spark/") }.isEmpty, "defaults: in step")
    _ = try set("location.radius=151")
    let pending = try show(device: id)
    #expect(pending.pendingModules == ["location"])
    #expect(try value(try #require(pending.current), "location.radius") == "0")
    try connect(id)
    let logged = try events(of: id).filter { !$0.hasPrefix("spark/") }
    #expect(logged.count == 2)
    #expect(logged.first?.hasPrefix(#"cfg {"cmd":"cfg","cfg":{"location":{"radius":151,"#) == true)
    #expect(logged.last == #"ack {"cmd":"ack","src_cmd":"set_cfg","status":0}"#)
    let synced = try show(device: id)
    #expect(synced.pendingModules.isEmpty)
    #expect(try value(try #require(synced.current), "location.radius") == "151")
    try connect(id)
    #expect(try events(of: id).filter { !$0.hasPrefix("spark/") }.count == 2, "in step: no resend")
  }

  @Test func aChangeWhileOfflineWaitsForTheConnect() throws {
    let id = devices[1]
    try connect(id)
    try world.write(at: time) { tx in _ = try Fleet.disconnect(id, by: world.ada, in: tx) }
    _ = try set("sleep.mode=enable", "location.interval_min=900", "rgb.type=tracker")
    #expect(try show(device: id).pendingModules == ["rgb", "sleep"])
    #expect(try events(of: id).allSatisfy { $0.hasPrefix("spark/") })
    try connect(id)
    let logged = try events(of: id).filter { !$0.hasPrefix("spark/") }
    #expect(logged.map { $0.prefix(3) } == ["cfg", "cfg", "ack"])
    #expect(logged[0].contains(#""rgb":{"type":"tracker"}"#))
    #expect(logged[1].contains(#""sleep":{"mode":"enable""#))
    #expect(try show(device: id).pendingModules.isEmpty)
  }

  @Test func aDevelopmentDevicesOwnValuesGoOnTopOfTheProducts() throws {
    let id = devices[0]
    #expect(throws: PconError.notDevelopmentDevice(id)) {
      try set("location.radius=5", device: id)
    }
    try world.write(at: time) { tx in
      _ = try Products.setDevelopment(id, true, by: world.ada, in: tx)
    }
    _ = try set("location.radius=100", "location.interval_min=60")
    _ = try set("location.radius=5", "geofence.zone1.enable=true", device: id)
    let settings = try show(device: id)
    let radius = try #require(TrackerSchema.field("location.radius"))
    #expect(try value(settings.effective, "location.radius") == "5")
    #expect(try value(settings.effective, "location.interval_min") == "60")
    #expect(settings.source(radius) == .device)
    #expect(settings.source(try #require(TrackerSchema.field("location.interval_min"))) == .product)
    #expect(settings.source(try #require(TrackerSchema.field("rgb.type"))) == .default)
    #expect(try show(device: devices[1]).effective.values["location.radius"] == .number(100))
    try connect(id)
    #expect(try value(try #require(try show(device: id).current), "location.radius") == "5")
    // Once it is no longer a development device, the product's values are its settings again.
    try world.write(at: time) { tx in
      _ = try Products.setDevelopment(id, false, by: world.ada, in: tx)
    }
    #expect(try show(device: id).pendingModules == ["location", "geofence"])
  }

  @Test func aDeviceSettingReadsItsShardNotTheFleet() throws {
    func filesRead() throws -> Int {
      try world.read(at: time) { tx in
        _ = try Tracker.show(product: "30", device: devices[0], by: world.ada, in: tx)
        return tx.filesRead
      }
    }
    let small = try filesRead()
    try world.write(at: time) { tx in
      _ = try DeviceImport.run(
        (100..<160).map { deviceHex(30_000 + $0) }.joined(separator: "\n"), into: "30",
        by: world.ada, in: tx)
    }
    #expect(try filesRead() == small)
  }

  @Test func theEstimateSpansStationaryToAlwaysMovingThroughTheBillingEstimate() throws {
    _ = try set("location.interval_min=30", "location.interval_max=900")
    let estimate = try world.read(at: time) { tx in
      try TrackerEstimate.make(devices: 100, product: "30", by: world.ada, in: tx)
    }
    let stationary = try #require(estimate.stationary)
    #expect(
      stationary
        == (try Estimate.make(devices: 100, everySeconds: 900, bytes: 209, deviceClass: .tracker)))
    // 30 days of one publish every 900 s by 100 devices; each 209 bytes + 271 of overhead.
    #expect(stationary.publishes == 288_000 && stationary.dataOperations == 288_000)
    #expect(stationary.cellularBytes == 288_000 * 480)
    #expect(stationary.tier == .growth && stationary.blocks == 1)
    #expect(estimate.moving.publishes == 8_640_000 && estimate.moving.everySeconds == 30)
    // 8,640,000 operations reach 12 blocks' 720,000 each exactly: a 13th carries them.
    #expect(estimate.moving.tier == .growth && estimate.moving.blocks == 13)
  }

  @Test func intervalsOfZeroMeanNoPeriodicPublishAndNoLimit() throws {
    _ = try set("location.interval_min=0", "location.interval_max=0")
    let estimate = try world.read(at: time) { tx in
      try TrackerEstimate.make(devices: 1, product: "30", by: world.ada, in: tx)
    }
    #expect(estimate.stationary == nil)
    #expect(estimate.moving.everySeconds == 1 && estimate.moving.publishes == 2_592_000)
  }

  @Test func storedSettingsOutsideTheSchemaAreDamage() throws {
    for text in [
      #"{"location":{"radius":-1}}"#, #"{"location":{"speed":1}}"#, #"{"gps":{}}"#,
      #"{"rgb":{"type":"direct"}}"#, #"{"location":{"interval_min":1.5}}"#,
    ] {
      #expect(throws: JSONObject.ShapeError.self, "\(text)") {
        try TrackerConfig(
          stored: JSONObject(JSONParser.parse(text), path: "configuration"), deviceLevel: true)
      }
    }
  }

  /// Geofence zones are a device's own: a product's stored settings holding one are damage,
  /// a device's are not.
  @Test func productSettingsHoldingADeviceOnlyModuleAreDamage() throws {
    let text = #"{"geofence":{"zone1":{"lat":52.1}}}"#
    let json = try JSONObject(JSONParser.parse(text), path: "configuration")
    #expect(throws: JSONObject.ShapeError.self) {
      try TrackerConfig(stored: json, deviceLevel: false)
    }
    #expect(try TrackerConfig(stored: json, deviceLevel: true).isEmpty == false)
  }
}
