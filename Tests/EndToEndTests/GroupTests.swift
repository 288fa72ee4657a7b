import Foundation
import PconCore
import Testing

/// `pcon group …` run as a binary: every refusal with its exit status and one line, the JSON
/// shapes of CLI.md, membership that is idempotent, and a delete that leaves nothing behind.
@Suite struct GroupTests {
  /// Product 10001 (Argons) of ada with devices 1 to 3 (device 1 named north), device 4 waiting
  /// in its quarantine, and product 10002 with device 5.
  func fleet() throws -> Pcon {
    let pcon = try Pcon()
    try pcon.account()
    try pcon.ok("product create Pumps --platform argon --id 10001")
    try pcon.ok("product create Other --platform argon --id 10002")
    try pcon.run(
      "device import --product 10001 -", stdin: (1...3).map { deviceID($0) + "\n" }.joined())
    try pcon.run("device import --product 10002 -", stdin: deviceID(5) + "\n")
    try pcon.ok("device rename \(deviceID(1)) north")
    try pcon.ok("device connect \(deviceID(4)) --product-id 10001")
    return pcon
  }

  func expectDoctorClean(_ pcon: Pcon, sourceLocation: SourceLocation = #_sourceLocation) throws {
    let doctor = try pcon.run("doctor")
    #expect(doctor.status == 0, "\(doctor.stdout)", sourceLocation: sourceLocation)
  }

  @Test(arguments: [
    ("group create Beta --product 10001", 2, "invalid group name 'Beta'"),
    ("group create a.b --product 10001", 2, "invalid group name 'a.b'"),
    ("group create \(String(repeating: "g", count: 65)) --product 10001", 2, "invalid group name"),
    ("group create beta --product 10001 --color red", 2, "invalid group colour 'red'"),
    ("group create beta --product 10001", 1, "product 10001 already has a group named 'beta'"),
    ("group create gamma", 2, "--product"),
    ("group create gamma --product 999", 3, "no product '999'"),
    ("group show gamma --product 10001", 3, "product 10001 has no group 'gamma'"),
    ("group delete gamma --product 10001", 3, "product 10001 has no group 'gamma'"),
    ("group show bta --product 10001", 3, "did you mean 'beta'?"),
    ("group add beta --product 10001", 2, "DEVICE"),
    ("group add gamma north --product 10001", 3, "no group 'gamma'"),
    ("group add beta nowhere --product 10001", 3, "no device 'nowhere'"),
    ("group add beta \(deviceID(5)) --product 10001", 1, "is not in product pumps"),
    ("group add beta \(deviceID(4)) --product 10001", 1, "waits in the quarantine"),
    ("group remove beta \(deviceID(5)) --product 10001", 1, "is not in product pumps"),
  ])
  func refusals(line: String, status: Int32, says: String) throws {
    let pcon = try fleet()
    try pcon.ok("group create beta --product 10001")
    let result = try pcon.run(line)
    #expect(result.status == status, "\(line): \(result.stderr)")
    #expect(result.stderr.contains(says), "\(line): \(result.stderr)")
    #expect(result.stderr.hasPrefix("error: "), "\(result.stderr)")
    #expect(result.stdout.isEmpty)
    // Nothing changed: beta is still the only group, and empty.
    let list = try #require(
      try Pcon.json(pcon.ok("group list --product 10001 --json")) as? [[String: Any]])
    #expect(list.map { $0["name"] as? String } == ["beta"])
    #expect(list.first?["device_count"] as? Int == 0)
  }

  @Test func groupsPrintCLIShapes() throws {
    let pcon = try fleet()
    pcon.environment["PCON_NOW"] = "2026-11-26T10:00:00Z"
    let created = try #require(
      try Pcon.json(
        pcon.ok("group create beta --product 10001 --color #2E86DE --description testers --json"))
        as? [String: Any])
    #expect(
      created.keys.sorted() == ["color", "created_at", "description", "device_count", "name"])
    #expect(created["color"] as? String == "#2E86DE")
    #expect(created["created_at"] as? String == "2026-11-26T10:00:00.000Z")
    try pcon.ok("group add beta north \(deviceID(2)) --product 10001")
    let shown = try #require(
      try Pcon.json(pcon.ok("group show beta --product 10001 --json")) as? [String: Any])
    #expect(
      shown.keys.sorted() == [
        "color", "created_at", "description", "device_count", "devices", "name",
      ])
    #expect(shown["devices"] as? [String] == [deviceID(1), deviceID(2)])
    #expect(shown["device_count"] as? Int == 2)
    let list = try #require(
      try Pcon.json(pcon.ok("group list --product 10001 --json")) as? [[String: Any]])
    #expect(list.count == 1 && list[0]["device_count"] as? Int == 2 && list[0]["devices"] == nil)
    let edited = try #require(
      try Pcon.json(pcon.ok("group edit beta --product 10001 --color #000000 --json"))
        as? [String: Any])
    #expect(
      edited["color"] as? String == "#000000" && edited["description"] as? String == "testers")
    #expect(edited["device_count"] as? Int == 2)
  }

  @Test func addingAndRemovingTwiceChangesNothingTheSecondTime() throws {
    let pcon = try fleet()
    try pcon.ok("group create beta --product 10001")
    let first = try #require(
      try Pcon.json(pcon.ok("group add beta north \(deviceID(2)) --product 10001 --json"))
        as? [String: Any])
    #expect(first["added"] as? [String] == [deviceID(1), deviceID(2)])
    #expect(first["already_in"] as? [String] == [])
    let before = try String(
      contentsOfFile: pcon.file("group-devices/10001-beta.json"), encoding: .utf8)
    let second = try pcon.ok("group add beta north --product 10001")
    #expect(second == "already in group beta, left as they were: north\n")
    let after = try String(
      contentsOfFile: pcon.file("group-devices/10001-beta.json"), encoding: .utf8)
    #expect(before == after)
    let removed = try #require(
      try Pcon.json(pcon.ok("group remove beta north \(deviceID(3)) --product 10001 --json"))
        as? [String: Any])
    #expect(removed["removed"] as? [String] == [deviceID(1)])
    #expect(removed["not_in"] as? [String] == [deviceID(3)])
    let device = try #require(
      try Pcon.json(pcon.ok("device show \(deviceID(2)) --json")) as? [String: Any])
    #expect(device["groups"] as? [String] == ["beta"])
    let listed = try #require(
      try Pcon.json(pcon.ok("device list --product 10001 --group beta --json")) as? [[String: Any]])
    #expect(listed.compactMap { $0["id"] as? String } == [deviceID(2)])
    try expectDoctorClean(pcon)
  }

  @Test func deletingAGroupTakesItOffDevicesAndReleases() throws {
    let pcon = try fleet()
    try pcon.ok("group create beta --product 10001")
    try pcon.ok("group create alpha --product 10001")
    try pcon.ok("group add beta north \(deviceID(2)) --product 10001")
    try pcon.ok("group add alpha \(deviceID(2)) --product 10001")
    // A version uploaded, then released to both groups as a release writes it.
    let binary = pcon.base + "/two.bin"
    try Data(ModuleBuilder(platformID: 12, productID: 12, productVersion: 2).build()).write(
      to: URL(fileURLWithPath: binary))
    try pcon.ok("firmware upload \(binary) --product 10001 --version 2 --title two")
    let path = pcon.file("firmware/10001.json")
    let uploaded = try String(contentsOfFile: path, encoding: .utf8)
    try uploaded.replacingOccurrences(of: #""groups":[]"#, with: #""groups":["alpha","beta"]"#)
      .data(using: .utf8)?.write(to: URL(fileURLWithPath: path))
    try expectDoctorClean(pcon)

    // Destructive, so it asks first; without a terminal to ask on, nothing is deleted.
    let unasked = try pcon.run("group delete beta --product 10001")
    #expect(unasked.status == 1)
    #expect(
      unasked.stderr.contains("taking it off 2 devices and taking back firmware 2"),
      "\(unasked.stderr)")
    #expect(try pcon.run("group show beta --product 10001").status == 0)
    let said = try pcon.ok("group delete beta --product 10001 --yes")
    #expect(
      said == "deleted group beta; 2 devices left it; firmware 2 is no longer released to it\n")
    let north = try #require(try Pcon.json(pcon.ok("device show north --json")) as? [String: Any])
    #expect(north["groups"] as? [String] == [])
    let two = try #require(
      try Pcon.json(pcon.ok("device show \(deviceID(2)) --json")) as? [String: Any])
    #expect(two["groups"] as? [String] == ["alpha"])
    let stored = try String(contentsOfFile: pcon.file("firmware/10001.json"), encoding: .utf8)
    #expect(stored.contains(#""groups":["alpha"]"#), "\(stored)")
    #expect(!FileManager.default.fileExists(atPath: pcon.file("group-devices/10001-beta.json")))
    #expect(try pcon.run("group show beta --product 10001").status == 3)
    try expectDoctorClean(pcon)
    // The name is free again, and the new group starts empty.
    try pcon.ok("group create beta --product 10001")
    #expect(try pcon.ok("device list --product 10001 --group beta --json") == "[]\n")
  }

  @Test func aDescriptionFromAnotherPersonIsShownEscaped() throws {
    let pcon = try fleet()
    try pcon.run(["group", "create", "beta", "--product", "10001", "--description", "a\u{1B}[2Jb"])
    let table = try pcon.ok("group list --product 10001")
    #expect(!table.contains("\u{1B}"), "\(table)")
    #expect(table.contains("beta"))
  }

  @Test func groupNamesAndDevicesComplete() throws {
    let pcon = try fleet()
    try pcon.ok("group create beta --product 10001")
    try pcon.ok("group create alpha --product 10001")
    try pcon.ok("group create secret --product 10002")
    let names = try pcon.run(["__complete", "--", "group", "show", "--product", "10001", ""])
    #expect(names.stdout == "alpha\nbeta\n")
    #expect(try pcon.ok("__complete -- group delete --product 10001 b") == "beta\n")
    let grouped = try pcon.run([
      "__complete", "--", "device", "list", "--product", "10001", "--group", "",
    ])
    #expect(grouped.stdout == "alpha\nbeta\n")
    let devices = try pcon.run([
      "__complete", "--", "group", "add", "beta", "--product", "10001", "",
    ])
    #expect(devices.stdout.contains("north") && devices.stdout.contains(deviceID(2)))
    #expect(!devices.stdout.contains(deviceID(5)))
  }
}
