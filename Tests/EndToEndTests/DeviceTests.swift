import Foundation
import Testing

@Suite struct DeviceTests {
  let id = "0123456789ABCDEF01234567"

  @Test func claimLowerCasesAndShowsByIDOrName() throws {
    let pcon = try Pcon()
    try pcon.account()
    try pcon.ok("device claim \(id) --platform Boron --name pump-7")
    let byName = try #require(
      try Pcon.json(try pcon.ok("device show pump-7 --json")) as? [String: Any])
    #expect(byName["id"] as? String == id.lowercased())
    #expect(byName["platform_id"] as? Int == 13)
    #expect(byName["cellular"] as? Bool == true)
    let byID = try pcon.ok("device show \(id)")
    #expect(byID.contains("pump-7"))
  }

  @Test(arguments: [
    ("device claim 0123 --platform argon", Int32(2), "not a device ID"),
    ("device claim 0123456789abcdef0123456g --platform argon", 2, "not a device ID"),
    (
      "device claim 0123456789abcdef01234567 --platform banana", 2,
      "invalid value 'banana' for --platform: expected a platform name or ID"
    ),
    (
      "device claim 0123456789abcdef01234567 --platform argon --name has.dot", 2,
      "invalid device name"
    ),
    (
      "device claim 0123456789abcdef01234567 --platform argon --iccid 89014103271203845123", 1,
      "no cellular modem"
    ),
    ("device claim 0123456789abcdef01234567 --platform boron --iccid 123", 2, "not an ICCID"),
    ("device claim 0123456789abcdef01234567", 2, "missing --platform"),
  ])
  func claimRejectsBadInput(line: String, status: Int32, message: String) throws {
    let pcon = try Pcon()
    try pcon.account()
    let result = try pcon.run(line)
    #expect(result.status == status)
    #expect(result.stderr.contains(message), "\(result.stderr)")
    #expect(try pcon.ok("device list --json") == "[]\n")
  }
  /// Cross-option rules and malformed typed values are refused by the parser, exit 2, naming
  /// the options at fault.
  @Test(arguments: [
    ("device list --online --offline", "--online and --offline cannot be used together"),
    ("device list --quarantined", "--quarantined needs --product"),
    ("device list --limit 0", "invalid value '0' for --limit: expected a whole number"),
    ("device list --sort age", "invalid value 'age' for --sort"),
    ("logs --since yesterday", "invalid value 'yesterday' for --since: expected ISO-8601"),
    ("logs prune --before soon", "invalid value 'soon' for --before: expected ISO-8601"),
    ("publish x --ttl -1", "invalid value '-1' for --ttl"),
    ("product move 10001 --org", "--org needs a value"),
  ])
  func optionRulesAndValuesAreRefused(line: String, message: String) throws {
    let pcon = try Pcon()
    try pcon.account()
    let result = try pcon.run(line)
    #expect(result.status == 2)
    #expect(result.stderr.contains(message), "\(result.stderr)")
  }

  @Test func deviceOfAnotherAccountIsRefusedWithoutNamingIt() throws {
    let pcon = try Pcon()
    try pcon.account("owner@example.com")
    try pcon.account("other@example.com")
    try pcon.ok("device claim \(id) --platform argon")
    let result = try pcon.run("device claim \(id) --platform argon --as other@example.com")
    #expect(result.status == 1)
    #expect(result.stderr.contains("claimed by another account"))
    #expect(!result.stderr.contains("owner@example.com"))
    // Nor can the other account see it.
    #expect(try pcon.run("device show \(id) --as other@example.com").status == 3)
    #expect(try pcon.run("device claim \(id) --platform argon").status == 1)
  }

  @Test func sandboxHoldsAtMostOneHundredDevices() throws {
    let pcon = try Pcon()
    try pcon.account()
    for n in 0..<100 { try pcon.ok("device claim \(deviceID(n)) --platform argon") }
    let refused = try pcon.run("device claim \(deviceID(100)) --platform argon")
    #expect(refused.status == 1)
    #expect(refused.stderr.contains("at most 100 devices"))
    let list = try #require(try Pcon.json(try pcon.ok("device list --json")) as? [Any])
    #expect(list.count == 100)
    // Unclaiming one makes room again.
    try pcon.ok("device unclaim \(deviceID(0)) --yes")
    try pcon.ok("device claim \(deviceID(100)) --platform argon")
  }

  @Test func renameRulesAndUniquenessPerOwner() throws {
    let pcon = try Pcon()
    try pcon.account()
    try pcon.account("bob@example.com")
    try pcon.ok("device claim \(deviceID(1)) --platform argon --name kitchen")
    try pcon.ok("device claim \(deviceID(2)) --platform argon --name hall")
    try pcon.ok("device claim \(deviceID(3)) --platform argon --name kitchen --as bob@example.com")
    #expect(try pcon.run("device rename hall kitchen").status == 1)
    #expect(try pcon.run("device rename hall \(String(repeating: "x", count: 64))").status == 2)
    #expect(try pcon.run("device rename hall 0123456789abcdef01234567").status == 2)
    try pcon.ok("device rename hall x_y-Z9")
    #expect(try pcon.run("device show hall").status == 3)
    #expect(try pcon.ok("device show x_y-Z9 --json").contains(deviceID(2)))
    // Bob's kitchen is his own.
    #expect(try pcon.ok("device show kitchen --json").contains(deviceID(1)))
    #expect(try pcon.ok("device show kitchen --json --as bob@example.com").contains(deviceID(3)))
    #expect(try pcon.run(["doctor"]).status == 0)
  }

  @Test func notesConnectAndDisconnect() throws {
    let pcon = try Pcon()
    try pcon.account()
    try pcon.ok("device claim \(id) --platform p2 --name lab")
    try pcon.run(["device", "notes", "lab", "Shelf 3, next to the \"big\" scope"])
    try pcon.run(
      [
        "device", "connect", "lab", "--firmware-version", "3", "--device-os", "6.3.0", "--ip",
        "198.51.100.7",
      ],
      env: ["PCON_NOW": "2026-11-26T10:00:00Z"])
    var device = try #require(
      try Pcon.json(try pcon.ok("device show lab --json")) as? [String: Any])
    #expect(device["online"] as? Bool == true)
    #expect(device["notes"] as? String == "Shelf 3, next to the \"big\" scope")
    #expect(device["last_handshake_at"] as? String == "2026-11-26T10:00:00.000Z")
    #expect(device["last_heard"] as? String == "2026-11-26T10:00:00.000Z")
    #expect(device["last_ip_address"] as? String == "198.51.100.7")
    #expect(device["system_firmware_version"] as? String == "6.3.0")
    #expect(device["firmware_version"] as? Int == 3)
    try pcon.run(["device", "disconnect", "lab"], env: ["PCON_NOW": "2026-11-26T11:00:00Z"])
    device = try #require(try Pcon.json(try pcon.ok("device show lab --json")) as? [String: Any])
    #expect(device["online"] as? Bool == false)
    #expect(device["last_heard"] as? String == "2026-11-26T11:00:00.000Z")
    #expect(device["last_handshake_at"] as? String == "2026-11-26T10:00:00.000Z")
    #expect(try pcon.run("device connect lab --ip 300.1.1.1").status == 2)
    #expect(try pcon.run("device connect lab --device-os banana").status == 2)
    #expect(try pcon.run("device connect lab --firmware-version 0").status == 2)
  }

  @Test func listFiltersSortAndLimit() throws {
    let pcon = try Pcon()
    try pcon.account()
    try pcon.ok("device claim \(deviceID(3)) --platform argon --name charlie")
    try pcon.ok("device claim \(deviceID(1)) --platform boron --name alpha")
    try pcon.ok("device claim \(deviceID(2)) --platform argon --name Bravo")
    try pcon.ok("device claim \(deviceID(4)) --platform argon")
    try pcon.run(["device", "connect", "charlie"], env: ["PCON_NOW": "2026-11-26T10:00:00Z"])
    try pcon.run(["device", "connect", "alpha"], env: ["PCON_NOW": "2026-11-26T11:00:00Z"])
    func ids(_ line: String) throws -> [String] {
      let list = try #require(try Pcon.json(try pcon.ok(line + " --json")) as? [[String: Any]])
      return list.compactMap { $0["id"] as? String }
    }
    #expect(try ids("device list") == [deviceID(1), deviceID(2), deviceID(3), deviceID(4)])
    #expect(
      try ids("device list --sort id") == [deviceID(1), deviceID(2), deviceID(3), deviceID(4)])
    #expect(
      try ids("device list --sort last-heard") == [
        deviceID(1), deviceID(3), deviceID(2), deviceID(4),
      ])
    #expect(try ids("device list --online") == [deviceID(1), deviceID(3)])
    #expect(try ids("device list --offline --platform argon") == [deviceID(2), deviceID(4)])
    #expect(try ids("device list --name AR") == [deviceID(3)])
    #expect(try ids("device list --sort last-heard --limit 1") == [deviceID(1)])
    #expect(try pcon.run("device list --limit 0").status == 2)
    #expect(try pcon.run("device list --sort size").status == 2)
    #expect(try pcon.run("device list --online --offline").status == 2)
  }

  @Test func unclaimAsksAndWarnsAboutABilledSIM() throws {
    let pcon = try Pcon()
    try pcon.account()
    try pcon.ok("device claim \(id) --platform boron --name field --iccid 89014103271203845123")
    let refused = try pcon.run("device unclaim field")
    #expect(refused.status == 1)
    #expect(refused.stderr.contains("--yes"))
    #expect(try pcon.run("device show field").status == 0)
    let done = try pcon.run("device unclaim field --yes")
    #expect(done.status == 0)
    #expect(
      done.stderr.contains("warning:")
        && done.stderr.contains("89014103271203845123 is still billed"))
    #expect(try pcon.run("device show field").status == 3)
    // The SIM stays in the account, detached, until paused or released.
    let sims = try #require(try Pcon.json(try pcon.ok("sim list --json")) as? [[String: Any]])
    #expect(sims.first?["status"] as? String == "active")
    #expect(sims.first?["device_id"] is NSNull)
  }

  @Test func wifiUnclaimDoesNotWarn() throws {
    let pcon = try Pcon()
    try pcon.account()
    try pcon.ok("device claim \(id) --platform argon")
    let done = try pcon.run("device unclaim \(id) -y")
    #expect(done.status == 0 && done.stderr.isEmpty)
  }

  @Test func simLifecycle() throws {
    let pcon = try Pcon()
    try pcon.account()
    let iccid = "8901410327120384512"
    try pcon.ok("device claim \(id) --platform electron --iccid \(iccid)")
    // Resuming an active SIM is already done: it changes nothing and says so.
    #expect(try pcon.ok("sim resume \(iccid)").contains("already active"))
    try pcon.ok("sim pause \(iccid)")
    #expect(try pcon.ok("sim list").contains("paused"))
    try pcon.ok("sim resume \(iccid)")
    #expect(try pcon.run("sim release \(iccid)").status == 1)
    try pcon.ok("sim release \(iccid) --yes")
    #expect(try pcon.ok("sim list --json") == "[]\n")
    #expect(try pcon.run("sim pause \(iccid)").status == 3)
    #expect(try pcon.run("sim pause 12").status == 2)
    // A second device cannot take a SIM that is in use.
    try pcon.ok("device claim \(deviceID(9)) --platform boron --iccid 89014103271203845999")
    #expect(
      try pcon.run("device claim \(deviceID(10)) --platform boron --iccid 89014103271203845999")
        .status == 1)
  }
}
