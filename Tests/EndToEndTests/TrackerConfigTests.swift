import Foundation
import Testing

/// `tracker config …` and `tracker estimate` end to end: a tracker product 10005 of ada's with
/// device 1, its settings shown, set, preset and synced at `device connect`.
@Suite struct TrackerConfigTests {
  func fleet() throws -> Pcon {
    let pcon = try Pcon()
    for line in [
      "account create ada@example.com", "product create Vans --platform tracker --id 10005",
      "product create Pumps --platform boron --id 10006",
    ] {
      try pcon.ok(line)
    }
    #expect(
      try pcon.run(["device", "import", "--product", "10005", "-"], stdin: deviceID(1) + "\n")
        .status == 0)
    return pcon
  }

  /// The object at `path` (keys joined by '.') of JSON text.
  func object(_ text: String, _ path: String) throws -> [String: Any] {
    var value = try Pcon.json(text)
    for key in path.split(separator: ".") {
      value = try #require((value as? [String: Any])?[String(key)], "no \(key) in \(path)")
    }
    return try #require(value as? [String: Any])
  }

  @Test func showPrintsEverySettingMarkingDefaultsAndParticlesJSON() throws {
    let pcon = try fleet()
    try pcon.ok("tracker config set --product 10005 location.radius=151")
    let table = try pcon.ok("tracker config show --product 10005")
    let lines = table.split(separator: "\n")
    #expect(
      lines.first?.split(separator: " ", omittingEmptySubsequences: true) == [
        "SETTING", "VALUE", "SET", "BY",
      ])
    #expect(lines.count == 72)
    #expect(lines.contains { $0.split(separator: " ") == ["location.radius", "151", "product"] })
    #expect(
      lines.contains { $0.split(separator: " ") == ["location.interval_min", "900", "default"] })
    let json = try pcon.ok("tracker config show --product 10005 --json")
    let location = try object(json, "configuration.location")
    #expect(location["radius"] as? Int == 151 && location["interval_max"] as? Int == 3600)
    #expect(try object(json, "configuration.geofence.zone4")["shape_type"] as? String == "circular")
  }

  @Test func setRefusesBadInputWholeAndNamesTheValidNames() throws {
    let pcon = try fleet()
    let bad = try pcon.run("tracker config set --product 10005 location.radius=5 rgb.type=blue")
    #expect(bad.status == 2)
    #expect(
      bad.stderr.contains("error: invalid rgb.type 'blue': expected one of off, particle, tracker"))
    #expect(
      try pcon.ok("tracker config show --product 10005").contains("location.radius            0 "))
    let unknown = try pcon.run("tracker config set --product 10005 sleep.doze=1")
    #expect(
      unknown.status == 2
        && unknown.stderr.contains("valid: sleep.mode, sleep.exe_min, sleep.conn_max"))
    let geofence = try pcon.run("tracker config set --product 10005 geofence.zone1.enable=true")
    #expect(geofence.status == 1 && geofence.stderr.contains("hint: pass --device DEVICE"))
    let boron = try pcon.run("tracker config show --product 10006")
    #expect(boron.status == 1 && boron.stderr.contains("is a boron, not a tracker"))
    #expect(!FileManager.default.fileExists(atPath: pcon.file("tracker/10005.json")))
  }

  @Test func aShortIntervalWithSleepWarnsOnStandardError() throws {
    let pcon = try fleet()
    let result = try pcon.run(
      "tracker config set --product 10005 sleep.mode=enable location.interval_min=60")
    #expect(result.status == 0)
    #expect(result.stderr.contains("warning:") && result.stderr.contains("SIM card to be banned"))
    #expect(!result.stdout.contains("banned"))
    let preset = try pcon.run("tracker config preset battery --product 10005")
    #expect(preset.status == 0 && preset.stderr.isEmpty)
    let json = try pcon.ok("tracker config show --product 10005 --json")
    #expect(try object(json, "configuration.location")["interval_max"] as? Int == 28800)
    #expect(try object(json, "configuration.imu_trig")["motion"] as? String == "medium")
    #expect(try pcon.run("tracker config preset boat --product 10005").status == 2)
  }

  @Test func perDeviceSettingsNeedADevelopmentDeviceAndSyncAtConnect() throws {
    let pcon = try fleet()
    let device = deviceID(1)
    let refused = try pcon.run("tracker config set --product 10005 --device \(device) rgb.type=off")
    #expect(refused.status == 1)
    #expect(refused.stderr.contains("hint: pcon device development \(device) on"))
    try pcon.ok("device development \(device) on")
    try pcon.ok("tracker config set --product 10005 --device \(device) rgb.type=off")
    try pcon.ok("tracker config set --product 10005 location.interval_max=7200")
    let before = try pcon.ok("tracker config show --product 10005 --device \(device) --json")
    #expect(try object(before, "configuration.pending.rgb")["type"] as? String == "off")
    #expect(try object(before, "configuration.pending.location")["interval_max"] as? Int == 7200)
    #expect(try object(before, "configuration.current.rgb")["type"] as? String == "particle")
    let shown = try pcon.run("device show \(device) --json")
    #expect(!shown.stdout.contains("tracker_config"), "device JSON keeps CLI.md's keys")
    try pcon.ok("device connect \(device)")
    let logs = try pcon.ok("logs --product 10005 --json")
    #expect(logs.contains(#""name":"cfg""#) && logs.contains(#""name":"ack""#))
    let after = try pcon.ok("tracker config show --product 10005 --device \(device) --json")
    #expect(try object(after, "configuration.pending").isEmpty)
    #expect(try object(after, "configuration.current.rgb")["type"] as? String == "off")
  }

  @Test func estimatePricesBothEndsOfTheIntervals() throws {
    let pcon = try fleet()
    try pcon.ok("tracker config preset vehicle --product 10005")
    let json = try pcon.ok("tracker estimate --devices 10 --product 10005 --json")
    let stationary = try object(json, "stationary")
    let moving = try object(json, "moving")
    #expect(stationary["every_seconds"] as? Int == 900 && stationary["publishes"] as? Int == 28_800)
    #expect(moving["every_seconds"] as? Int == 30 && moving["publishes"] as? Int == 864_000)
    #expect(moving["plan"] as? String == "growth" && stationary["plan"] as? String == "free")
    let billing = try pcon.ok(
      "billing estimate --devices 10 --every 30s --bytes 209 --class tracker --json")
    #expect(NSDictionary(dictionary: try object(billing, "")) == NSDictionary(dictionary: moving))
    let table = try pcon.ok("tracker estimate --devices 10 --product 10005")
    #expect(table.contains("always moving") && table.contains("864,000"))
    #expect(try pcon.run("tracker estimate --devices 10 --product 10006").status == 1)
  }

  /// `set` and `preset` print the settings they named, not all 71; `show --device` says which
  /// values the device has acknowledged.
  @Test func aChangePrintsWhatItChangedAndShowSaysWhatTheDeviceHas() throws {
    let pcon = try fleet()
    let set = try pcon.ok("tracker config set --product 10005 location.radius=151 rgb.type=off")
    let rows = set.split(separator: "\n").map {
      $0.split(separator: " ", omittingEmptySubsequences: true).joined(separator: " ")
    }
    #expect(
      rows == ["SETTING VALUE SET BY", "location.radius 151 product", "rgb.type off product"])
    let preset = try pcon.ok("tracker config preset periodic --product 10005")
    #expect(preset.split(separator: "\n").count == 3)
    let device = try pcon.ok("tracker config show --product 10005 --device \(deviceID(1))")
    let radius = try #require(
      device.split(separator: "\n").first { $0.hasPrefix("location.radius") })
    #expect(radius.hasSuffix("pending (runs 0)"), "\(radius)")
    try pcon.ok("device connect \(deviceID(1))")
    let synced = try pcon.ok("tracker config show --product 10005 --device \(deviceID(1))")
    #expect(synced.split(separator: "\n").dropFirst().allSatisfy { $0.hasSuffix("acknowledged") })
  }

  /// interval_min is the most often a device publishes, interval_max the least often: a change
  /// leaving the first above the second is refused whole; 0 turns an interval off.
  @Test func intervalMinAboveIntervalMaxIsRefused() throws {
    let pcon = try fleet()
    let refused = try pcon.run("tracker config set --product 10005 location.interval_min=5000")
    #expect(refused.status == 2)
    #expect(
      refused.stderr.contains(
        "location.interval_min '5000 s': expected at most location.interval_max (3600 s)"),
      "\(refused.stderr)")
    #expect(!FileManager.default.fileExists(atPath: pcon.file("tracker/10005.json")))
    try pcon.ok(
      "tracker config set --product 10005 location.interval_min=5000 location.interval_max=7200")
    try pcon.ok("tracker config set --product 10005 location.interval_max=0")
    // A development device's own interval_max sits on top: a product change may not undo it.
    try pcon.ok(
      "tracker config set --product 10005 location.interval_min=60 location.interval_max=7200")
    try pcon.ok("device development \(deviceID(1)) on")
    try pcon.ok(
      "tracker config set --product 10005 --device \(deviceID(1)) location.interval_max=100")
    let undone = try pcon.run("tracker config set --product 10005 location.interval_min=6000")
    #expect(undone.status == 2 && undone.stderr.contains("for development device"))
    // vehicle-less-detail publishes at most every 300 s: more than the device's 100 s.
    let preset = try pcon.run("tracker config preset vehicle-less-detail --product 10005")
    #expect(preset.status == 2, "\(preset.stderr)")
    let twice = try pcon.run(
      "tracker config set --product 10005 location.radius=1 location.radius=2")
    #expect(twice.status == 2 && twice.stderr.contains("location.radius"))
  }

  /// Settings for a product that is gone, or not a tracker, are named by doctor.
  @Test func doctorNamesSettingsWithoutATrackerProduct() throws {
    let pcon = try fleet()
    try pcon.ok("tracker config set --product 10005 location.radius=151")
    let settings = try String(contentsOfFile: pcon.file("tracker/10005.json"), encoding: .utf8)
    for id in ["10006", "99999"] {
      try settings.write(toFile: pcon.file("tracker/\(id).json"), atomically: true, encoding: .utf8)
    }
    let doctor = try pcon.run("doctor")
    #expect(doctor.stdout.contains("tracker/10006.json") && doctor.stdout.contains("not a tracker"))
    #expect(
      doctor.stdout.contains("tracker/99999.json") && doctor.stdout.contains("does not exist"))
  }

  /// A product's settings file holding a per-device module is damage, named by doctor and
  /// refused by its reader; it is never something pcon writes.
  @Test func aProductFileHoldingAGeofenceIsDamage() throws {
    let pcon = try fleet()
    try pcon.ok("tracker config set --product 10005 location.radius=151")
    let path = pcon.file("tracker/10005.json")
    try #"{"configuration":{"geofence":{"zone1":{"enable":true}}}}"#.write(
      toFile: path, atomically: true, encoding: .utf8)
    let doctor = try pcon.run("doctor")
    #expect(doctor.status != 0 && doctor.stdout.contains("tracker/10005.json"), "\(doctor.stdout)")
    let show = try pcon.run("tracker config show --product 10005")
    #expect(show.status == 5 && show.stderr.contains("'geofence' is set per device only"))
  }
}
