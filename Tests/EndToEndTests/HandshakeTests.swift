import Foundation
import Testing

/// `device connect --product-id N` plays a device's handshake: it may create or admit only a
/// device the cloud does not know, one already waiting in N's quarantine, or one the actor can
/// see. Any other device is "not found" and the state is left byte for byte as it was.
@Suite struct HandshakeTests {
  static let member = deviceID(1)
  static let waiting = deviceID(2)
  static let sandbox = deviceID(3)
  static let fresh = deviceID(4)

  /// A victim with product 10001 (one member named `pump`, one device in quarantine) and a
  /// sandbox device; an attacker with product 10002 of its own.
  static func fleet() throws -> Pcon {
    let pcon = try Pcon()
    try pcon.account("victim@example.com")
    try pcon.account("attacker@example.com")
    let victim = "--as victim@example.com"
    try pcon.ok("product create Pumps --platform argon --id 10001 \(victim)")
    try pcon.ok("product create Mine --platform argon --id 10002 --as attacker@example.com")
    #expect(
      try pcon.run(
        ["device", "import", "--product", "10001", "-", "--as", "victim@example.com"],
        stdin: member + "\n"
      ).status == 0)
    try pcon.ok("device rename \(member) pump \(victim)")
    try pcon.ok("device connect \(waiting) --product-id 10001 \(victim)")
    try pcon.ok("device claim \(sandbox) --platform argon --name desk \(victim)")
    return pcon
  }

  /// The bytes of every state file but the lock, by path.
  static func files(_ pcon: Pcon) throws -> [String: Data] {
    var files: [String: Data] = [:]
    for entry in try StateSnapshot(of: pcon.stateDir).entries where entry.path != "lock" {
      if let contents = entry.contents { files[entry.path] = contents }
    }
    return files
  }

  @Test(arguments: [member, waiting, sandbox, "pump", "desk"])
  func anotherAccountsDeviceIsNotFoundAndUntouched(_ reference: String) throws {
    let pcon = try Self.fleet()
    let before = try Self.files(pcon)
    let result = try pcon.run(
      "device connect \(reference) --product-id 10002 --ip 10.6.6.6 --firmware-version 9"
        + " --as attacker@example.com")
    #expect(result.status == 3, "\(result.stderr)")
    #expect(result.stderr.contains("no device '\(reference)'"), "\(result.stderr)")
    #expect(!result.stderr.contains("pump") || reference == "pump")
    #expect(!result.stderr.contains("victim"))
    #expect(try Self.files(pcon) == before)
  }

  @Test func claimingCannotTakeADeviceOutOfAnotherProductsQuarantine() throws {
    let pcon = try Self.fleet()
    let before = try Self.files(pcon)
    let result = try pcon.run(
      "device claim \(Self.waiting) --platform argon --as attacker@example.com")
    #expect(result.status == 1, "\(result.stderr)")
    #expect(!result.stderr.contains("victim"))
    #expect(try Self.files(pcon) == before)
  }

  @Test func anAPIUserOfAnotherProductCannotMoveAQuarantinedDevice() throws {
    let pcon = try Self.fleet()
    let token = try pcon.ok(
      "team api-user create bot --product 10002 --scope devices:update --as attacker@example.com"
    ).trimmingCharacters(in: .whitespacesAndNewlines)
    let before = try Self.files(pcon)
    let result = try pcon.run(
      ["device", "connect", Self.waiting, "--product-id", "10002"],
      env: ["PCON_TOKEN": token])
    #expect(result.status == 3, "\(result.stderr)")
    #expect(try Self.files(pcon) == before)
  }

  @Test func anUnknownDeviceArrivesAndWaitsThenReconnects() throws {
    let pcon = try Self.fleet()
    let attacker = "--as attacker@example.com"
    try pcon.ok("device connect \(Self.fresh) --product-id 10002 \(attacker)")
    try pcon.ok("device connect \(Self.fresh) --product-id 10002 --ip 10.0.0.2 \(attacker)")
    let waiting = try #require(
      try Pcon.json(try pcon.ok("device list --product 10002 --quarantined --json \(attacker)"))
        as? [[String: Any]])
    #expect(waiting.map { $0["id"] as? String } == [Self.fresh])
    #expect(waiting.first?["last_ip_address"] as? String == "10.0.0.2")
  }

  @Test func theVictimStillConnectsItsOwnDevices() throws {
    let pcon = try Self.fleet()
    let victim = "--as victim@example.com"
    try pcon.ok("device connect pump --product-id 10001 \(victim)")
    try pcon.ok("device connect \(Self.waiting) --product-id 10001 \(victim)")
    // Its own sandbox device reporting its product waits in that product's quarantine.
    try pcon.ok("device connect desk --product-id 10001 \(victim)")
    let waiting = try #require(
      try Pcon.json(try pcon.ok("device list --product 10001 --quarantined --json \(victim)"))
        as? [[String: Any]])
    #expect(
      Set(waiting.compactMap { $0["id"] as? String }) == [Self.waiting, Self.sandbox])
  }
}
