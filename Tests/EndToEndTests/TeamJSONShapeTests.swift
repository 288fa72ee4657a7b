import Foundation
import Testing

/// `whoami`, `team list` and `invite list` print one shape each, told apart by `type` where the
/// kinds differ, with teams as structured objects rather than prose; `api-user create --json` is
/// the `team list` entry plus its token.
@Suite struct TeamJSONShapeTests {
  static let owner = "--as owner@example.com"

  static func object(_ text: String) throws -> [String: Any] {
    try #require(try Pcon.json(text) as? [String: Any])
  }

  static func product() throws -> Pcon {
    let pcon = try Pcon()
    for email in ["owner", "ada"] { try pcon.account("\(email)@example.com") }
    try pcon.ok("product create Pumps --platform argon --id 10001 \(owner)")
    return pcon
  }

  @Test func teamListEntriesShareOneShapeAndATypeField() throws {
    let pcon = try Self.product()
    try pcon.ok("team invite ada@example.com --product 10001 \(Self.owner)")
    let created = try Self.object(
      try pcon.ok(
        "team api-user create ci --product 10001 --scope devices:list --json \(Self.owner)"))
    let list = try #require(
      try Pcon.json(try pcon.ok("team list --product 10001 --json \(Self.owner)"))
        as? [[String: Any]])
    #expect(list.count == 3)
    #expect(Set(list.compactMap { $0["type"] as? String }) == ["person", "api_user"])
    #expect(Set(list.map { Set($0.keys) }).count == 1, "\(list)")
    for entry in list {
      let team = try #require(entry["team"] as? [String: Any], "\(entry)")
      #expect(team["kind"] as? String == "product" && team["id"] as? Int == 10001)
    }
    let listed = try #require(list.first { $0["name"] as? String == "ci" })
    #expect(Set(created.keys) == Set(listed.keys).union(["token"]))
    #expect(created["scope"] == nil)
  }

  @Test func invitationsNameTheirTeamAsAnObject() throws {
    let pcon = try Self.product()
    try pcon.ok("team invite ada@example.com --product 10001 \(Self.owner)")
    let list = try #require(
      try Pcon.json(try pcon.ok("invite list --json --as ada@example.com")) as? [[String: Any]])
    let team = try #require(list.first?["team"] as? [String: Any], "\(list)")
    #expect(team["kind"] as? String == "product" && team["id"] as? Int == 10001)
    #expect(list.first?["scope"] == nil)
  }

  @Test func whoamiSaysWhichKindActs() throws {
    let pcon = try Self.product()
    #expect(
      try Self.object(try pcon.ok("whoami --json \(Self.owner)"))["type"] as? String == "person")
    let token = try pcon.ok(
      "team api-user create ci --product 10001 --scope devices:list \(Self.owner)"
    ).trimmingCharacters(in: .whitespacesAndNewlines)
    let bot = try Self.object(try pcon.run("whoami --json", env: ["PCON_TOKEN": token]).stdout)
    #expect(bot["type"] as? String == "api_user" && bot["name"] as? String == "ci")
    #expect((bot["team"] as? [String: Any])?["id"] as? Int == 10001, "\(bot)")
    try pcon.ok("customer create cu@example.com --product 10001 \(Self.owner)")
    let secret = try pcon.ok("customer token cu@example.com --product 10001 \(Self.owner)")
      .trimmingCharacters(in: .whitespacesAndNewlines)
    let customer = try Self.object(
      try pcon.run("whoami --json", env: ["PCON_TOKEN": secret]).stdout)
    #expect(customer["type"] as? String == "customer", "\(customer)")
  }
}
