import Foundation
import Testing

/// Deleting a customer or an API user asks first and says what goes with it; personal tokens
/// expire after 90 days by default; a secret given to `token revoke` is never echoed; OAuth
/// clients can be listed and deleted.
@Suite struct AccessFrictionTests {
  static let device = deviceID(31)
  static let now = ["PCON_NOW": "2026-01-02T00:00:00Z"]

  /// Product 10001 of owner@example.com, with customer alice owning `device` and holding two
  /// tokens.
  static func product() throws -> Pcon {
    let pcon = try Pcon.customerFleet(device: device)
    for _ in 0..<2 { try pcon.ok("customer token alice@example.com --product 10001") }
    return pcon
  }

  @Test func customerDeleteAsksFirstSayingWhatGoesWithIt() throws {
    let pcon = try Self.product()
    let unasked = try pcon.run("customer delete alice@example.com --product 10001")
    #expect(unasked.status == 1, "\(unasked.stderr)")
    #expect(
      unasked.stderr.contains(
        "delete customer alice@example.com, unclaiming 1 device and revoking 2 tokens"),
      "\(unasked.stderr)")
    #expect(try pcon.ok("customer list --product 10001 --json").contains("alice@example.com"))
    #expect(try pcon.ok("device show \(Self.device) --json").contains("alice@example.com"))
    try pcon.ok("customer delete alice@example.com --product 10001 --yes")
    #expect(!(try pcon.ok("customer list --product 10001 --json")).contains("alice@example.com"))
    let device = try #require(
      try Pcon.json(try pcon.ok("device show \(Self.device) --json"))
        as? [String: Any])
    #expect(device["owner"] is NSNull || device["owner"] == nil, "\(device)")
  }

  @Test func apiUserDeleteAsksFirst() throws {
    let pcon = try Self.product()
    let token = try pcon.ok("team api-user create ci --product 10001 --scope devices:list")
      .trimmingCharacters(in: .whitespacesAndNewlines)
    let unasked = try pcon.run("team api-user delete ci --product 10001")
    #expect(unasked.status == 1, "\(unasked.stderr)")
    #expect(unasked.stderr.contains("delete API user ci of product"), "\(unasked.stderr)")
    #expect(try pcon.run("device list --product 10001", env: ["PCON_TOKEN": token]).status == 0)
    try pcon.ok("team api-user delete ci --product 10001 --yes")
    #expect(try pcon.run("device list --product 10001", env: ["PCON_TOKEN": token]).status == 4)
  }

  @Test func personalTokensExpireAfterNinetyDaysByDefault() throws {
    let pcon = try Pcon()
    try pcon.account()
    #expect(try pcon.run("token create", env: Self.now).status == 0)
    #expect(try pcon.run("token create --expires-in 3600", env: Self.now).status == 0)
    // A span reads as every other time option's does.
    #expect(try pcon.run("token create --expires-in 1h30m", env: Self.now).status == 0)
    #expect(try pcon.run("token create --expires-in soon", env: Self.now).status == 2)
    let tokens = try #require(
      try Pcon.json(try pcon.ok("token list --json")) as? [[String: Any]])
    let expiries = tokens.compactMap { $0["expires_at"] as? String }.sorted()
    #expect(expiries.count == 3, "\(tokens)")
    #expect(expiries.first?.hasPrefix("2026-01-02T01:00:00") == true, "\(expiries)")
    #expect(expiries[1].hasPrefix("2026-01-02T01:30:00"), "\(expiries)")
    #expect(expiries.last?.hasPrefix("2026-04-02T00:00:00") == true, "\(expiries)")
  }

  @Test func revokingBySecretHintsAtTheIDWithoutEchoingIt() throws {
    let pcon = try Pcon()
    try pcon.account()
    let secret = try pcon.ok("token create").trimmingCharacters(in: .whitespacesAndNewlines)
    let id = try #require(
      (try Pcon.json(try pcon.ok("token list --json")) as? [[String: Any]])?.first?["id"]
        as? String)
    let result = try pcon.run("token revoke \(secret)")
    #expect(result.status == 3, "\(result.stderr)")
    #expect(!result.stderr.contains(secret) && !result.stdout.contains(secret))
    #expect(result.stderr.contains("pcon token revoke \(id)"), "\(result.stderr)")
    // A secret pcon never issued is not echoed either.
    let foreign = String(repeating: "ab", count: 32)
    let unknown = try pcon.run("token revoke \(foreign)")
    #expect(unknown.status == 3 && !unknown.stderr.contains(foreign), "\(unknown.stderr)")
    #expect(unknown.stderr.contains("token list"), "\(unknown.stderr)")
    try pcon.ok("token revoke \(id)")
  }

  @Test func oauthClientsAreListedAndDeleted() throws {
    let pcon = try Self.product()
    let created = try #require(
      try Pcon.json(
        try pcon.ok("oauth-client create app --product 10001 --type installed --json"))
        as? [String: Any])
    let id = try #require(created["id"] as? String)
    let secret = try #require(created["secret"] as? String)
    let listed = try pcon.ok("oauth-client list --product 10001 --json")
    #expect(!listed.contains(secret))
    let list = try #require(try Pcon.json(listed) as? [[String: Any]])
    #expect(list.count == 1)
    // create --json is list's object plus the secret, shown once.
    #expect(Set(created.keys) == Set(list[0].keys).union(["secret"]))
    #expect(list[0]["id"] as? String == id && list[0]["name"] as? String == "app")
    #expect(try pcon.ok("oauth-client list --product 10001").contains(id))
    let missing = try pcon.run("oauth-client delete nope --product 10001")
    #expect(missing.status == 3, "\(missing.stderr)")
    try pcon.ok("oauth-client delete \(id) --product 10001")
    #expect(try pcon.ok("oauth-client list --product 10001 --json") == "[]\n")
  }
}
