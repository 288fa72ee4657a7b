import Foundation
import Testing

/// A customer and a person with the same email are different principals: a device claimed for
/// the customer is not the person's, whether the person's account came before or after, and
/// also when the device was stored before owners had a kind.
@Suite struct CustomerPrincipalTests {
  static let device = deviceID(21)
  static let customerEnv = ["PCON_NOW": "2026-01-02T00:00:00Z"]

  /// Product 10001 with `device` claimed for its customer alice@example.com; alice's token.
  static func fleet() throws -> (Pcon, String) {
    let pcon = try Pcon.customerFleet(device: device, named: "kettle")
    let issued = try pcon.run(
      ["customer", "token", "alice@example.com", "--product", "10001"], env: customerEnv)
    return (pcon, issued.stdout.trimmingCharacters(in: .whitespacesAndNewlines))
  }

  /// Removes the owner kind from every stored device, as a state written before kinds were
  /// kept holds them.
  static func forgetOwnerKinds(_ pcon: Pcon) throws {
    let folder = pcon.file("devices")
    for name in try FileManager.default.contentsOfDirectory(atPath: folder) {
      let path = folder + "/" + name
      let text = try String(contentsOfFile: path, encoding: .utf8)
      let stripped = text.replacingOccurrences(
        of: #""owner_kind"\s*:\s*"[a-z]+"\s*,\s*"#, with: "", options: .regularExpression)
      #expect(!stripped.contains("owner_kind"))
      try stripped.write(toFile: path, atomically: false, encoding: .utf8)
    }
  }

  /// What the person alice@example.com reaches of the customer's device.
  static func expectPersonIsRefused(_ pcon: Pcon) throws {
    let alice = "--as alice@example.com"
    for line in [
      "device show kettle", "device show \(device)", "device rename \(device) mine",
      "device notes \(device) hello", "device connect \(device)", "device unclaim \(device) --yes",
    ] {
      let result = try pcon.run(line + " " + alice)
      #expect(result.status == 3, "\(line): \(result.stderr)")
    }
    #expect(try pcon.ok("device list --json \(alice)") == "[]\n")
  }

  static func expectCustomerStillSees(_ pcon: Pcon, token: String) throws {
    var env = customerEnv
    env["PCON_TOKEN"] = token
    let listed = try pcon.run(["device", "list", "--json"], env: env)
    let devices = try #require(try Pcon.json(listed.stdout) as? [[String: Any]])
    #expect(devices.map { $0["id"] as? String } == [device], "\(listed.stderr)")
  }

  @Test func aPersonCreatedWithACustomersEmailGetsNothingOfItsDevices() throws {
    let (pcon, token) = try Self.fleet()
    try pcon.ok("account create alice@example.com")
    try Self.expectPersonIsRefused(pcon)
    try Self.expectCustomerStillSees(pcon, token: token)
    #expect(try pcon.run("doctor").status == 0)
  }

  @Test func aPersonWhoExistedFirstGetsNothingEither() throws {
    let pcon = try Pcon()
    try pcon.account("owner@example.com")
    try pcon.account("alice@example.com")
    try pcon.ok("login owner@example.com")
    try pcon.ok("product create Pumps --platform argon --id 10001")
    _ = try pcon.run(["device", "import", "--product", "10001", "-"], stdin: Self.device + "\n")
    try pcon.ok("device rename \(Self.device) kettle")
    try pcon.ok("customer create alice@example.com --product 10001")
    try pcon.ok("customer claim \(Self.device) alice@example.com --product 10001")
    try Self.expectPersonIsRefused(pcon)
  }

  @Test func anOwnerStoredWithoutAKindReadsAsTheCustomerWhenTheProductHasOne() throws {
    let (pcon, token) = try Self.fleet()
    try pcon.ok("account create alice@example.com")
    try Self.forgetOwnerKinds(pcon)
    try Self.expectPersonIsRefused(pcon)
    try Self.expectCustomerStillSees(pcon, token: token)
  }

  @Test func aPersonsOwnDeviceStoredWithoutAKindIsStillTheirs() throws {
    let pcon = try Pcon()
    try pcon.account("bob@example.com")
    try pcon.ok("device claim \(Self.device) --platform argon --name desk")
    try Self.forgetOwnerKinds(pcon)
    #expect(try pcon.ok("device show desk").contains(Self.device))
    try pcon.ok("device rename desk lamp")
    #expect(try pcon.ok("device list").contains("lamp"))
  }
}
