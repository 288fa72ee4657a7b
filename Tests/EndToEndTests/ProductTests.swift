import Foundation
import Testing

@Suite struct ProductTests {
  /// A product 10001 (boron) owned by owner@, with dev@ as Developer.
  func product() throws -> Pcon {
    let pcon = try Pcon()
    try pcon.account("owner@example.com")
    try pcon.ok("account create dev@example.com")
    try pcon.ok("product create Widgets --platform boron --id 10001")
    try pcon.ok("team invite dev@example.com --product 10001 --role developer")
    try pcon.ok("invite accept widgets --as dev@example.com")
    return pcon
  }

  func ids(_ range: Range<Int>) -> String {
    range.map { deviceID(10_000 + $0) }.joined(separator: "\n") + "\n"
  }

  @Test func createListShowAndSlugs() throws {
    let pcon = try product()
    let second = try pcon.run(["product", "create", "Widgets", "--platform", "argon", "--json"])
    let json = try #require(try Pcon.json(second.stdout) as? [String: Any])
    #expect(json["id"] as? Int == 10_002 && json["slug"] as? String == "widgets-2")
    #expect(try pcon.run("product create Dup --platform argon --id 10001").status == 1)
    #expect(try pcon.run("product create X --platform banana").status == 2)
    let list = try #require(try Pcon.json(try pcon.ok("product list --json")) as? [[String: Any]])
    #expect(list.map { $0["id"] as? Int } == [10_001, 10_002])
    #expect(list.first?["team_size"] as? Int == 2 && list.first?["plan"] as? String == "free")
    #expect(try pcon.ok("product show widgets").contains("Widgets"))
    try pcon.ok("account create other@example.com")
    #expect(try pcon.run("product show 10001 --as other@example.com").status == 3)
    #expect(try pcon.ok("product list --json --as other@example.com") == "[]\n")
  }

  @Test func importReportsEveryReasonAndIsIdempotent() throws {
    let pcon = try product()
    try pcon.ok("account create outsider@example.com")
    try pcon.ok("device claim \(deviceID(1)) --platform boron --as outsider@example.com")
    try pcon.ok("device claim \(deviceID(2)) --platform argon")
    let list = """
      # first batch
      \(deviceID(10_001).uppercased())
      \(deviceID(10_002))   # trailing comment

      \(deviceID(10_001))
      not-an-id
      \(deviceID(1))
      """
    let report = try pcon.run(
      ["device", "import", "--product", "10001", "-", "--json"], stdin: list)
    #expect(report.status == 0, "\(report.stderr)")
    let json = try #require(try Pcon.json(report.stdout) as? [String: Any])
    #expect(json["imported"] as? [String] == [deviceID(10_001), deviceID(10_002)])
    let skipped = try #require(json["skipped"] as? [[String: String]])
    #expect(skipped.contains { $0["id"] == "not-an-id" && $0["reason"] == "invalid" })
    #expect(skipped.contains { $0["id"] == deviceID(1) && $0["reason"] == "claimed-outside-team" })
    // The owner's own Argon: on the team, but the wrong platform.
    let argon = try pcon.run(
      ["device", "import", "--product", "10001", "-", "--json"],
      stdin: deviceID(2) + "\n" + deviceID(10_001) + "\n")
    #expect(argon.status == 1)
    let again = try #require(try Pcon.json(argon.stdout) as? [String: Any])
    #expect(again["existing"] as? [String] == [deviceID(10_001)])
    #expect((again["skipped"] as? [[String: String]])?.first?["reason"] == "platform-mismatch")
    let members = try #require(
      try Pcon.json(try pcon.ok("device list --product 10001 --json")) as? [[String: Any]])
    #expect(members.count == 2 && members.allSatisfy { $0["product_id"] as? Int == 10_001 })
    #expect(try pcon.run("doctor").status == 0)
  }

  @Test func freePlanCountsSandboxAndProductsTogether() throws {
    let pcon = try product()
    for n in 0..<40 { try pcon.ok("device claim \(deviceID(n)) --platform boron") }
    let result = try pcon.run(
      ["device", "import", "--product", "10001", "-", "--json"], stdin: ids(0..<70))
    let json = try #require(try Pcon.json(result.stdout) as? [String: Any])
    #expect((json["imported"] as? [String])?.count == 60)
    #expect(
      (json["skipped"] as? [[String: String]])?.filter { $0["reason"] == "plan-limit" }.count == 10)
    let refused = try pcon.run("device claim \(deviceID(99)) --platform boron")
    #expect(refused.status == 1)
    #expect(refused.stderr.contains("at most 100 devices, and has 100"))
  }

  @Test func organizationBlocksLimitImports() throws {
    let pcon = try product()
    try pcon.ok("org create Acme --blocks 1")
    try pcon.ok("product create Fleet --platform boron --org acme --id 20001")
    let result = try pcon.run(
      ["device", "import", "--product", "20001", "-", "--json"], stdin: ids(0..<150))
    let json = try #require(try Pcon.json(result.stdout) as? [String: Any])
    #expect((json["imported"] as? [String])?.count == 100)
    #expect((json["skipped"] as? [[String: String]])?.count == 50)
    let show = try #require(try Pcon.json(try pcon.ok("org show acme --json")) as? [String: Any])
    #expect(show["devices"] as? Int == 100)
    #expect((show["plan"] as? [String: Any])?["device_limit"] as? Int == 100)
    // A member who is not an administrator does not see the plan.
    try pcon.ok("team invite dev@example.com --org acme --role view-only")
    try pcon.ok("invite accept acme --as dev@example.com")
    let asMember = try #require(
      try Pcon.json(try pcon.ok("org show acme --json --as dev@example.com")) as? [String: Any])
    #expect(asMember["plan"] is NSNull)
    // The org role reaches the org's products.
    #expect(try pcon.run("device list --product 20001 --as dev@example.com").status == 0)
    #expect(try pcon.run("device rename \(deviceID(10_000)) x --as dev@example.com").status == 4)
    // Moving a product keeps its ID and devices.
    try pcon.ok("org create Big --blocks 5")
    try pcon.ok("product move 20001 --org big")
    #expect(try pcon.ok("product show 20001 --json").contains("\"org\": \"big\""))
    #expect(
      try #require(try Pcon.json(try pcon.ok("device list --product 20001 --json")) as? [Any]).count
        == 100)
  }

  @Test func teamRulesOwnerInvitesAndLimits() throws {
    let pcon = try product()
    #expect(try pcon.run("team invite ghost@example.com --product 10001").status == 3)
    #expect(try pcon.run("team remove owner@example.com --product 10001").status == 1)
    #expect(try pcon.run("team role owner@example.com view-only --product 10001").status == 1)
    #expect(try pcon.run("team invite owner@example.com --product 10001").status == 1)
    for n in 0..<3 {
      try pcon.ok("account create m\(n)@example.com")
      try pcon.ok("team invite m\(n)@example.com --product 10001 --role view-only")
    }
    try pcon.ok("account create sixth@example.com")
    let sixth = try pcon.run("team invite sixth@example.com --product 10001")
    #expect(sixth.status == 1)
    #expect(sixth.stderr.contains("at most 5 members"))
    // Pending invitations do not act.
    #expect(try pcon.run("device list --product 10001 --as m0@example.com").status == 3)
    try pcon.ok("invite decline 10001 --as m0@example.com")
    try pcon.ok("team invite sixth@example.com --product 10001")
    try pcon.ok("team role dev@example.com support --product 10001")
    #expect(
      try pcon.run("team invite sixth@example.com --product 10001 --as dev@example.com").status == 4
    )
    try pcon.ok("team remove dev@example.com --product 10001")
    #expect(try pcon.run("product show 10001 --as dev@example.com").status == 3)
  }

  @Test func apiUserTokensActWithTheirScopesRotateAndEnd() throws {
    let pcon = try product()
    try pcon.run(["device", "import", "--product", "10001", "-"], stdin: ids(0..<2))
    let token = try pcon.ok("team api-user create ci --product 10001 --scope devices:list")
      .trimmingCharacters(in: .newlines)
    #expect(
      try pcon.run(["device", "list", "--product", "10001"], env: ["PCON_TOKEN": token]).status == 0
    )
    let denied = try pcon.run(
      ["device", "rename", deviceID(10_000), "x"], env: ["PCON_TOKEN": token])
    #expect(denied.status == 4 && denied.stderr.contains("devices:update"))
    #expect(try pcon.ok("team list --product 10001").contains("ci"))
    let rotated = try pcon.ok(
      "team api-user update ci --product 10001 --scope devices:update --scope devices:list"
    )
    .trimmingCharacters(in: .newlines)
    #expect(
      try pcon.run(["device", "list", "--product", "10001"], env: ["PCON_TOKEN": token]).status == 4
    )
    #expect(
      try pcon.run(["device", "rename", deviceID(10_000), "x"], env: ["PCON_TOKEN": rotated]).status
        == 0)
    try pcon.ok("team api-user delete ci --product 10001 --yes")
    #expect(
      try pcon.run(["device", "list", "--product", "10001"], env: ["PCON_TOKEN": rotated]).status
        == 4)
    #expect(
      try pcon.run("team api-user create bad --product 10001 --scope devices:fly").status == 2)
  }

  @Test func customersSeeTheirDevicesOnly() throws {
    let pcon = try product()
    try pcon.run(["device", "import", "--product", "10001", "-"], stdin: ids(0..<3))
    try pcon.ok("customer create jane@example.com --product 10001")
    try pcon.ok("customer create two@example.com --product 10001 --no-password")
    try pcon.ok("customer claim \(deviceID(10_000)) jane@example.com --product 10001")
    let customers = try #require(
      try Pcon.json(try pcon.ok("customer list --product 10001 --json")) as? [[String: Any]])
    #expect(
      customers.first { $0["email"] as? String == "jane@example.com" }?["devices"] as? [String] == [
        deviceID(10_000)
      ])
    #expect(
      customers.first { $0["email"] as? String == "two@example.com" }?["devices"] as? [String] == []
    )
    let issued = try pcon.run(
      ["customer", "token", "jane@example.com", "--product", "10001", "--json"],
      env: ["PCON_NOW": "2026-01-01T00:00:00Z"])
    let json = try #require(try Pcon.json(issued.stdout) as? [String: Any])
    #expect(json["expires_at"] as? String == "2026-04-01T00:00:00.000Z")
    let token = try #require(json["token"] as? String)
    let env = ["PCON_TOKEN": token, "PCON_NOW": "2026-01-02T00:00:00Z"]
    let mine = try #require(
      try Pcon.json(try pcon.run(["device", "list", "--json"], env: env).stdout) as? [[String: Any]]
    )
    #expect(mine.map { $0["id"] as? String } == [deviceID(10_000)])
    #expect(try pcon.run(["device", "show", deviceID(10_001)], env: env).status == 3)
    #expect(try pcon.run(["team", "list", "--product", "10001"], env: env).status == 3)
    // An unclaimed product device cannot be subscribed to by a customer.
    #expect(try pcon.run(["logs", "--follow", "--device", deviceID(10_002)], env: env).status == 3)
    #expect(
      try pcon.run(["whoami"], env: ["PCON_TOKEN": token, "PCON_NOW": "2026-04-02T00:00:00Z"])
        .status == 4)
    try pcon.ok("customer delete jane@example.com --product 10001 --yes")
    #expect(try pcon.run(["device", "list"], env: env).status == 4)
    let device = try #require(
      try Pcon.json(try pcon.ok("device show \(deviceID(10_000)) --json")) as? [String: Any])
    #expect(device["owner"] is NSNull)
  }

  @Test func quarantineAndDevelopmentDevices() throws {
    let pcon = try product()
    let arrived = try pcon.run(
      "device connect \(deviceID(5)) --product-id 10001 --firmware-version 3")
    #expect(arrived.stdout.contains("quarantined"))
    #expect(try pcon.ok("device list --product 10001 --json") == "[]\n")
    let waiting = try #require(
      try Pcon.json(try pcon.ok("device list --product 10001 --quarantined --json"))
        as? [[String: Any]])
    #expect(
      waiting.first?["id"] as? String == deviceID(5)
        && waiting.first?["quarantined"] as? Bool == true)
    // Importing it approves it.
    try pcon.run(["device", "import", "--product", "10001", "-"], stdin: deviceID(5) + "\n")
    #expect(try pcon.ok("device list --product 10001 --quarantined --json") == "[]\n")
    try pcon.ok("device connect \(deviceID(5)) --product-id 10001")
    try pcon.ok("device development \(deviceID(5)) on")
    #expect(try pcon.ok("device list --product 10001 --development --json").contains(deviceID(5)))
    try pcon.ok("device claim \(deviceID(6)) --platform argon")
    #expect(try pcon.run("device development \(deviceID(6)) on").status == 1)
    try pcon.ok("device remove \(deviceID(5)) --product 10001")
    #expect(try pcon.run("device show \(deviceID(5))").status == 3)
    #expect(try pcon.run("doctor").status == 0)
  }

  @Test func productStreamPublishIngestAndRead() throws {
    let pcon = try product()
    try pcon.run(["device", "import", "--product", "10001", "-"], stdin: ids(0..<1))
    try pcon.ok("publish reading 7 --device \(deviceID(10_000)) --as dev@example.com")
    try pcon.ok("publish notice --product widgets --as dev@example.com")
    let capture =
      #"{"name":"old","data":"1","ttl":60,"published_at":"2026-01-01T00:00:00Z","coreid":"api"}"#
      + "\n"
    #expect(
      try pcon.run(["logs", "ingest", "--product", "10001", "-"], stdin: capture).stdout.hasPrefix(
        "stored 1 event"))
    let events = try pcon.ok("logs --product 10001 --json").split(separator: "\n").compactMap {
      try? Pcon.json(String($0)) as? [String: Any]
    }
    #expect(events.map { $0["name"] as? String } == ["old", "spark/status", "reading", "notice"])
    #expect(events.allSatisfy { $0["product_id"] as? Int == 10_001 })
    // A person's own log holds none of the product's events.
    #expect(try pcon.ok("logs --json") == "")
    try pcon.ok("account create other@example.com")
    #expect(try pcon.run("logs --product 10001 --as other@example.com").status == 3)
    #expect(
      try pcon.run(
        ["logs", "ingest", "--product", "10001", "-", "--as", "other@example.com"], stdin: capture
      ).status == 3)
  }

  @Test func secretsNeverLeakAndFilesStayPrivate() throws {
    let pcon = try product()
    let personal = try pcon.ok("token create").trimmingCharacters(in: .newlines)
    let api = try pcon.ok("team api-user create ci --product 10001 --scope devices:list")
      .trimmingCharacters(in: .newlines)
    try pcon.ok("customer create jane@example.com --product 10001")
    let customer = try pcon.ok("customer token jane@example.com --product 10001")
      .trimmingCharacters(in: .newlines)
    let client = try pcon.ok(
      "oauth-client create app --product 10001 --type web --redirect-uri https://example.com/cb")
    let secret = try #require(client.split(separator: "\n").first { $0.hasPrefix("secret: ") })
      .dropFirst(8)
    let secrets = [personal, api, customer, String(secret)]
    #expect(secrets.allSatisfy { $0.count == 64 })
    var outputs = ""
    for line in [
      "team list --product 10001 --json", "customer list --product 10001 --json",
      "token list --json", "logs --all --json", "doctor --json",
    ] {
      outputs += try pcon.run(line).stdout
    }
    let manager = FileManager.default
    for path in try manager.subpathsOfDirectory(atPath: pcon.stateDir) {
      let attributes = try manager.attributesOfItem(atPath: pcon.file(path))
      let isDirectory = attributes[.type] as? FileAttributeType == .typeDirectory
      #expect(attributes[.posixPermissions] as? Int == (isDirectory ? 0o700 : 0o600), "\(path)")
      if !isDirectory {
        outputs += (try? String(contentsOfFile: pcon.file(path), encoding: .utf8)) ?? ""
      }
    }
    for secret in secrets { #expect(!outputs.contains(secret)) }
  }
}

extension ProductTests {
  @Test func aMemberReportingAnotherProductStaysWhereItIs() throws {
    let pcon = try product()
    try pcon.ok("product create Other --platform boron --id 10002")
    try pcon.run(["device", "import", "--product", "10001", "-"], stdin: deviceID(7) + "\n")
    try pcon.ok("device connect \(deviceID(7)) --product-id 10002")
    let device = try #require(
      try Pcon.json(try pcon.ok("device show \(deviceID(7)) --json")) as? [String: Any])
    #expect(device["product_id"] as? Int == 10_001 && device["quarantined"] as? Bool == false)
    #expect(try pcon.ok("device list --product 10002 --quarantined --json") == "[]\n")
    #expect(try pcon.run("doctor").status == 0)
  }
}

extension ProductTests {
  @Test func aHandEditedTeamFileIsStateDamageNotAUsageError() throws {
    let pcon = try product()
    let path = pcon.file("team.json")
    let text = try String(contentsOfFile: path, encoding: .utf8).replacingOccurrences(
      of: "\"developer\"", with: "\"emperor\"")
    try text.write(toFile: path, atomically: false, encoding: .utf8)
    let result = try pcon.run("team list --product 10001")
    #expect(result.status == 5)
    #expect(
      result.stderr.hasPrefix(
        "error: state file team.json: unknown role 'emperor' at members[0].role"))
  }
}
