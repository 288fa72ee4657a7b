import Foundation
import Testing

/// `--scope` takes the forms CLI.md and `team list` show; team errors name the real cause with
/// the README's exit codes; answering an invitation reports what the membership became.
@Suite struct TeamWordsAndScopesTests {
  static let owner = "--as owner@example.com"

  /// Product 10001 owned by owner@example.com, with accounts for ada and bob (neither on it).
  static func product() throws -> Pcon {
    let pcon = try Pcon()
    for email in ["owner", "ada", "bob"] { try pcon.account("\(email)@example.com") }
    try pcon.ok("product create Pumps --platform argon --id 10001 \(owner)")
    return pcon
  }

  /// The scopes of API user `name` as `team list --json` reports them.
  static func scopes(of name: String, _ pcon: Pcon) throws -> [String] {
    let list = try #require(
      try Pcon.json(try pcon.ok("team list --product 10001 --json \(owner)")) as? [[String: Any]])
    let user = try #require(list.first { $0["name"] as? String == name })
    return try #require(user["scopes"] as? [String])
  }

  @Test(arguments: [
    "--scope devices:list --scope events:get",
    "--scope devices:list events:get",
    "--scope devices:list,events:get",
    "--scope=devices:list,events:get",
  ])
  func everyScopeFormParses(form: String) throws {
    let pcon = try Self.product()
    try pcon.ok("team api-user create ci --product 10001 \(form) \(Self.owner)")
    #expect(try Self.scopes(of: "ci", pcon) == ["devices:list", "events:get"])
  }

  @Test func theSpaceFormStopsAtTheNextOption() throws {
    let pcon = try Self.product()
    try pcon.ok(
      "team api-user create ci --scope devices:list events:get --product 10001 \(Self.owner)")
    try pcon.ok(
      "team api-user update ci --scope firmware:release products:get --product 10001 \(Self.owner)")
    #expect(try Self.scopes(of: "ci", pcon) == ["firmware:release", "products:get"])
  }

  @Test func whatTeamListPrintsFeedsBackIntoScope() throws {
    let pcon = try Self.product()
    try pcon.ok(
      "team api-user create ci --product 10001 --scope devices:list,events:get \(Self.owner)")
    let table = try pcon.ok("team list --product 10001 \(Self.owner)")
    let row = try #require(table.split(separator: "\n").first { $0.hasPrefix("ci ") })
    let list = try #require(row.split(separator: " ").first { $0.contains(",") })
    try pcon.ok("team api-user create ci2 --product 10001 --scope \(list) \(Self.owner)")
    #expect(try Self.scopes(of: "ci2", pcon) == ["devices:list", "events:get"])
  }

  @Test func anUnknownScopeListsTheValidOnes() throws {
    let pcon = try Self.product()
    let result = try pcon.run(
      "team api-user create ci --product 10001 --scope devices:list devices:lst \(Self.owner)")
    #expect(result.status == 2, "\(result.stderr)")
    #expect(result.stderr.contains("'devices:lst'"), "\(result.stderr)")
    for scope in ["devices:list", "events:get", "firmware:release", "teams.users:invite"] {
      #expect(result.stderr.contains(scope), "\(result.stderr)")
    }
    #expect(!(try pcon.ok("team list --product 10001 \(Self.owner)")).contains("ci "))
  }

  @Test func helpListsTheValidScopes() throws {
    let pcon = try Pcon()
    let help = try pcon.ok("team api-user create --help")
    #expect(help.contains("SCOPE..."), "\(help)")
    for scope in ["devices:list", "customers:list", "teams.users:remove"] {
      #expect(help.contains(scope), "\(help)")
    }
  }

  @Test(arguments: ["remove ada@example.com", "role ada@example.com support"])
  func anAccountNotOnTheTeamIsNamedAsSuch(action: String) throws {
    let pcon = try Self.product()
    let result = try pcon.run("team \(action) --product 10001 \(Self.owner)")
    #expect(result.status == 3, "\(result.stderr)")
    #expect(result.stderr.contains("ada@example.com is not on the team of"), "\(result.stderr)")
    #expect(!result.stderr.contains("no account"), "\(result.stderr)")
    let missing = try pcon.run(
      "team \(action.replacingOccurrences(of: "ada@", with: "nobody@")) --product 10001 \(Self.owner)"
    )
    #expect(missing.status == 3, "\(missing.stderr)")
    #expect(
      missing.stderr.contains("no account with email nobody@example.com"), "\(missing.stderr)")
  }

  @Test(arguments: ["update ghost --scope devices:list", "delete ghost"])
  func anUnknownAPIUserIsNotFound(action: String) throws {
    let pcon = try Self.product()
    let result = try pcon.run("team api-user \(action) --product 10001 \(Self.owner)")
    #expect(result.status == 3, "\(result.stderr)")
    #expect(result.stderr.contains("no API user named 'ghost'"), "\(result.stderr)")
  }

  @Test func acceptingReportsTheNewMembership() throws {
    let pcon = try Self.product()
    try pcon.ok("team invite ada@example.com --product 10001 \(Self.owner)")
    try pcon.ok("team invite bob@example.com --product 10001 \(Self.owner)")
    let accepted = try #require(
      try Pcon.json(try pcon.ok("invite accept 10001 --json --as ada@example.com"))
        as? [String: Any])
    #expect(accepted["status"] as? String == "member")
    let declined = try #require(
      try Pcon.json(try pcon.ok("invite decline 10001 --json --as bob@example.com"))
        as? [String: Any])
    #expect(declined["status"] as? String == "declined")
    let list = try #require(
      try Pcon.json(try pcon.ok("team list --product 10001 --json \(Self.owner)"))
        as? [[String: Any]])
    #expect(
      list.first { $0["email"] as? String == "ada@example.com" }?["status"] as? String == "member")
    #expect(!list.contains { $0["email"] as? String == "bob@example.com" })
  }
}
