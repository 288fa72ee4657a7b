import Foundation
import Testing

/// SIM commands take the device a SIM is in as well as its ICCID; a step already taken (pausing
/// a paused SIM) succeeds and says nothing changed; lists show device names.
@Suite struct SIMByDeviceTests {
  let iccid = "89014103271203845123"

  func fieldWithSIM() throws -> Pcon {
    let pcon = try Pcon()
    try pcon.account()
    try pcon.ok("device claim \(deviceID(1)) --platform boron --name field --iccid \(iccid)")
    return pcon
  }

  func status(_ pcon: Pcon) throws -> String? {
    let sims = try #require(try Pcon.json(try pcon.ok("sim list --json")) as? [[String: Any]])
    return sims.first?["status"] as? String
  }

  @Test func aSIMIsNamedByItsDevice() throws {
    let pcon = try fieldWithSIM()
    #expect(try pcon.ok("sim pause field") == "SIM \(iccid) paused\n")
    #expect(try status(pcon) == "paused")
    #expect(try pcon.ok("sim resume \(deviceID(1))") == "SIM \(iccid) resumed\n")
    #expect(try status(pcon) == "active")
    // release asks first, naming the SIM the device holds.
    let unasked = try pcon.run("sim release field")
    #expect(unasked.status == 1 && unasked.stderr.contains("release SIM \(iccid)"))
    #expect(try pcon.ok("sim release field --yes") == "SIM \(iccid) released\n")
    #expect(try pcon.ok("sim list --json") == "[]\n")
  }

  @Test func aDeviceWithoutASIMOrAnUnknownNameIsNotFound() throws {
    let pcon = try fieldWithSIM()
    try pcon.ok("device claim \(deviceID(2)) --platform boron --name bare")
    let bare = try pcon.run("sim pause bare")
    #expect(bare.status == 3)
    #expect(bare.stderr == "error: device bare has no SIM in your account\n", "\(bare.stderr)")
    let typo = try pcon.run("sim pause feild")
    #expect(typo.status == 3 && typo.stderr.contains("no device 'feild'"), "\(typo.stderr)")
    // Digits that name no device were meant as an ICCID.
    #expect(try pcon.run("sim pause 1234").status == 2)
    // Another account's device, even one it can see, has no SIM in this account.
    try pcon.account("bo@example.com")
    #expect(try pcon.run("sim pause field --as bo@example.com").status == 3)
  }

  @Test func aStepAlreadyTakenSucceedsAndSaysSo() throws {
    let pcon = try fieldWithSIM()
    try pcon.ok("sim pause \(iccid)")
    let again = try pcon.run("sim pause \(iccid)")
    #expect(again.status == 0, "\(again.stderr)")
    #expect(again.stdout == "SIM \(iccid) is already paused; nothing changed\n")
    let json = try #require(try Pcon.json(try pcon.ok("sim pause field --json")) as? [String: Any])
    #expect(json["status"] as? String == "paused")
    try pcon.ok("sim resume field")
    #expect(try pcon.ok("sim resume field") == "SIM \(iccid) is already active; nothing changed\n")
  }

  @Test func simAndCustomerListsShowDeviceNames() throws {
    let pcon = try fieldWithSIM()
    let sims = try pcon.ok("sim list --no-headers")
    #expect(sims.contains(" field ") && !sims.contains(deviceID(1)), "\(sims)")
    try pcon.ok("product create Pumps --platform argon --id 10001")
    _ = try pcon.run(
      "device import --product 10001 -", stdin: "\(deviceID(3))\n\(deviceID(4))\n")
    try pcon.ok("device rename \(deviceID(3)) pump")
    try pcon.ok("customer create cy@example.com --product 10001")
    try pcon.ok("customer claim pump cy@example.com --product 10001")
    try pcon.ok("customer claim \(deviceID(4)) cy@example.com --product 10001")
    let customers = try pcon.ok("customer list --product 10001 --no-headers")
    #expect(customers == "cy@example.com  pump,\(deviceID(4))\n", "\(customers)")
    // JSON keeps the IDs scripts rely on.
    let json = try #require(
      try Pcon.json(try pcon.ok("customer list --product 10001 --json")) as? [[String: Any]])
    #expect(json.first?["devices"] as? [String] == [deviceID(3), deviceID(4)])
  }
}
