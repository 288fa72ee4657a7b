import Foundation
import Testing

/// Each team action needs its own scope, and an API user never hands out, changes or removes a
/// role carrying a scope it lacks. API users are managed by people only.
@Suite struct APIUserScopeTests {
  /// An owner of product 10001 with a Developer and a View-only member, and `bot`, an API user
  /// with `scopes`; returns the state and the bot's token.
  static func team(scopes: [String]) throws -> (Pcon, String) {
    let pcon = try Pcon()
    for email in ["owner", "dev", "viewer", "mallory"] { try pcon.account("\(email)@example.com") }
    let owner = "--as owner@example.com"
    try pcon.ok("product create Pumps --platform argon --id 10001 \(owner)")
    for (email, role) in [("dev", "developer"), ("viewer", "view-only")] {
      try pcon.ok("team invite \(email)@example.com --product 10001 --role \(role) \(owner)")
      try pcon.ok("invite accept 10001 --as \(email)@example.com")
    }
    let token = try pcon.ok(
      "team api-user create bot --product 10001 \(owner) "
        + scopes.map { "--scope \($0)" }.joined(separator: " ")
    ).trimmingCharacters(in: .whitespacesAndNewlines)
    return (pcon, token)
  }

  static let viewScopes = [
    "devices:list", "devices:get", "events:get", "products:get", "teams.users:list",
    "customers:list", "clients:list", "groups:list", "groups:get", "firmware:list",
    "firmware:get", "firmware.binary:get", "configuration:get", "locations:get",
    "integrations:list", "integrations:get",
  ]

  /// The team as the owner sees it: email and role of each member.
  static func roles(_ pcon: Pcon) throws -> [String: String] {
    let list = try #require(
      try Pcon.json(try pcon.ok("team list --product 10001 --json --as owner@example.com"))
        as? [[String: Any]])
    var roles: [String: String] = [:]
    for entry in list {
      if let email = entry["email"] as? String { roles[email] = entry["role"] as? String ?? "?" }
    }
    return roles
  }

  @Test(arguments: [
    ("team invite mallory@example.com --product 10001 --role view-only", "teams.users:invite"),
    ("team role viewer@example.com support --product 10001", "teams.users:update"),
    ("team remove viewer@example.com --product 10001", "teams.users:remove"),
  ])
  func eachTeamActionNeedsItsOwnScope(line: String, scope: String) throws {
    let others = ["teams.users:invite", "teams.users:update", "teams.users:remove"].filter {
      $0 != scope
    }
    let (pcon, token) = try Self.team(scopes: Self.viewScopes + others)
    let before = try Self.roles(pcon)
    let result = try pcon.run(line, env: ["PCON_TOKEN": token])
    #expect(result.status == 4, "\(result.stderr)")
    #expect(result.stderr.contains("lacks the scope \(scope)"), "\(result.stderr)")
    #expect(try Self.roles(pcon) == before)
  }

  @Test func aViewOnlyBotInvitesViewersButNoRoleAboveItsScopes() throws {
    let (pcon, token) = try Self.team(
      scopes: Self.viewScopes + ["teams.users:invite", "teams.users:update", "teams.users:remove"])
    let bot = ["PCON_TOKEN": token]
    for role in ["developer", "administrator"] {
      let result = try pcon.run(
        "team invite mallory@example.com --product 10001 --role \(role)", env: bot)
      #expect(result.status == 4, "\(role): \(result.stderr)")
    }
    // Nor can it promote, demote or remove someone whose role carries more than it holds.
    #expect(
      try pcon.run("team role viewer@example.com developer --product 10001", env: bot).status == 4)
    #expect(
      try pcon.run("team role dev@example.com view-only --product 10001", env: bot).status == 4)
    #expect(try pcon.run("team remove dev@example.com --product 10001", env: bot).status == 4)
    #expect(
      try Self.roles(pcon) == [
        "owner@example.com": "administrator", "dev@example.com": "developer",
        "viewer@example.com": "view-only",
      ])
    // Within its reach it works.
    #expect(
      try pcon.run("team invite mallory@example.com --product 10001 --role view-only", env: bot)
        .status == 0)
    #expect(try pcon.run("team remove viewer@example.com --product 10001", env: bot).status == 0)
  }

  @Test(arguments: [
    "team api-user create twin --product 10001 --scope teams.users:invite",
    "team api-user update bot --product 10001 --scope teams.users:invite --scope devices:update",
    "team api-user delete bot --product 10001 --yes",
  ])
  func apiUsersAreManagedByPeopleOnly(line: String) throws {
    let (pcon, token) = try Self.team(
      scopes: ["teams.users:invite", "teams.users:update", "teams.users:list"])
    let before = try StateSnapshot(of: pcon.stateDir).contents(of: "team.json")
    let result = try pcon.run(line, env: ["PCON_TOKEN": token])
    #expect(result.status == 4, "\(result.stderr)")
    #expect(result.stderr.contains("a signed-in person"), "\(result.stderr)")
    #expect(try StateSnapshot(of: pcon.stateDir).contents(of: "team.json") == before)
    // The token still works: it did not rotate itself.
    #expect(try pcon.run("team list --product 10001", env: ["PCON_TOKEN": token]).status == 0)
  }
}
