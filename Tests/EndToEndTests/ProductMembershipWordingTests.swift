import Foundation
import Testing

/// A device the actor sees but that is not in the product a command names is refused as not
/// in that product (not "not found"), and no refusal carries a placeholder for a missing name.
@Suite struct ProductMembershipWordingTests {
  /// ada's product 10001 with member 1 (`pump`), quarantined 2, a sandbox device `desk`, and a
  /// customer cy.
  func fleet() throws -> Pcon {
    let pcon = try Pcon()
    try pcon.account("ada@example.com")
    try pcon.ok("product create Pumps --platform argon --id 10001")
    _ = try pcon.run("device import --product 10001 -", stdin: "\(deviceID(1))\n")
    try pcon.ok("device rename \(deviceID(1)) pump")
    try pcon.ok("device connect \(deviceID(2)) --product-id 10001")
    try pcon.ok("device claim \(deviceID(3)) --platform argon --name desk")
    try pcon.ok("customer create cy@example.com --product 10001")
    return pcon
  }

  @Test func customerClaimOfADeviceOutsideTheProductSaysSo() throws {
    let pcon = try fleet()
    let outside = try pcon.run("customer claim desk cy@example.com --product 10001")
    #expect(outside.status == 1)
    #expect(outside.stderr == "error: device desk is not in product pumps\n", "\(outside.stderr)")
    let waiting = try pcon.run("customer claim \(deviceID(2)) cy@example.com --product pumps")
    #expect(waiting.status == 1)
    #expect(
      waiting.stderr.contains("waits in the quarantine of product pumps"), "\(waiting.stderr)")
    let removed = try pcon.run("device remove desk --product 10001")
    #expect(removed.status == 1)
    #expect(removed.stderr == "error: device desk is not in product pumps\n", "\(removed.stderr)")
    // A device the actor cannot see stays not found, naming nothing more.
    #expect(
      try pcon.run("customer claim \(deviceID(9)) cy@example.com --product 10001").status == 3)
    try pcon.ok("customer claim pump cy@example.com --product 10001")
  }

  @Test func claimRefusalsNameWhoHoldsTheDevice() throws {
    let pcon = try fleet()
    // ada's own device, imported into her product: hers to unclaim, not "another account's".
    _ = try pcon.run("device import --product 10001 -", stdin: "\(deviceID(3))\n")
    let own = try pcon.run("customer claim desk cy@example.com --product 10001")
    #expect(own.status == 1)
    #expect(
      own.stderr == "error: device \(deviceID(3)) is already claimed by you\n", "\(own.stderr)")
    // An unowned product device is the team's to give, whoever tries to claim it.
    try pcon.ok("account create bob@example.com")
    let team = try pcon.run("device claim \(deviceID(1)) --platform argon --as bob@example.com")
    #expect(team.status == 1)
    #expect(team.stderr.contains("belongs to a product's fleet"), "\(team.stderr)")
    #expect(!team.stderr.contains("another account"))
  }

  @Test func invitationsNameTheProductBySlug() throws {
    let pcon = try fleet()
    try pcon.ok("account create bob@example.com")
    try pcon.ok("team invite bob@example.com --product 10001 --role support")
    let list = try pcon.ok("invite list --as bob@example.com")
    #expect(list.contains("product pumps") && !list.contains("10001"), "\(list)")
  }

  @Test func aCustomerIsRefusedAsACustomerWithoutPlaceholders() throws {
    let pcon = try fleet()
    let token = try pcon.ok("customer token cy@example.com --product 10001")
      .trimmingCharacters(in: .whitespacesAndNewlines)
    for line in ["sim list", "token list", "device claim \(deviceID(5)) --platform argon"] {
      let result = try pcon.run(line + " --token " + token)
      #expect(result.status == 4, "\(line): \(result.stderr)")
      #expect(
        result.stderr
          == "error: this needs a signed-in person's account; customer cy@example.com of product 10001 cannot do it\n",
        "\(line): \(result.stderr)")
    }
    let products = try pcon.run("product list --token " + token)
    #expect(products.status == 4)
    #expect(products.stderr.contains("customers see only their own devices"))
    #expect(!products.stderr.contains("for this token"))
  }
}
