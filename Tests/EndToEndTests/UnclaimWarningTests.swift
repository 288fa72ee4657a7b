import Foundation
import Testing

/// `device unclaim` refuses a device nobody owns, and warns of a billed SIM before it asks,
/// only when it knows the SIM and the SIM is active.
@Suite struct UnclaimWarningTests {
  let iccid = "89014103271203845123"

  @Test func unclaimingADeviceNobodyOwnsIsRefusedWithoutAWarning() throws {
    let pcon = try Pcon()
    try pcon.account()
    try pcon.ok("product create Pumps --platform boron --id 10001")
    _ = try pcon.run("device import --product 10001 -", stdin: "\(deviceID(1))\n")
    try pcon.ok("device rename \(deviceID(1)) pump")
    // A quarantined device nobody claimed is not removed by unclaim either.
    try pcon.ok("device connect \(deviceID(2)) --product-id 10001")
    let before = try StateSnapshot(of: pcon.stateDir)
    for line in ["device unclaim pump --yes", "device unclaim pump"] {
      let result = try pcon.run(line)
      #expect(result.status == 1, "\(line): \(result.stderr)")
      #expect(
        result.stderr == "error: device pump is not claimed, so there is nothing to unclaim\n",
        "\(line): \(result.stderr)")
    }
    #expect(try pcon.run("device unclaim \(deviceID(2)) --yes").status == 1)
    let after = try StateSnapshot(of: pcon.stateDir)
    #expect(after.files == before.files)
    for file in before.files {
      #expect(after.contents(of: file) == before.contents(of: file), "\(file)")
    }
  }

  @Test func theSIMWarningComesBeforeTheQuestion() throws {
    let pcon = try Pcon()
    try pcon.account()
    try pcon.ok("device claim \(deviceID(1)) --platform boron --name field --iccid \(iccid)")
    // No terminal to ask on: the warning is already said when the question is refused.
    let unasked = try pcon.run("device unclaim field")
    #expect(unasked.status == 1)
    let lines = unasked.stderr.split(separator: "\n")
    #expect(lines.count == 2, "\(unasked.stderr)")
    #expect(lines.first?.hasPrefix("warning: ") == true && lines.first?.contains(iccid) == true)
    #expect(lines.last?.contains("without confirmation") == true)
    let done = try pcon.run("device unclaim field --yes --json")
    #expect(done.status == 0)
    #expect(done.stderr.hasPrefix("warning: \(deviceID(1)) is cellular: SIM \(iccid)"))
    let json = try #require(try Pcon.json(done.stdout) as? [String: Any])
    #expect(json["billed_sim"] as? String == iccid)
  }

  @Test func noWarningWithoutAKnownActiveSIM() throws {
    let pcon = try Pcon()
    try pcon.account()
    // Cellular, but pcon was never told its SIM.
    try pcon.ok("device claim \(deviceID(1)) --platform boron")
    let unknown = try pcon.run("device unclaim \(deviceID(1)) --yes --json")
    #expect(unknown.status == 0 && unknown.stderr.isEmpty, "\(unknown.stderr)")
    #expect((try Pcon.json(unknown.stdout) as? [String: Any])?["billed_sim"] is NSNull)
    // A paused SIM is not billed.
    try pcon.ok("device claim \(deviceID(2)) --platform boron --iccid \(iccid)")
    try pcon.ok("sim pause \(iccid)")
    let paused = try pcon.run("device unclaim \(deviceID(2)) --yes")
    #expect(paused.status == 0 && paused.stderr.isEmpty, "\(paused.stderr)")
  }
}
