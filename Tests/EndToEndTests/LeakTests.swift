import Foundation
import Testing

/// Nothing about a product, device or name the actor cannot see reaches it: not through a
/// "not found" message, an event's details, a name clash, or a stale token.
@Suite struct LeakTests {
  static let pump = deviceID(7)
  static let mine = deviceID(8)

  /// A victim owning product 10001 (slug `secret-pumps`) with an unowned member named `pump`;
  /// a stranger owning product 10002 with one unowned member.
  static func fleet() throws -> Pcon {
    let pcon = try Pcon()
    try pcon.account("victim@example.com")
    try pcon.account("stranger@example.com")
    try pcon.ok("product create Secret-Pumps --platform argon --id 10001 --as victim@example.com")
    try pcon.ok("product create Mine --platform argon --id 10002 --as stranger@example.com")
    for (product, id, who) in [("10001", pump, "victim"), ("10002", mine, "stranger")] {
      let imported = try pcon.run(
        ["device", "import", "--product", product, "-", "--as", "\(who)@example.com"],
        stdin: id + "\n")
      #expect(imported.status == 0, "\(imported.stderr)")
    }
    try pcon.ok("device rename \(pump) pump --as victim@example.com")
    return pcon
  }

  @Test(arguments: [
    "product show secret-pumps", "device list --product secret-pumps",
    "team list --product secret-pumps", "customer list --product secret-pumps",
    "logs --product secret-pumps",
  ])
  func notFoundEchoesTheSlugNotTheIDBehindIt(line: String) throws {
    let pcon = try Self.fleet()
    let result = try pcon.run(line + " --as stranger@example.com")
    #expect(result.status == 3, "\(result.stderr)")
    #expect(result.stderr.contains("'secret-pumps'"), "\(result.stderr)")
    #expect(!result.stderr.contains("10001"), "\(result.stderr)")
  }

  @Test func unownedDeviceNamesAreUniquePerProduct() throws {
    let pcon = try Self.fleet()
    // The victim's `pump` is in a product the stranger cannot see: the name is free in 10002.
    try pcon.ok("device rename \(Self.mine) pump --as stranger@example.com")
    #expect(try pcon.ok("device show pump --as stranger@example.com").contains(Self.mine))
    #expect(try pcon.ok("device show pump --as victim@example.com").contains(Self.pump))
    // Within one product the name is still taken.
    let other = deviceID(9)
    #expect(
      try pcon.run(
        ["device", "import", "--product", "10001", "-", "--as", "victim@example.com"],
        stdin: other + "\n"
      ).status == 0)
    #expect(try pcon.run("device rename \(other) pump --as victim@example.com").status == 1)
    #expect(try pcon.run("doctor").status == 0)
  }

  @Test func ingestRefusesEventsClaimingAProductTheActorIsNotOn() throws {
    let pcon = try Self.fleet()
    let line =
      #"{"name":"t","data":"1","published_at":"2026-11-26T10:00:00.000Z","coreid":"\#(Self.pump)","product_id":10001}"#
    let result = try pcon.run(
      ["logs", "ingest", "--format", "ndjson", "-", "--as", "stranger@example.com"],
      stdin: line + "\n")
    #expect(result.status == 1, "\(result.stderr)")
    #expect(result.stderr.contains("claims product 10001"), "\(result.stderr)")
    #expect(try pcon.ok("logs --json --as stranger@example.com").isEmpty)
    // The same record names a product the victim is on: stored.
    let own = try pcon.run(
      ["logs", "ingest", "--format", "ndjson", "-", "--as", "victim@example.com"],
      stdin: line + "\n")
    #expect(own.status == 0, "\(own.stderr)")
  }

  @Test func logsShowNamesPublishersOnlyFromStreamsTheActorSees() throws {
    let pcon = try Self.fleet()
    // A former Developer of 10001 stored, into its own log, an event claiming that product.
    try pcon.ok(
      "team invite stranger@example.com --product 10001 --role developer --as victim@example.com")
    try pcon.ok("invite accept 10001 --as stranger@example.com")
    let line =
      #"{"name":"t","data":"1","published_at":"2026-11-26T10:00:00.000Z","coreid":"\#(Self.pump)","product_id":10001}"#
    let stored = try pcon.run(
      ["logs", "ingest", "--format", "ndjson", "-", "--as", "stranger@example.com"],
      stdin: line + "\n")
    #expect(stored.status == 0, "\(stored.stderr)")
    try pcon.ok("team remove stranger@example.com --product 10001 --as victim@example.com")
    let shown = try pcon.run("logs show 1 --as stranger@example.com")
    #expect(shown.status == 0, "\(shown.stderr)")
    #expect(!shown.stdout.contains("pump"), "\(shown.stdout)")
  }

  @Test func anUnknownOrRevokedTokenIsRefusedBeforeAnyCommand() throws {
    let pcon = try Self.fleet()
    let secret = try pcon.ok("token create --as victim@example.com")
      .trimmingCharacters(in: .newlines)
    let list = try pcon.ok("token list --json --as victim@example.com")
    let id = try #require((try Pcon.json(list) as? [[String: Any]])?.first?["id"] as? String)
    try pcon.ok("token revoke \(id) --as victim@example.com")
    let unknown = String(repeating: "ab", count: 32)
    for token in [secret, unknown] {
      for words in [
        ["__complete", "--", "device", "show", ""], ["__complete", "--", "team", "invite", ""],
        ["account", "create", "new@example.com"], ["doctor"], ["login", "victim@example.com"],
      ] {
        let result = try pcon.run(words, env: ["PCON_TOKEN": token])
        #expect(result.status == 4, "\(words): \(result.stderr)")
        #expect(result.stdout.isEmpty, "\(words): \(result.stdout)")
      }
    }
    #expect(try pcon.run("account list --as victim@example.com").stdout.contains("victim") == true)
    #expect(!(try pcon.ok("account list --as victim@example.com")).contains("new@example.com"))
  }
}
