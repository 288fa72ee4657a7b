import Foundation
import PconCore
import Testing

/// A rollout through the built binary: release with a dry run and its question, the update at
/// the handshake and its events, a failed update, a lock flashed now, target and status.
@Suite struct FirmwareRolloutTests {
  static let ids = (1...4).map(deviceID)

  /// Product 10001 (argon) with four imported devices, the first named `bench`.
  static func fleet() throws -> Pcon {
    let pcon = try Pcon()
    try pcon.account()
    try pcon.ok("product create Widgets --platform argon --id 10001")
    #expect(
      try pcon.run(
        ["device", "import", "--product", "10001", "-"], stdin: ids.joined(separator: "\n")
      ).status == 0)
    try pcon.ok("device rename \(ids[0]) bench")
    return pcon
  }

  /// Versions 1 to 3 of product 10001, uploaded as binaries built for it.
  static func uploadVersions(_ pcon: Pcon) throws {
    for version in 1...3 {
      let path = pcon.base + "/v\(version).bin"
      try Data(ModuleBuilder(platformID: 12, productID: 12, productVersion: version).build())
        .write(to: URL(fileURLWithPath: path))
      try pcon.ok(
        "firmware upload \(path) --product 10001 --version \(version) --title v\(version)")
    }
  }

  static func object(_ text: String) throws -> [String: Any] {
    try #require(try Pcon.json(text) as? [String: Any])
  }

  /// The data of the `spark/flash/status` events in the product's log, oldest first.
  static func flashStatuses(_ pcon: Pcon, device: String) throws -> [String] {
    let log = try pcon.ok("logs --product 10001 --device \(device) --json")
    return try log.split(separator: "\n").compactMap { line in
      let event = try #require(try Pcon.json(String(line)) as? [String: Any])
      return event["name"] as? String == "spark/flash/status" ? event["data"] as? String : nil
    }
  }

  @Test func aStateFromBeforeTheRunningCountsIsCountedOnOpening() throws {
    let pcon = try Self.fleet()
    try Self.uploadVersions(pcon)
    try pcon.ok("device connect bench --firmware-version 2")
    // As format 2 left it: no counts of who runs what.
    try FileManager.default.removeItem(atPath: pcon.file("running-versions"))
    let format = pcon.file("pcon.json")
    let text = try String(contentsOfFile: format, encoding: .utf8)
    try text.replacingOccurrences(of: #""format_version":4"#, with: #""format_version":2"#)
      .write(toFile: format, atomically: false, encoding: .utf8)
    let released = try pcon.run("firmware release 2 --product 10001 --product-default --yes")
    #expect(released.status == 0, "\(released.stderr)")
    #expect(try pcon.run("firmware release 3 --product 10001 --product-default --yes").status == 1)
    #expect(try pcon.run("doctor").status == 0)
    // A count that disagrees with the records is damage the doctor names.
    try #"{"versions":[{"version":2,"devices":5}]}"#.write(
      toFile: pcon.file("running-versions/10001.json"), atomically: false, encoding: .utf8)
    let doctor = try pcon.run("doctor")
    #expect(doctor.status == 5)
    #expect(doctor.stdout.contains("counts 5 devices running version 2"), "\(doctor.stdout)")
  }

  @Test func aVersionDevicesAreLockedToIsNotDeleted() throws {
    let pcon = try Self.fleet()
    try Self.uploadVersions(pcon)
    try pcon.ok("firmware lock bench 3")
    let refused = try pcon.run("firmware delete 3 --product 10001 --yes")
    #expect(refused.status == 1)
    #expect(refused.stderr.contains("locked on 1 device (bench)"), "\(refused.stderr)")
    #expect(try pcon.run("firmware show 3 --product 10001").status == 0)
    try pcon.ok("firmware unlock bench")
    // A second unlock changes nothing and says so.
    #expect(try pcon.ok("firmware unlock bench").contains("bench was not locked"))
    // Destructive, so it asks first; without a terminal to ask on, nothing is deleted.
    #expect(try pcon.run("firmware delete 3 --product 10001").status == 1)
    #expect(try pcon.run("firmware show 3 --product 10001").status == 0)
    #expect(try pcon.run("firmware delete 3 --product 10001 --yes").status == 0)
  }

  @Test func downloadWritesToStandardOutputForAPipe() throws {
    let pcon = try Self.fleet()
    try Self.uploadVersions(pcon)
    let piped = try pcon.shell("pcon firmware download 2 --product 10001 -o - | sha256sum")
    let upload = ModuleBuilder(platformID: 12, productID: 12, productVersion: 2)
    #expect(piped.stdout.hasPrefix(SHA256.hex(upload.build())), "\(piped.stdout) \(piped.stderr)")
    #expect(
      try pcon.run(["firmware", "download", "2", "--product", "10001", "-o", ""]).status == 2)
    #expect(try pcon.run("firmware download 2 --product 10001 -o - --json").status == 2)
    #expect(!FileManager.default.fileExists(atPath: pcon.file("-")))
  }

  @Test func aVersionTakenBackEverywhereShowsNoReleaseTime() throws {
    let pcon = try Self.fleet()
    try Self.uploadVersions(pcon)
    try pcon.ok("device connect bench --firmware-version 2")
    try pcon.ok("device connect \(Self.ids[1]) --firmware-version 1")
    try pcon.ok("firmware release 1 --product 10001 --product-default --yes")
    try pcon.ok("firmware release 2 --product 10001 --product-default --yes")
    // A dry run of taking 2 back says what it would update and changes nothing.
    let dry = try Self.object(
      try pcon.ok("firmware unrelease 2 --product 10001 --dry-run --json"))
    #expect(dry["dry_run"] as? Bool == true)
    #expect(
      try Self.object(try pcon.ok("firmware show 2 --product 10001 --json"))["product_default"]
        as? Bool == true)
    let one = try Self.object(try pcon.ok("firmware show 1 --product 10001 --json"))
    #expect(one["released_at"] is NSNull, "\(one)")
    let two = try Self.object(try pcon.ok("firmware show 2 --product 10001 --json"))
    #expect(two["released_at"] as? String != nil, "\(two)")
  }

  @Test func aRolloutCountsOnlyTheDevicesItTargets() throws {
    let pcon = try Self.fleet()
    try Self.uploadVersions(pcon)
    let ids = Self.ids
    try pcon.ok("device connect bench --firmware-version 2")
    try pcon.ok("firmware release 2 --product 10001 --product-default --yes")
    // Locked elsewhere and a development device: running 2 or not, not part of its rollout.
    try pcon.ok("firmware lock \(ids[1]) 1")
    try pcon.ok("device development \(ids[2]) on")
    try pcon.ok("device connect \(ids[2]) --firmware-version 2")
    let status = try Self.object(try pcon.ok("firmware status 2 --product 10001 --json"))
    #expect(status["targeted"] as? Int == 2, "\(status)")
    #expect(status["running"] as? Int == 1 && status["waiting"] as? Int == 1, "\(status)")
    let devices = try #require(status["devices"] as? [[String: Any]])
    #expect(Set(devices.compactMap { $0["id"] as? String }) == [ids[0], ids[3]])
  }

  @Test func aReleaseRollsOutAtHandshakes() throws {
    let pcon = try Self.fleet()
    try Self.uploadVersions(pcon)
    let ids = Self.ids
    try pcon.ok("device connect bench --firmware-version 2")
    try pcon.ok("device connect \(ids[1]) --firmware-version 1")
    try pcon.ok("device disconnect \(ids[1])")

    let refused = try pcon.run("firmware release 3 --product 10001 --product-default --yes")
    #expect(refused.status == 1 && refused.stderr.contains("runs on no device"), "\(refused)")
    let missing = try pcon.run("firmware release 9 --product 10001 --product-default --yes")
    #expect(missing.status == 3, "\(missing)")

    let dry = try Self.object(
      try pcon.ok("firmware release 2 --product 10001 --product-default --dry-run --json"))
    #expect(dry["impacted_devices"] as? Int == 3 && dry["dry_run"] as? Bool == true)
    let impacted = try #require(dry["impacted"] as? [[String: Any]])
    #expect(impacted.compactMap { $0["id"] as? String } == Array(ids[1...]))
    #expect(impacted.first?["running"] as? Int == 1 && impacted.first?["targeted"] as? Int == 2)
    let table = try pcon.ok("firmware release 2 --product 10001 --product-default --dry-run")
    #expect(table.contains("3 devices would be updated") && table.contains(ids[1]))

    // Without a terminal the release needs --yes, and nothing changes without it.
    let unconfirmed = try pcon.run("firmware release 2 --product 10001 --product-default")
    #expect(unconfirmed.status == 1, "\(unconfirmed)")
    #expect(try pcon.ok("firmware target \(ids[1]) --json").contains(#""reason": "none""#))
    let released = try Self.object(
      try pcon.ok("firmware release 2 --product 10001 --product-default --yes --json"))
    #expect(released["version"] as? Int == 2 && released["product_default"] as? Bool == true)
    #expect(released["groups"] as? [String] == [] && released["dry_run"] as? Bool == false)

    let target = try Self.object(try pcon.ok("firmware target \(ids[1]) --json"))
    #expect(target["device_id"] as? String == ids[1] && target["version"] as? Int == 2)
    #expect(target["reason"] as? String == "product-default" && target["group"] is NSNull)
    let shown = try Self.object(try pcon.ok("device show \(ids[1]) --json"))
    #expect(shown["targeted_firmware_release_version"] as? Int == 2)

    var status = try Self.object(try pcon.ok("firmware status 2 --product 10001 --json"))
    #expect(status["targeted"] as? Int == 4 && status["running"] as? Int == 1)
    #expect(status["waiting"] as? Int == 3 && status["failed"] as? Int == 0)

    let connected = try pcon.ok("device connect \(ids[1]) --firmware-version 1")
    #expect(connected.contains("updated over the air to firmware version 2"))
    #expect(try Self.flashStatuses(pcon, device: ids[1]) == ["started", "success"])
    let failed = try pcon.run("device connect \(ids[2]) --firmware-version 1 --ota-fail --json")
    #expect(failed.status == 0)
    #expect(try Self.object(failed.stdout)["firmware_version"] as? Int == 1)
    #expect(try Self.flashStatuses(pcon, device: ids[2]) == ["started", "failed"])

    status = try Self.object(try pcon.ok("firmware status 2 --product 10001 --json"))
    #expect(status["running"] as? Int == 2 && status["failed"] as? Int == 1)
    #expect(status["waiting"] as? Int == 1)
    let states = try #require(status["devices"] as? [[String: Any]]).compactMap {
      $0["state"] as? String
    }
    #expect(states == ["running", "running", "failed", "waiting"])
  }

  @Test func aLockBeatsTheReleaseAndFlashesAnOnlineDeviceNow() throws {
    let pcon = try Self.fleet()
    try Self.uploadVersions(pcon)
    try pcon.ok("device connect bench --firmware-version 1")
    try pcon.ok("firmware release 1 --product 10001 --product-default --yes")
    let unknown = try pcon.run("firmware lock bench 9")
    #expect(unknown.status == 3 && unknown.stderr.contains("no firmware version 9"))
    let locked = try pcon.ok("firmware lock bench 3 --flash-now")
    #expect(locked.contains("locked bench to version 3; flashed now"))
    #expect(try Self.flashStatuses(pcon, device: Self.ids[0]) == ["started", "success"])
    let target = try Self.object(try pcon.ok("firmware target bench --json"))
    #expect(target["version"] as? Int == 3 && target["reason"] as? String == "locked")
    try pcon.ok("device development bench on")
    #expect(try pcon.ok("firmware target bench --json").contains(#""reason": "development""#))
    try pcon.ok("device development bench off")
    let unlocked = try pcon.ok("firmware unlock bench")
    #expect(unlocked.contains("it now targets version 1"))
  }

  @Test func anImportIntoAProductWithADefaultReleaseSaysWhenItsDevicesUpdate() throws {
    let pcon = try Self.fleet()
    try Self.uploadVersions(pcon)
    try pcon.ok("device connect bench --firmware-version 1")
    try pcon.ok("firmware release 1 --product 10001 --product-default --yes")
    let imported = try pcon.run(
      ["device", "import", "--product", "10001", "-"], stdin: deviceID(9) + "\n")
    #expect(imported.status == 0)
    #expect(imported.stderr.contains("version 1, at their next handshake"), "\(imported.stderr)")
  }

  /// The same flow from a real upload of a generated module binary.
  @Test func aReleaseOfAnUploadedBinary() throws {
    let pcon = try Self.fleet()
    let binary = pcon.file("../v2.bin")
    try Data(ModuleBuilder(platformID: 12, productID: 10001, productVersion: 2).build())
      .write(to: URL(fileURLWithPath: binary))
    try pcon.ok("firmware upload \(binary) --product 10001 --version 2 --title two")
    try pcon.ok("device connect bench --firmware-version 2")
    let dry = try Self.object(
      try pcon.ok("firmware release 2 --product 10001 --product-default --dry-run --json"))
    #expect(dry["impacted_devices"] as? Int == 3)
    try pcon.ok("firmware release 2 --product 10001 --product-default --yes")
    #expect(try pcon.ok("device connect \(Self.ids[1])").contains("firmware version 2"))
  }
}
