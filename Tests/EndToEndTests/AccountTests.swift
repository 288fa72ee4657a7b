import Foundation
import Testing

@Suite struct AccountTests {
  @Test func firstAccountIsLoggedInAndOthersAreNot() throws {
    let pcon = try Pcon()
    try pcon.ok("account create Ada@Example.com --name Ada")
    try pcon.ok("account create bob@example.com")
    #expect(try pcon.ok("whoami") == "ada@example.com\n")
    let list = try pcon.ok("account list")
    #expect(list.contains("ada@example.com") && list.contains("bob@example.com"))
  }

  @Test func loginLogoutAndAs() throws {
    let pcon = try Pcon()
    try pcon.account()
    try pcon.ok("account create bob@example.com")
    try pcon.ok("login bob@example.com")
    #expect(try pcon.ok("whoami") == "bob@example.com\n")
    #expect(try pcon.ok("whoami --as ada@example.com") == "ada@example.com\n")
    try pcon.ok("logout")
    let result = try pcon.run("whoami")
    #expect(result.status == 4)
    #expect(result.stderr.hasPrefix("error: no account is acting"))
    #expect(try pcon.run("login nobody@example.com").status == 3)
    #expect(try pcon.run("account create bob@example.com").status == 1)
    #expect(try pcon.run("account create not-an-email").status == 2)
  }

  @Test func tokenIsShownOnceStoredHashedAndActsAsItsAccount() throws {
    let pcon = try Pcon()
    try pcon.account()
    let secret = try pcon.ok("token create").trimmingCharacters(in: .newlines)
    #expect(secret.count == 64 && secret.allSatisfy(\.isHexDigit))
    try pcon.ok("logout")
    #expect(try pcon.run(["whoami", "--token", secret]).stdout == "ada@example.com\n")
    #expect(try pcon.run(["whoami"], env: ["PCON_TOKEN": secret]).stdout == "ada@example.com\n")
    // The secret appears in no state file and in no later output.
    for file in try FileManager.default.subpathsOfDirectory(atPath: pcon.stateDir) {
      let text = (try? String(contentsOfFile: pcon.file(file), encoding: .utf8)) ?? ""
      #expect(!text.contains(secret), "\(file) holds the token in clear")
    }
    let list = try pcon.run(["token", "list", "--json", "--token", secret])
    #expect(!list.stdout.contains(secret))
    let tokens = try #require(try Pcon.json(list.stdout) as? [[String: Any]])
    let id = try #require(tokens.first?["id"] as? String)
    try #require(try pcon.run(["token", "revoke", id, "--token", secret]).status == 0)
    let refused = try pcon.run(["whoami", "--token", secret])
    #expect(refused.status == 4)
    #expect(refused.stderr.contains("revoked"))
  }

  @Test func tokenExpiryIsHonoured() throws {
    let pcon = try Pcon()
    try pcon.account()
    let secret = try pcon.run(
      ["token", "create", "--expires-in", "60"], env: ["PCON_NOW": "2026-11-26T10:00:00Z"]
    ).stdout
      .trimmingCharacters(in: .newlines)
    #expect(
      try pcon.run(["whoami", "--token", secret], env: ["PCON_NOW": "2026-11-26T10:00:59Z"]).status
        == 0)
    let late = try pcon.run(
      ["whoami", "--token", secret], env: ["PCON_NOW": "2026-11-26T10:01:00Z"])
    #expect(late.status == 4)
    #expect(late.stderr.contains("expired at 2026-11-26T10:01:00.000Z"))
    #expect(try pcon.run("token create --expires-in 0").status == 2)
  }

  @Test func asAndTokenTogetherIsAUsageError() throws {
    let pcon = try Pcon()
    try pcon.account()
    #expect(try pcon.run("whoami --as ada@example.com --token abc").status == 2)
  }
}
