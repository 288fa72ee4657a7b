import Foundation
import Testing

/// Every `create --json` prints the object its `show --json` (or `list --json` entry, where a
/// kind has no `show`) prints, so a script reads one shape; a secret shown once is the only
/// addition.
@Suite struct CreateShowJSONTests {
  static func object(_ text: String) throws -> NSDictionary {
    try #require(try Pcon.json(text) as? NSDictionary, "\(text)")
  }

  static func entry(_ text: String) throws -> NSDictionary {
    let list = try #require(try Pcon.json(text) as? [NSDictionary], "\(text)")
    return try #require(list.first)
  }

  @Test func productsAndOrgs() throws {
    let pcon = try Pcon()
    try pcon.account()
    let product = try Self.object(try pcon.ok("product create Pumps --platform argon --json"))
    #expect(product == (try Self.object(try pcon.ok("product show pumps --json"))))
    let org = try Self.object(try pcon.ok("org create Acme --json"))
    #expect(org == (try Self.object(try pcon.ok("org show acme --json"))))
  }

  @Test func customersAndTokens() throws {
    let pcon = try Pcon()
    try pcon.account()
    try pcon.ok("product create Pumps --platform argon --id 10001")
    let customer = try Self.object(
      try pcon.ok("customer create c@example.com --product 10001 --json"))
    #expect(customer == (try Self.entry(try pcon.ok("customer list --product 10001 --json"))))
    let token = try #require(
      (try Self.object(try pcon.ok("token create --json"))).mutableCopy() as? NSMutableDictionary)
    token.removeObject(forKey: "token")
    #expect(token == (try Self.entry(try pcon.ok("token list --json"))))
  }
}
