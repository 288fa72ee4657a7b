import Foundation
import Testing

/// The commands that hand a device to another owner or take it out of its product leave every
/// index in step with the devices: `pcon doctor` finds nothing afterwards.
@Suite struct IndexConsistencyTests {
  /// A product 10001 of ada's with devices 1 and 2 imported and a customer cy.
  func productWithCustomer() throws -> Pcon {
    let pcon = try Pcon()
    try pcon.account()
    try pcon.ok("product create Pumps --platform argon --id 10001")
    _ = try pcon.run(
      "device import --product 10001 -", stdin: "\(deviceID(1))\n\(deviceID(2))\n")
    try pcon.ok("customer create cy@example.com --product 10001 --no-password")
    return pcon
  }

  func expectDoctorClean(_ pcon: Pcon, sourceLocation: SourceLocation = #_sourceLocation) throws {
    let doctor = try pcon.run("doctor")
    #expect(doctor.status == 0, "\(doctor.stdout)", sourceLocation: sourceLocation)
  }

  @Test func removingACustomersDeviceFromTheProductRemovesIt() throws {
    let pcon = try productWithCustomer()
    try pcon.ok("customer claim \(deviceID(1)) cy@example.com --product 10001")
    try pcon.ok("device remove --product 10001 \(deviceID(1))")
    try expectDoctorClean(pcon)
    #expect(try pcon.run("device show \(deviceID(1))").status == 3)
  }

  /// Renames `device` as the customer cy, who sees only its own devices: how a name the team
  /// already sees can come to be held twice in one product.
  func renameAsCustomer(_ pcon: Pcon, _ device: String, _ name: String) throws {
    let token = try pcon.ok("customer token cy@example.com --product 10001")
      .trimmingCharacters(in: .whitespacesAndNewlines)
    try pcon.ok("device rename \(device) \(name) --token \(token)")
  }

  @Test func deletingACustomerDropsANameAnUnownedDeviceHolds() throws {
    let pcon = try productWithCustomer()
    try pcon.ok("device rename \(deviceID(2)) north")
    try pcon.ok("customer claim \(deviceID(1)) cy@example.com --product 10001")
    try renameAsCustomer(pcon, deviceID(1), "north")
    try pcon.ok("customer delete cy@example.com --product 10001 --yes")
    try expectDoctorClean(pcon)
    let names = try pcon.ok("device list --product 10001 --json")
    let devices = try #require(try Pcon.json(names) as? [[String: Any]])
    #expect(devices.compactMap { $0["name"] as? String } == ["north"])
  }

  @Test func unclaimingAProductDeviceDropsANameAnUnownedDeviceHolds() throws {
    let pcon = try productWithCustomer()
    // bo is not on the team: it sees the device it is given, not the product's others.
    try pcon.ok("account create bo@example.com")
    try pcon.ok("device rename \(deviceID(2)) north")
    try pcon.ok("customer claim \(deviceID(1)) bo@example.com --product 10001")
    try pcon.ok("device rename \(deviceID(1)) north --as bo@example.com")
    try pcon.ok("device unclaim \(deviceID(1)) --yes --as bo@example.com")
    try expectDoctorClean(pcon)
    let shown = try pcon.ok("device show \(deviceID(1)) --json")
    #expect((try Pcon.json(shown) as? [String: Any])?["name"] is NSNull)
  }

  @Test func claimingForACustomerDropsANameTheCustomerUses() throws {
    let pcon = try productWithCustomer()
    try pcon.ok("device rename \(deviceID(2)) north")
    try pcon.ok("customer claim \(deviceID(1)) cy@example.com --product 10001")
    try renameAsCustomer(pcon, deviceID(1), "north")
    try pcon.ok("customer claim \(deviceID(2)) cy@example.com --product 10001")
    try expectDoctorClean(pcon)
    let shown = try pcon.ok("device show \(deviceID(2)) --json")
    #expect((try Pcon.json(shown) as? [String: Any])?["name"] is NSNull)
  }
}
