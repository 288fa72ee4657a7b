import Foundation
import Testing

/// What `device show` says and what claiming and naming accept match what the device is: a
/// quarantined device says so, a name reads as a name, and a device that reported its
/// platform is not claimed as another.
@Suite struct DeviceRecordTruthTests {
  let waiting = deviceID(7)

  /// ada's product 10001 (Borons) with `waiting` quarantined in it by its own handshake.
  func quarantine() throws -> Pcon {
    let pcon = try Pcon()
    try pcon.account("ada@example.com")
    let created = try pcon.run([
      "product", "create", "Pump Monitors", "--platform", "boron", "--id", "10001",
    ])
    #expect(created.status == 0, "\(created.stderr)")
    #expect(
      try pcon.ok("device connect \(waiting) --product-id 10001").contains("quarantined"))
    return pcon
  }

  @Test func showMarksAQuarantinedDeviceAndNamesItsProductBySlug() throws {
    let pcon = try quarantine()
    let shown = try pcon.ok("device show \(waiting)")
    let rows = shown.split(separator: "\n").map {
      $0.split(separator: " ", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
    }
    #expect(rows.contains(["quarantined", "yes: not admitted until imported"]), "\(shown)")
    #expect(rows.contains(["product", "pump-monitors (10001)"]), "\(shown)")
    let json = try #require(
      try Pcon.json(try pcon.ok("device show \(waiting) --json")) as? [String: Any])
    #expect(json["quarantined"] as? Bool == true)
    // Once imported it is a member, and says that too.
    _ = try pcon.run("device import --product 10001 -", stdin: "\(waiting)\n")
    #expect(try pcon.ok("device show \(waiting)").contains("quarantined       no"))
    let sandbox = try pcon.ok("device claim \(deviceID(8)) --platform argon --name desk")
    #expect(sandbox.contains("desk"))
    #expect(try pcon.ok("device show desk").contains("product           - (sandbox)"))
  }

  @Test func reclaimingAsAnotherPlatformThanReportedIsRefused() throws {
    let pcon = try quarantine()
    let before = try StateSnapshot(of: pcon.stateDir)
    let refused = try pcon.run("device claim \(waiting) --platform argon")
    #expect(refused.status == 1)
    #expect(
      refused.stderr.contains("device \(waiting) reported platform boron"), "\(refused.stderr)")
    let after = try StateSnapshot(of: pcon.stateDir)
    for file in before.files { #expect(after.contents(of: file) == before.contents(of: file)) }
    // Claimed as what it is, it comes into the sandbox.
    try pcon.ok("device claim \(waiting) --platform boron")
    #expect(try pcon.ok("device show \(waiting)").contains("boron (13)"))
  }

  @Test(arguments: [
    (["--name=-lamp"], "invalid device name '-lamp': it starts with '-'"),
    (["--name", "   "], "invalid device name '': it is empty"),
    (["--name="], "invalid device name '': it is empty"),
  ])
  func claimRefusesNamesThatAreNotNames(option: [String], message: String) throws {
    let pcon = try Pcon()
    try pcon.account()
    let result = try pcon.run(
      ["device", "claim", deviceID(1), "--platform", "argon"] + option)
    #expect(result.status == 2)
    #expect(result.stderr.contains(message), "\(result.stderr)")
    #expect(try pcon.ok("device list --json") == "[]\n")
  }

  @Test func renameRefusesNamesThatAreNotNamesAndTrimsSpaces() throws {
    let pcon = try Pcon()
    try pcon.account()
    try pcon.ok("device claim \(deviceID(1)) --platform argon --name lamp")
    for name in ["-x", "--", " ", "\t"] {
      let result = try pcon.run(["device", "rename", "lamp", "--", name])
      #expect(result.status == 2, "'\(name)': \(result.stderr)")
      #expect(result.stderr.contains("invalid device name"), "\(result.stderr)")
    }
    #expect(try pcon.ok("device show lamp").contains(deviceID(1)))
    let padded = try pcon.run(["device", "rename", "lamp", "  porch  "])
    #expect(padded.stdout == "renamed \(deviceID(1)) to porch\n", "\(padded.stderr)")
    #expect(try pcon.ok("device show porch").contains(deviceID(1)))
  }
}
