import Foundation
import Testing

/// `billing …` end to end, with PCON_NOW moving time: a failed card through its retries,
/// suspension and recovery; who may read an organization's billing; the usage table and JSON;
/// blocks, estimates and upgrading.
@Suite struct BillingTests {
  /// Runs `line` at `time` (ISO-8601).
  @discardableResult
  func at(_ time: String, _ pcon: Pcon, _ line: String, stdin: String? = nil) throws -> RunResult {
    try pcon.run(line, stdin: stdin, env: ["PCON_NOW": time])
  }

  /// Runs `line` at `time` and expects exit 0; its stdout.
  @discardableResult
  func ok(
    _ time: String, _ pcon: Pcon, _ line: String, stdin: String? = nil,
    sourceLocation: SourceLocation = #_sourceLocation
  ) throws -> String {
    let result = try at(time, pcon, line, stdin: stdin)
    #expect(
      result.status == 0, "pcon \(line) failed: \(result.stderr)", sourceLocation: sourceLocation)
    return result.stdout
  }

  /// Ada, with organization acme (no card) made on 2026-11-05 and a Boron product 10001 in it
  /// holding device 1.
  func acme() throws -> Pcon {
    let pcon = try Pcon()
    let day = "2026-11-05T09:00:00Z"
    for line in [
      "account create ada@example.com", "org create Acme",
      "product create Pumps --platform boron --id 10001 --org acme",
    ] {
      try ok(day, pcon, line)
    }
    try ok(day, pcon, "device import --product 10001 -", stdin: deviceID(1) + "\n")
    return pcon
  }

  /// Ada's usage file for `month`, named by her account's ID.
  func adaUsageFile(_ pcon: Pcon, month: String) throws -> String {
    let data = try Data(contentsOf: URL(fileURLWithPath: pcon.file("accounts.json")))
    let accounts = try #require(
      (try JSONSerialization.jsonObject(with: data) as? [String: Any])?["accounts"]
        as? [[String: Any]])
    let id = try #require(accounts.first?["id"] as? String)
    return "usage/a-\(id)-\(month).json"
  }

  @Test func aFailedCardIsRetriedThenSuspendsUntilACardIsSet() throws {
    let pcon = try acme()
    let device = deviceID(1)
    // Each retry is noticed by the device publish that meets it, on its day.
    for (day, retry) in [("01", 1), ("04", 2), ("07", 3)] {
      let publish = try at("2026-12-\(day)T09:00:00Z", pcon, "publish reading 1 --device \(device)")
      #expect(publish.status == 0, "\(publish.stderr)")
      #expect(
        publish.stderr.contains(
          "payment of invoice 1 for 2026-12 ($299.00) failed: no card on file; retry \(retry) of 3"),
        "\(publish.stderr)")
    }
    let time = "2026-12-10T09:00:00Z"
    let refused = try at(time, pcon, "group create north --product 10001")
    #expect(refused.status == 1)
    #expect(refused.stderr.contains("organization acme is suspended since 2026-12-10"))
    #expect(refused.stderr.contains("hint: ") && refused.stderr.contains("billing card set"))
    #expect(try at(time, pcon, "publish reading 2 --device \(device)").status == 1)
    // Reads still work, the organization's billing among them.
    #expect(try ok(time, pcon, "device list --product 10001").contains(device))
    let usage = try #require(
      try Pcon.json(try ok(time, pcon, "billing usage --org acme --json")) as? [String: Any])
    #expect(usage["status"] as? String == "suspended")
    let notices = try #require(
      try Pcon.json(try ok(time, pcon, "billing notices --org acme --json")) as? [[String: Any]])
    let failures = notices.filter { ($0["message"] as? String)?.contains("failed") == true }
    #expect(
      failures.compactMap { $0["at"] as? String } == [
        "2026-12-01T00:00:00.000Z", "2026-12-04T00:00:00.000Z", "2026-12-07T00:00:00.000Z",
        "2026-12-10T00:00:00.000Z",
      ])
    #expect(notices.last?["kind"] as? String == "suspension")

    let card = try at(time, pcon, "billing card set --number-last4 4242 --expires 12/28 --org acme")
    #expect(card.status == 0, "\(card.stderr)")
    #expect(card.stdout == "card ending 4242 set for organization acme\n")
    #expect(card.stderr.contains("paid 1 invoice at once; nothing is left unpaid"))
    try ok(time, pcon, "group create north --product 10001")
    try ok(time, pcon, "publish reading 3 --device \(device)")
    let invoices = try #require(
      try Pcon.json(try ok(time, pcon, "billing invoices --org acme --json")) as? [[String: Any]])
    #expect(invoices.count == 1)
    #expect(invoices.first?["status"] as? String == "paid")
    #expect(invoices.first?["attempts"] as? Int == 5)
    #expect(invoices.first?["paid_at"] as? String == "2026-12-10T09:00:00.000Z")
    #expect(invoices.first?["amount_cents"] as? Int == 29_900)
    let table = try ok(time, pcon, "billing invoices --org acme")
    #expect(table.contains("paid") && table.contains("$299.00"))
  }

  @Test func onlyTheOrganizationsAdministratorsReadItsBilling() throws {
    let pcon = try acme()
    let day = "2026-11-06T09:00:00Z"
    try ok(day, pcon, "account create bob@example.com")
    try ok(day, pcon, "account create cy@example.com")
    try ok(day, pcon, "team invite bob@example.com --org acme --role developer")
    try ok(day, pcon, "invite accept acme --as bob@example.com")
    let token = try ok(day, pcon, "team api-user create ci --org acme --scope devices:list")
      .trimmingCharacters(in: .whitespacesAndNewlines)
    for command in ["billing usage", "billing plan", "billing invoices", "billing notices"] {
      let line = "\(command) --org acme"
      #expect(try at(day, pcon, line).status == 0, "\(line)")
      let developer = try at(day, pcon, line + " --as bob@example.com")
      #expect(developer.status == 4, "\(line): \(developer.stderr)")
      #expect(developer.stderr.contains("Administrator"))
      #expect(try at(day, pcon, line + " --as cy@example.com").status == 3, "\(line)")
      #expect(try pcon.run(line + " --token " + token, env: ["PCON_NOW": day]).status == 4)
    }
    #expect(try pcon.run("billing usage --token " + token, env: ["PCON_NOW": day]).status == 4)
    let blocks = try at(day, pcon, "billing blocks add 1 --org acme --as bob@example.com")
    #expect(blocks.status == 4)
  }

  @Test func usageShowsThePlanAsATableAndAsJSON() throws {
    let pcon = try Pcon()
    let day = "2026-11-10T09:00:00Z"
    try ok(day, pcon, "account create ada@example.com")
    try ok(day, pcon, "device claim \(deviceID(7)) --platform boron --iccid 89014103271203845123")
    try ok(day, pcon, "publish reading 21.5 --device \(deviceID(7))")
    let json = try #require(
      try Pcon.json(try ok(day, pcon, "billing usage --json")) as? [String: Any])
    for key in [
      "plan", "period", "devices", "data_operations", "cellular_mb", "level", "status",
      "grace_ends_at", "blocks",
    ] {
      #expect(json.keys.contains(key), "no \(key)")
    }
    #expect(json["plan"] as? String == "free" && json["status"] as? String == "active")
    #expect(json["level"] as? String == "ok" && json["blocks"] is NSNull)
    #expect(json["grace_ends_at"] is NSNull)
    let period = json["period"] as? [String: Any]
    #expect(period?["start"] as? String == "2026-11-01T00:00:00.000Z")
    #expect(period?["end"] as? String == "2026-12-01T00:00:00.000Z")
    #expect((json["devices"] as? [String: Any])?.keys.sorted() == ["limit", "used"])
    #expect((json["devices"] as? [String: Any])?["used"] as? Int == 1)
    let operations = json["data_operations"] as? [String: Any]
    #expect(operations?.keys.sorted() == ["limit", "percent", "used"])
    #expect(operations?["used"] as? Int == 1 && operations?["limit"] as? Int == 100_000)
    let cellular = json["cellular_mb"] as? [String: Any]
    #expect(cellular?.keys.sorted() == ["limit", "used"])
    #expect(cellular?["used"] as? Double == 0.000275 && cellular?["limit"] as? Double == 100)

    // The SIM's month so far: the publish's four bytes and the protocol's 271.
    let sims = try #require(
      try Pcon.json(try ok(day, pcon, "sim list --json")) as? [[String: Any]])
    #expect(sims.first?["mbs_used"] as? Double == 0.000275)

    // A pipe gets the figures; a terminal the bars too.
    let piped = try ok(day, pcon, "billing usage")
    #expect(piped.contains("status: active"))
    let header = piped.split(separator: "\n").first { $0.hasPrefix("MEASURE") }
    #expect(header?.split(separator: " ") == ["MEASURE", "USED", "LIMIT", "%"])
    #expect(!piped.contains("[") && !piped.contains("\u{1B}["))
    let plain = try Terminal.run(pcon, "billing usage", env: ["PCON_NOW": day])
    #expect(plain.contains("BAR") && plain.contains("[--------------------]"))
    #expect(!plain.contains("\u{1B}["))
  }

  @Test func aTerminalColoursRowsYellowFrom70AndRedAt100() throws {
    let pcon = try Pcon()
    let day = "2026-11-10T09:00:00Z"
    try ok(day, pcon, "account create ada@example.com")
    try ok(day, pcon, "device claim \(deviceID(7)) --platform boron")
    let file = try adaUsageFile(pcon, month: "2026-11")
    func use(_ operations: Int) throws {
      let text =
        #"{"classes":{"cellular":{"data_operations":\#(operations),"cellular_bytes":0}},"limit_reached_at":null,"notices":[]}"#
      try FileManager.default.createDirectory(
        atPath: pcon.file("usage"), withIntermediateDirectories: true,
        attributes: [.posixPermissions: 0o700])
      _ = FileManager.default.createFile(
        atPath: pcon.file(file), contents: Data(text.utf8), attributes: [.posixPermissions: 0o600])
    }
    let yellow = "\u{1B}[33m"
    let red = "\u{1B}[31m"
    try use(69_999)
    let below = try Terminal.run(pcon, "billing usage", colour: true, env: ["PCON_NOW": day])
    #expect(!below.contains(yellow) && !below.contains(red))
    // The publish that reaches 70 % prints its notice on stderr.
    let crossing = try at(day, pcon, "publish reading 1 --device \(deviceID(7))")
    #expect(crossing.stderr.contains("70% of 100,000 data operations used this month"))
    let seventy = try Terminal.run(pcon, "billing usage", colour: true, env: ["PCON_NOW": day])
    #expect(seventy.contains(yellow + "70%") && !seventy.contains(red))
    #expect(seventy.contains("[##############------]"))
    let level = try #require(
      try Pcon.json(try ok(day, pcon, "billing usage --json")) as? [String: Any])
    #expect(level["level"] as? String == "70")

    try use(99_999)
    let limit = try at(day, pcon, "publish reading 1 --device \(deviceID(7))")
    #expect(limit.stderr.contains("data stops at 2026-11-13T09:00:00.000Z"), "\(limit.stderr)")
    let full = try Terminal.run(pcon, "billing usage", colour: true, env: ["PCON_NOW": day])
    #expect(full.contains(red + "100%") && full.contains("grace: data stops at"))
    let plain = try Terminal.run(
      pcon, "billing usage", colour: true, env: ["PCON_NOW": day, "NO_COLOR": "1"])
    #expect(!plain.contains("\u{1B}[") && plain.contains("[####################]"))
    let grace = try #require(
      try Pcon.json(try ok(day, pcon, "billing usage --json")) as? [String: Any])
    #expect(grace["status"] as? String == "grace" && grace["level"] as? String == "100")
    #expect(grace["grace_ends_at"] as? String == "2026-11-13T09:00:00.000Z")

    // Past the grace, a device publish is refused saying until when.
    let paused = try at("2026-11-13T09:00:00Z", pcon, "publish reading 1 --device \(deviceID(7))")
    #expect(paused.status == 1)
    #expect(paused.stderr.contains("data is paused") && paused.stderr.contains("2026-12-01"))
  }

  @Test func whoamiPrintsTheEmailAloneAndTheUsageOnStderr() throws {
    let pcon = try Pcon()
    let day = "2026-11-10T09:00:00Z"
    try ok(day, pcon, "account create ada@example.com")
    try ok(day, pcon, "device claim \(deviceID(7)) --platform argon")
    try ok(day, pcon, "publish reading 1 --device \(deviceID(7))")
    let whoami = try at(day, pcon, "whoami")
    #expect(whoami.stdout == "ada@example.com\n")
    #expect(
      whoami.stderr.contains(
        "usage this month: 1 of 100,000 data operations (0%), 1 of 100 devices"),
      "\(whoami.stderr)")
    #expect(whoami.stderr.split(separator: "\n").count == 1)
    let json = try #require(try Pcon.json(try ok(day, pcon, "whoami --json")) as? [String: Any])
    #expect((json["usage"] as? [String: Any])?["plan"] as? String == "free")
  }

  @Test func ingestedHistoryAndTheCloudsOwnEventsAreFree() throws {
    let pcon = try Pcon()
    let day = "2026-11-10T09:00:00Z"
    try ok(day, pcon, "account create ada@example.com")
    try ok(day, pcon, "device claim \(deviceID(7)) --platform boron")
    let history = (0..<5).map {
      #"{"name":"reading","data":"\#($0)","ttl":60,"published_at":"2026-11-09T10:00:0\#($0).000Z","coreid":"\#(deviceID(7))"}"#
    }
    try ok(
      day, pcon, "logs ingest --format ndjson -", stdin: history.joined(separator: "\n") + "\n")
    // The device was offline: its publish logs spark/status too, and only the publish counts.
    try ok(day, pcon, "publish reading 1 --device \(deviceID(7))")
    let logs = try ok(day, pcon, "logs --all --json")
    #expect(logs.contains("spark/status"))
    #expect(logs.components(separatedBy: #""name":"reading""#).count == 7, "\(logs)")
    let usage = try #require(
      try Pcon.json(try ok(day, pcon, "billing usage --json")) as? [String: Any])
    #expect((usage["data_operations"] as? [String: Any])?["used"] as? Int == 1)
  }

  @Test func anEstimateGivesTheMonthAndThePlan() throws {
    let pcon = try Pcon()
    let json = try #require(
      try Pcon.json(
        try pcon.ok("billing estimate --devices 100 --every 1m --bytes 200 --json"))
        as? [String: Any])
    #expect(json["publishes"] as? Int == 4_320_000)
    #expect(json["data_operations"] as? Int == 4_320_000)
    #expect(json["cellular_mb"] as? Double == 2034.72)
    #expect(json["plan"] as? String == "growth" && json["blocks"] as? Int == 7)
    #expect(json["monthly_cents"] as? Int == 209_300 && json["class"] as? String == "cellular")
    let free = try #require(
      try Pcon.json(try pcon.ok("billing estimate --devices 10 --every 1h --class wifi --json"))
        as? [String: Any])
    #expect(free["plan"] as? String == "free" && free["blocks"] is NSNull)
    let text = try pcon.ok("billing estimate --devices 100 --every 1m --bytes 200")
    #expect(text.contains("4,320,000") && text.contains("7 Cellular block(s), $2,093.00 a month"))
    #expect(try pcon.run("billing estimate --devices 0 --every 1m").status == 2)
    #expect(try pcon.run("billing estimate --devices 1 --every 1m --bytes 1025").status == 2)
  }

  @Test func blocksAreAddedToTheOneClassInUseOrTheClassNamed() throws {
    let pcon = try acme()
    let day = "2026-11-06T09:00:00Z"
    let added = try at(day, pcon, "billing blocks add 2 --org acme")
    #expect(added.stdout == "organization acme now has 3 Cellular block(s)\n")
    #expect(added.stderr.contains("billed from the next billing date"))
    // Blocks of a class no product uses are kept, and said to wait for one.
    let unused = try at(day, pcon, "billing blocks add 1 --org acme --class tracker")
    #expect(unused.status == 0)
    #expect(unused.stderr.contains("no Tracker product yet"))
    try ok(day, pcon, "product create Lamps --platform argon --id 10002 --org acme")
    let ambiguous = try at(day, pcon, "billing blocks add 1 --org acme")
    #expect(
      ambiguous.status != 0 && ambiguous.stderr.contains("which device class"),
      "\(ambiguous.stderr)")
    let wifi = try #require(
      try Pcon.json(try ok(day, pcon, "billing blocks add 1 --org acme --class wifi --json"))
        as? [String: Any])
    #expect(wifi["class"] as? String == "wifi")
    #expect(
      wifi["blocks_by_class"] as? [String: Int] == ["wifi": 2, "cellular": 3, "tracker": 2])
    #expect(try at(day, pcon, "billing blocks add 0 --org acme").status == 2)
    // Billed from the next invoice: December's is for the classes in use.
    try ok(day, pcon, "billing card set --number-last4 4242 --expires 12/28 --org acme")
    let invoices = try #require(
      try Pcon.json(try ok("2026-12-01T09:00:00Z", pcon, "billing invoices --org acme --json"))
        as? [[String: Any]])
    #expect(invoices.first?["blocks"] as? Int == 5)
    #expect(invoices.first?["amount_cents"] as? Int == 5 * 29_900)
  }

  @Test func upgradingMovesTheFreeProductsIntoANewOrganization() throws {
    let pcon = try Pcon()
    let day = "2026-11-10T09:00:00Z"
    try ok(day, pcon, "account create ada@example.com")
    try ok(day, pcon, "product create Pumps --platform boron --id 10001")
    try ok(day, pcon, "device import --product 10001 -", stdin: deviceID(1) + "\n")
    try ok(day, pcon, "device claim \(deviceID(7)) --platform boron")
    let upgrade = try at(day, pcon, "billing upgrade --org-name Acme --blocks 2")
    #expect(upgrade.status == 0 && upgrade.stdout == "acme\n", "\(upgrade.stderr)")
    #expect(upgrade.stderr.contains("moved 1 product into it: pumps"), "\(upgrade.stderr)")
    let plan = try #require(
      try Pcon.json(try ok(day, pcon, "billing plan --org acme --json")) as? [String: Any])
    #expect(plan["billed_by_class"] as? [String: Int] == ["wifi": 0, "cellular": 2, "tracker": 0])
    #expect(plan["monthly_cents"] as? Int == 59_800)
    // The product's device now counts against the organization, the sandbox's against ada.
    try ok(day, pcon, "publish reading 1 --device \(deviceID(1))")
    let org = try #require(
      try Pcon.json(try ok(day, pcon, "billing usage --org acme --json")) as? [String: Any])
    #expect((org["data_operations"] as? [String: Any])?["used"] as? Int == 1)
    let own = try #require(
      try Pcon.json(try ok(day, pcon, "billing usage --json")) as? [String: Any])
    #expect((own["devices"] as? [String: Any])?["used"] as? Int == 1)
    #expect((own["data_operations"] as? [String: Any])?["used"] as? Int == 0)
    #expect(try at(day, pcon, "billing upgrade --org-name Acme").status != 0)
    #expect(try at(day, pcon, "billing upgrade --org-name Other --blocks 0").status == 2)
  }
}
