import Foundation
import Testing

/// A person's own log holds every device they own, wherever it lives: sandbox, a product's
/// members, a product's quarantine.
@Suite struct OwnLogTests {
  let pump = deviceID(1)
  let lamp = deviceID(2)

  /// An owner with `pump` in product widgets, `lamp` waiting in its quarantine, and a teammate.
  func fleet() throws -> Pcon {
    let pcon = try Pcon()
    try pcon.account()
    try pcon.ok("product create Widgets --platform argon")
    try pcon.ok("device claim \(pump) --platform argon --name pump")
    try pcon.ok("device claim \(lamp) --platform argon --name lamp")
    try pcon.run(["device", "import", "--product", "widgets", "-"], stdin: pump + "\n")
    try pcon.ok("device connect pump --product-id 10001")
    try pcon.ok("device connect lamp --product-id 10001")
    try pcon.ok("account create dev@example.com")
    try pcon.ok("team invite dev@example.com --product widgets --role developer")
    try pcon.ok("invite accept widgets --as dev@example.com")
    return pcon
  }

  func log(_ pcon: Pcon, _ arguments: [String]) throws -> [[String: Any]] {
    let result = try pcon.run(["logs", "--json"] + arguments)
    #expect(result.status == 0, "\(result.stderr)")
    return try result.stdout.split(separator: "\n").map {
      try #require(try Pcon.json(String($0)) as? [String: Any])
    }
  }

  @Test func productAndQuarantinedDevicesPublishIntoTheOwnersLog() throws {
    let pcon = try fleet()
    try pcon.ok("publish reading 7 --device pump")
    try pcon.ok("publish waiting --device lamp")
    let own = try log(pcon, ["-event:spark/*"])
    #expect(own.compactMap { $0["name"] as? String } == ["reading", "waiting"])
    #expect(own.allSatisfy { $0["product_id"] as? Int == 10_001 })
    // One event, one ID: the owner's copy is the product's event.
    let product = try log(pcon, ["--product", "widgets", "-event:spark/*"])
    #expect(product.compactMap { $0["id"] as? Int } == own.compactMap { $0["id"] as? Int })
    // Names resolve in both logs, quarantined devices included.
    #expect(try log(pcon, ["device:lamp"]).count == 2)
    #expect(try log(pcon, ["--product", "widgets", "device:lamp"]).count == 2)
    let id = try #require(own.first?["id"] as? Int)
    #expect(try pcon.ok("logs show \(id)").contains("pump"))
    // A teammate reads the product's stream, but the owner's devices are not in their own log.
    #expect(try pcon.ok("logs --json --as dev@example.com --product widgets").contains("reading"))
    #expect(try pcon.ok("logs --json --as dev@example.com") == "")
    #expect(try pcon.run("doctor").status == 0)
  }

  @Test func clearingYourLogHidesYourProductDevicesEverywhere() throws {
    let pcon = try fleet()
    try pcon.ok("publish before --device pump")
    try pcon.ok("logs clear")
    let device = try pcon.run("logs --device pump --json")
    #expect(device.stdout == "")
    #expect(device.stderr.contains("hidden by 'logs clear'"))
    try pcon.ok("publish after --device pump")
    #expect(try log(pcon, ["--device", "pump"]).compactMap { $0["name"] as? String } == ["after"])
    // The team's view of the product's log is its own.
    #expect(try log(pcon, ["--product", "widgets", "event:before"]).count == 1)
  }

  @Test func eventsIngestedIntoAProductReachTheirOwnersLog() throws {
    let pcon = try fleet()
    let capture =
      #"{"name":"captured","data":"1","ttl":60,"published_at":"2026-11-20T10:00:00.000Z","coreid":"\#(pump)"}"#
      + "\n"
      + #"{"name":"stranger","data":"1","ttl":60,"published_at":"2026-11-20T10:00:01.000Z","coreid":"\#(deviceID(9))"}"#
      + "\n"
    let stored = try pcon.run(["logs", "ingest", "--product", "widgets", "-"], stdin: capture)
    #expect(stored.status == 0, "\(stored.stderr)")
    let own = try log(pcon, ["event:captured", "event:stranger"])
    #expect(own.compactMap { $0["name"] as? String } == ["captured"])
    let product = try log(pcon, ["--product", "widgets", "event:captured"])
    #expect(product.first?["id"] as? Int == own.first?["id"] as? Int)
    #expect(try pcon.run("doctor").status == 0)
  }

  @Test func doctorHoldsACopyToTheEventItCopies() throws {
    let pcon = try fleet()
    try pcon.ok("publish reading 7 --device pump")
    let directory = try #require(
      try FileManager.default.contentsOfDirectory(atPath: pcon.file("events")).first {
        $0.hasPrefix("a-")
      })
    let path = try #require(
      try FileManager.default.contentsOfDirectory(atPath: pcon.file("events/\(directory)")).first {
        $0.hasSuffix(".ndjson")
      })
    let file = pcon.file("events/\(directory)/\(path)")
    let text = try String(contentsOfFile: file, encoding: .utf8)
    try text.replacingOccurrences(of: #""data":"7""#, with: #""data":"9""#).write(
      toFile: file, atomically: false, encoding: .utf8)
    let doctor = try pcon.run("doctor")
    #expect(doctor.status == 5)
    #expect(doctor.stdout.contains("differs from the product's event"), "\(doctor.stdout)")
  }

  @Test func aCustomersDeviceStaysOutOfTheProductOwnersLog() throws {
    let pcon = try fleet()
    try pcon.ok("customer create cust@example.com --product widgets")
    try pcon.ok("device claim \(deviceID(3)) --platform argon --name van")
    try pcon.run(["device", "import", "--product", "widgets", "-"], stdin: deviceID(3) + "\n")
    try pcon.ok("device unclaim van --yes")
    try pcon.ok("customer claim \(deviceID(3)) cust@example.com --product widgets")
    try pcon.ok("publish theirs --device \(deviceID(3)) --product widgets")
    #expect(try !pcon.ok("logs --json").contains("theirs"))
    #expect(try pcon.ok("logs --json --product widgets").contains("theirs"))
  }

  @Test func followShowsTheOwnersProductDevicesLive() throws {
    let pcon = try fleet()
    // The state directory goes with `pcon`: keep it while the follower runs.
    defer { withExtendedLifetime(pcon) {} }
    let (process, out) = try pcon.startFollowing(["--json", "--limit", "1"])
    defer {
      kill(process.processIdentifier, SIGINT)
      _ = waitForExit(process)
    }
    // The newest event of history (lamp's online event) is the ready signal.
    #expect(out.lines(1).first?.contains(lamp) == true, "follower never got ready")
    try pcon.ok("publish live --device pump")
    try pcon.ok("publish queued --device lamp")
    let lines = out.lines(2)
    #expect(lines.count == 2)
    #expect(lines.first?.contains("\"live\"") == true && lines.last?.contains("\"queued\"") == true)
  }
}
