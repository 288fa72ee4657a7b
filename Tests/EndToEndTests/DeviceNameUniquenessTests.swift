import Foundation
import Testing

/// A name is unique among every device the actor sees when it names or claims one; where two
/// still share a name (devices seen through two teams), every command that takes the name
/// refuses it listing their IDs, and so does `device:NAME` in a log query.
@Suite struct DeviceNameUniquenessTests {
  let lamp = deviceID(1)
  let sign = deviceID(2)

  /// ada owns product 10001 and its device `lamp`; the sandbox device 3 is hers too.
  func adaWithProductDevice() throws -> Pcon {
    let pcon = try Pcon()
    try pcon.account("ada@example.com")
    try pcon.ok("product create Lamps --platform argon --id 10001")
    _ = try pcon.run("device import --product 10001 -", stdin: "\(lamp)\n")
    try pcon.ok("device rename \(lamp) lamp")
    try pcon.ok("device claim \(deviceID(3)) --platform argon --name desk")
    return pcon
  }

  @Test func renamingToANameTheActorSeesIsRefusedNamingTheHolder() throws {
    let pcon = try adaWithProductDevice()
    let before = try StateSnapshot(of: pcon.stateDir)
    // The sandbox device and the product device live in different name spaces; ada sees both.
    for line in [
      "device rename desk lamp", "device rename \(lamp) desk",
      "device claim \(deviceID(4)) --platform argon --name lamp",
    ] {
      let result = try pcon.run(line)
      #expect(result.status == 1, "\(line): \(result.stderr)")
      let holder = line.hasSuffix("desk") ? deviceID(3) : lamp
      #expect(result.stderr.contains("device \(holder), which you can see, is already named"))
    }
    let after = try StateSnapshot(of: pcon.stateDir)
    for file in before.files { #expect(after.contents(of: file) == before.contents(of: file)) }
    // A device keeps its own name, and a free name is given.
    try pcon.ok("device rename lamp lamp")
    try pcon.ok("device rename lamp porch")
    try pcon.ok("device rename desk lamp")
  }

  /// A person who cannot see the team's devices may use their names: the names only meet in
  /// the eyes of someone on both teams.
  func twoTeams() throws -> Pcon {
    let pcon = try adaWithProductDevice()
    try pcon.account("bo@example.com")
    try pcon.ok("product create Signs --platform argon --id 10002 --as bo@example.com")
    _ = try pcon.run(
      "device import --product 10002 - --as bo@example.com", stdin: "\(sign)\n")
    try pcon.ok("device rename \(sign) lamp --as bo@example.com")
    try pcon.ok("team invite ada@example.com --product 10002 --as bo@example.com")
    try pcon.ok("invite accept 10002 --as ada@example.com")
    return pcon
  }

  @Test func aNameSeenTwiceIsRefusedListingBothIDs() throws {
    let pcon = try twoTeams()
    for line in [
      ["device", "show", "lamp"], ["publish", "hello", "--device", "lamp"],
      ["device", "connect", "lamp"], ["logs", "device:lamp"], ["logs", "event:x -device:lamp"],
      ["logs", "device:desk device:lamp", "--product", "10001"],
    ] {
      let result = try pcon.run(line)
      #expect(result.status == 1, "\(line): \(result.stderr)")
      #expect(
        result.stderr.contains("more than one device you can see is named 'lamp'")
          && result.stderr.contains(lamp) && result.stderr.contains(sign),
        "\(line): \(result.stderr)")
    }
    // Each is still reached by its ID, and bo, who sees one, by the name.
    #expect(try pcon.ok("device show \(sign)").contains("lamp"))
    #expect(try pcon.ok("device show lamp --as bo@example.com").contains(sign))
    #expect(try pcon.run(["logs", "device:lamp", "--as", "bo@example.com"]).status == 0)
    #expect(try pcon.run(["logs", "device:desk"]).status == 0)
  }
}
