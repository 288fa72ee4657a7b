import Foundation
import Testing

/// What `publish` claims is checked: a device named with a product must be its member, and a
/// customer publishes only as its own devices.
@Suite struct PublishRuleTests {
  @Test func aDeviceNamedWithAProductMustBeItsMember() throws {
    let pcon = try Pcon()
    try pcon.run("demo")
    let outside = try pcon.run("publish t 1 --product pump-monitors --device van-12")
    #expect(outside.status == 1, "\(outside.stderr)")
    #expect(outside.stderr.contains("not in product pump-monitors"), "\(outside.stderr)")
    #expect(!(try pcon.ok("logs --all")).contains(" t "))
    try pcon.ok("publish t 1 --product pump-monitors --device pump-01")
  }

  @Test func aCustomerWithoutADeviceIsRefusedAsACustomer() throws {
    let pcon = try Pcon()
    try pcon.run("demo")
    let issued = try pcon.ok("customer token alice@example.com --product pump-monitors --json")
    let token = try #require((try Pcon.json(issued) as? [String: Any])?["token"] as? String)
    let refused = try pcon.run(["publish", "t", "1"], env: ["PCON_TOKEN": token])
    #expect(refused.status == 4, "\(refused.stderr)")
    #expect(refused.stderr.contains("customer alice@example.com"), "\(refused.stderr)")
    #expect(!refused.stderr.contains("no product"), "\(refused.stderr)")
    let own = try pcon.run(
      ["publish", "t", "1", "--device", "pump-01"], env: ["PCON_TOKEN": token])
    #expect(own.status == 0, "\(own.stderr)")
  }
}
