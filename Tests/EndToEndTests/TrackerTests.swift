import Foundation
import FoundationXML
import Testing

/// `pcon tracker cmd` and `pcon tracker map` as a user runs them: the result codes printed as
/// the console does, the map as a table, GeoJSON and SVG, and simulated trackers moving.
@Suite struct TrackerTests {
  /// Ada's tracker product 10003 with t1 (online) and t2, and Boron product 10001 with b1.
  static func fleet() throws -> Pcon {
    let pcon = try Pcon()
    pcon.environment["PCON_NOW"] = "2026-11-01T00:00:00Z"
    try pcon.account()
    try pcon.ok("product create Trucks --platform tracker --id 10003")
    try pcon.ok("product create Pumps --platform boron --id 10001")
    _ = try pcon.run(
      "device import --product 10003 -", stdin: "\(deviceID(1))\n\(deviceID(2))\n")
    _ = try pcon.run("device import --product 10001 -", stdin: "\(deviceID(9))\n")
    try pcon.ok("device rename \(deviceID(1)) t1")
    try pcon.ok("device rename \(deviceID(2)) t2")
    try pcon.ok("device rename \(deviceID(9)) b1")
    try pcon.ok("device connect t1")
    try pcon.ok("device connect b1")
    return pcon
  }

  @Test(arguments: [
    (#"{"cmd":"get_cfg"}"#, 0), (#"{"cmd":"set_cfg","cfg":{"location":{"radius":151}}}"#, 0),
    (#"{"cmd":"reset_to_factory"}"#, 0), ("{oops", -22), (#"{"cmd":"warp"}"#, -2),
    (#"{"cmd":"set_cfg","cfg":{"engine":{"idle":1550}}}"#, -19),
    (#"{"cmd":"set_cfg","cfg":{"location":{"radius":-5}}}"#, -22),
    (#"{"cmd":"set_cfg","cfg":{"location":{"speed":5}}}"#, -22),
    (#"{"cmd":"set_cfg","cfg":{"geofence":{"zone1":{"enable":true}}}}"#, 0),
  ])
  func theResultIsPrintedAsTheConsoleDoes(_ argument: String, _ code: Int) throws {
    let pcon = try Self.fleet()
    let text = try pcon.run(["tracker", "cmd", "t1", argument])
    // What the device returned is printed; anything but 0 fails, its meaning on stderr.
    #expect(text.status == (code == 0 ? 0 : 1) && text.stdout == "result: \(code)\n")
    #expect(code == 0 ? text.stderr.isEmpty : text.stderr.contains("the device returned \(code): "))
    let json = try pcon.run(["tracker", "cmd", "t1", argument, "--json"])
    let object = try #require(try Pcon.json(json.stdout) as? [String: Any])
    #expect(object as NSDictionary == ["result": code] as NSDictionary)
  }

  @Test func offlineAndOtherPlatformsAreRefused() throws {
    let pcon = try Self.fleet()
    let offline = try pcon.run(["tracker", "cmd", "t2", #"{"cmd":"get_loc"}"#])
    #expect(offline.status == 1 && offline.stderr.contains("device t2 is offline"))
    let boron = try pcon.run(["tracker", "cmd", "b1", #"{"cmd":"get_loc"}"#])
    #expect(boron.status == 1 && boron.stderr.contains("is a boron, not a tracker"))
    let map = try pcon.run("tracker map --product 10001")
    #expect(map.status == 1 && map.stderr.contains("product 10001 is a boron"))
    #expect(try pcon.run(["tracker", "cmd", "ghost", "{}"]).status == 3)
  }

  @Test func getLocShowsOnTheMapAndShippingTakesItOffline() throws {
    let pcon = try Self.fleet()
    try pcon.ok(
      "publish loc {\"cmd\":\"loc\",\"loc\":{\"lat\":47.6062,\"lon\":-122.3321,\"temp\":21.5,\"batt\":88}} --device t1"
    )
    pcon.environment["PCON_NOW"] = "2026-11-01T00:05:00Z"
    #expect(try pcon.run(["tracker", "cmd", "t1", #"{"cmd":"get_loc"}"#]).stdout == "result: 0\n")
    let logged = try pcon.ok("logs --product 10003 --json").split(separator: "\n")
    let last = try #require(try Pcon.json(String(logged.last ?? "")) as? [String: Any])
    #expect(last["name"] as? String == "loc")
    #expect((last["data"] as? String)?.contains(#""trig":["imm"]"#) == true)
    let table = try pcon.run("tracker map --product 10003")
    let lines = table.stdout.split(separator: "\n").map {
      $0.split(separator: " ", omittingEmptySubsequences: true).joined(separator: " ")
    }
    #expect(
      lines == [
        "NAME LAT LON TIME ONLINE TEMP °C BATTERY",
        "t1 47.606200 -122.332100 2026-11-01T00:05:00Z yes 21.5 88.0 %",
      ])
    #expect(table.stderr.contains("board's temperature"))
    #expect(try pcon.run(["tracker", "cmd", "t1", #"{"cmd":"enter_shipping"}"#]).status == 0)
    let shown = try #require(
      try Pcon.json(try pcon.ok("tracker map --product 10003 --json")) as? [[String: Any]])
    #expect(shown.first?["online"] as? Bool == false)
    #expect(shown.first?["temp_c"] as? Double == 21.5)
  }

  @Test func simulatedTrackersDriveAndTheMapDrawsTheirTracks() throws {
    let pcon = try Self.fleet()
    try pcon.ok("simulate --product 10003 --every 1m --for 30m --movement driving")
    pcon.environment["PCON_NOW"] = "2026-11-01T01:00:00Z"
    let geo = try #require(
      try Pcon.json(try pcon.ok("tracker map --product 10003 --format geojson --track"))
        as? [String: Any])
    #expect(geo["type"] as? String == "FeatureCollection")
    let features = try #require(geo["features"] as? [[String: Any]])
    // Each device's last location, and beside it its path.
    let kinds = features.map { ($0["geometry"] as? [String: Any])?["type"] as? String ?? "" }
    #expect(kinds == ["Point", "LineString", "Point", "LineString"])
    for feature in features where (feature["id"] as? String)?.hasSuffix("-track") == true {
      let geometry = try #require(feature["geometry"] as? [String: Any])
      let coordinates = try #require(geometry["coordinates"] as? [[Double]])
      #expect(coordinates.count == 30)
      // 14 m/s for a minute is about 0.0075° of latitude or less per step.
      let (a, b) = (coordinates[0], coordinates[1])
      #expect(a != b && abs(a[1] - b[1]) < 0.01)
    }
    let points = try #require(
      try Pcon.json(try pcon.ok("tracker map --product 10003 --format geojson")) as? [String: Any])
    let first = try #require((points["features"] as? [[String: Any]])?.first)
    #expect((first["geometry"] as? [String: Any])?["type"] as? String == "Point")
    #expect((first["properties"] as? [String: Any])?["device_name"] as? String == "t1")
    let svg = pcon.base + "/fleet.svg"
    let wrote = try pcon.run(
      [
        "tracker", "map", "--product", "10003", "--format", "svg", "--track", "--output", svg,
        "--near", "47.6062,-122.3321", "--radius", "50000",
      ])
    #expect(wrote.status == 0 && wrote.stdout.isEmpty, "\(wrote.stderr)")
    let parser = XMLParser(data: try Data(contentsOf: URL(fileURLWithPath: svg)))
    #expect(parser.parse())
    // An existing file is kept unless --force.
    let again = try pcon.run([
      "tracker", "map", "--product", "10003", "--format", "svg", "--output", svg,
    ])
    #expect(again.status == 1)
    #expect(
      try pcon.run([
        "tracker", "map", "--product", "10003", "--format", "svg", "--output", svg, "--force",
      ]).status == 0)
  }

  /// A tracker told to enter shipping mode is off: it publishes nothing, by hand or in a
  /// simulation, until it connects again.
  @Test func aTrackerInShippingModePublishesNothingUntilItConnects() throws {
    let pcon = try Self.fleet()
    try pcon.ok("device connect t2")
    #expect(try pcon.run(["tracker", "cmd", "t1", #"{"cmd":"enter_shipping"}"#]).status == 0)
    let refused = try pcon.run("publish hello --device t1")
    #expect(refused.status == 1 && refused.stderr.contains("device t1 is in shipping mode"))
    let asked = try pcon.run(["tracker", "cmd", "t1", #"{"cmd":"get_loc"}"#])
    #expect(asked.status == 1 && asked.stderr.contains("device t1 is in shipping mode"))
    let run = try pcon.run("simulate --product 10003 --every 1m --for 10m --json")
    let summary = try #require(try Pcon.json(run.stdout) as? [String: Any], "\(run.stderr)")
    #expect((summary["totals"] as? [String: Any])?["events"] as? Int == 10)
    #expect(summary["silent"] as? [String] == ["t1"])
    let told = try pcon.ok("simulate --product 10003 --every 1m --for 1m")
    #expect(told.contains("t1 sent nothing: in shipping mode"))
    let logs = try pcon.ok("logs --product 10003 --json --limit 1000")
    #expect(
      !logs.split(separator: "\n").contains { $0.contains("\"sim\"") && $0.contains(deviceID(1)) }
    )
    try pcon.ok("device connect t1")
    #expect(try pcon.run("publish hello --device t1").status == 0)
  }

  /// The map is as of now: a rehearsal's fixes dated later show once their time has come, or
  /// with --until; a simulated tracker reports its battery and board temperature.
  @Test func theMapShowsEachDevicesLastFixAsOfNow() throws {
    let pcon = try Self.fleet()
    try pcon.ok("simulate --device t1 --every 1m --for 30m --movement walking")
    func shown(_ extra: String = "") throws -> [String: Any] {
      let list = try #require(
        try Pcon.json(try pcon.ok("tracker map --product 10003 --json" + extra)) as? [[String: Any]]
      )
      #expect(list.count == 1)
      return try #require(list.first)
    }
    #expect(try shown()["time"] as? String == "2026-11-01T00:00:00.000Z")
    #expect(
      try shown(" --until 2026-11-01T00:10:30Z")["time"] as? String == "2026-11-01T00:10:00.000Z")
    #expect(
      try shown(" --until 2026-11-01T05:00:00Z")["time"] as? String == "2026-11-01T00:29:00.000Z")
    pcon.environment["PCON_NOW"] = "2026-11-01T00:20:00Z"
    let now = try shown()
    #expect(now["time"] as? String == "2026-11-01T00:20:00.000Z")
    // 0.5 % an hour on foot from a full battery; the board warms and cools with the day.
    #expect(now["battery"] as? Double == 99.8)
    let temperature = try #require(now["temp_c"] as? Double)
    #expect((15...35).contains(temperature))
    // Before the first fix there is nothing to show, and it is said.
    let before = try pcon.run("tracker map --product 10003 --json --until 2026-10-31T00:00:00Z")
    #expect(try Pcon.json(before.stdout) as? [Any] != nil && before.stdout.contains("[]"))
    #expect(before.stderr.contains("no device of the product has a fix that matches"))
    // get_loc reports where the device is now, not where the rehearsal will take it.
    #expect(try pcon.run(["tracker", "cmd", "t1", #"{"cmd":"get_loc"}"#]).status == 0)
    let asked = try shown()
    #expect(asked["latitude"] as? Double == now["latitude"] as? Double)
    #expect(asked["longitude"] as? Double == now["longitude"] as? Double)
  }

  /// --device repeats; one not in the product is named (not found, or refused when it is
  /// another product's); --output - is standard output.
  @Test func theMapTakesSeveralDevicesAndWritesToStandardOutput() throws {
    let pcon = try Self.fleet()
    try pcon.ok("device connect t2")
    for device in ["t1", "t2"] {
      #expect(try pcon.run(["tracker", "cmd", device, #"{"cmd":"get_loc"}"#]).status == 0)
    }
    let both = try #require(
      try Pcon.json(try pcon.ok("tracker map --product 10003 --device t1 --device t2 --json"))
        as? [[String: Any]])
    #expect(both.compactMap { $0["device_name"] as? String }.sorted() == ["t1", "t2"])
    #expect(try pcon.run("tracker map --product 10003 --device ghost").status == 3)
    let other = try pcon.run("tracker map --product 10003 --device b1")
    #expect(other.status == 1 && other.stderr.contains("not in product"))
    let geo = try pcon.run("tracker map --product 10003 --format geojson --output -")
    #expect(geo.status == 0 && geo.stdout.contains("FeatureCollection"))
    #expect(!FileManager.default.fileExists(atPath: pcon.base + "/-"))
  }

  @Test(arguments: [
    "tracker map --product 10003 --near 47.6,-122.3",
    "tracker map --product 10003 --radius 100",
    "tracker map --product 10003 --near 91,0 --radius 5",
    "tracker map --product 10003 --near 1,2,3 --radius 5",
    "tracker map --product 10003 --near 1,2 --radius -5",
    "tracker map --product 10003 --within 10,0,5,1",
    "tracker map --product 10003 --near 0x0a,0x0a --radius 5",
    "tracker map --product 10003 --near 1,2 --radius 0x10",
    "tracker map --product 10003 --near 1,2 --radius 1e3",
    "tracker map --product 10003 --within 1,2,3",
    "tracker map --product 10003 --within 1,2,3,4 --near 1,2 --radius 3",
    "tracker map --product 10003 --format kml",
    "tracker map --product 10003 --track",
    "tracker map --product 10003 --output x.svg",
    "tracker map --product 10003 --since 2026-12-01T00:00:00Z --until 2026-11-01T00:00:00Z",
    "simulate --product 10003 --every 1m --for 1h --movement flying",
  ])
  func badFlagsAreUsageErrors(_ line: String) throws {
    let pcon = try Self.fleet()
    let result = try pcon.run(line)
    #expect(result.status == 2 && result.stderr.hasPrefix("error: "), "\(result.stderr)")
  }
}
