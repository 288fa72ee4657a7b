import Foundation
import Testing

/// `integration create|list|show|edit|delete|enable|disable` run as the built binary: Particle's
/// webhook JSON in and out for every real definition, each validation error, who may do what,
/// and what the table shows.
@Suite struct IntegrationTests {
  static let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
    .appendingPathComponent("../Fixtures/webhooks").standardized.path

  /// Every fixture that defines a hook pcon accepts as it is.
  static let accepted = [
    "nicjansma-dht-logger-particle-webhook.json", "particle-docs-blynk.json",
    "particle-docs-memfault.json", "particle-docs-pushover.json",
    "rickkas7-DeviceClaimRK-deviceClaim.json", "rickkas7-DeviceClaimRK-deviceTest.json",
    "rickkas7-DeviceNotesHelperRK-DeviceNotesGet.json",
    "rickkas7-DeviceNotesHelperRK-DeviceNotesPut.json",
    "sentientthings-IoTNodeThingSpeak-TSBulkWriteCSV.json",
  ]

  /// A state with ada, her product 10001 and a viewer on it.
  static func fleet() throws -> Pcon {
    let pcon = try Pcon()
    try pcon.account()
    for line in [
      "product create Widgets --platform boron --id 10001", "account create vi@example.com",
      "team invite vi@example.com --product 10001 --role view-only",
      "invite accept 10001 --as vi@example.com",
      "device claim e00fce68000000000000a001 --platform argon --name mine",
    ] {
      try pcon.ok(line)
    }
    return pcon
  }

  static func object(_ text: String) throws -> [String: Any] {
    try #require(try Pcon.json(text) as? [String: Any])
  }

  /// The definition without what a new hook gets anew.
  static func definition(_ text: String) throws -> NSDictionary {
    var object = try object(text)
    object["id"] = nil
    object["created_at"] = nil
    return object as NSDictionary
  }

  @Test(arguments: accepted)
  func everyFixtureRoundTripsThroughShowAndCreate(_ file: String) throws {
    let pcon = try Self.fleet()
    let created = try pcon.run(["integration", "create", "--from-file", Self.fixtures + "/" + file])
    #expect(created.status == 0, "\(created.stderr)")
    let id = created.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
    let shown = try pcon.ok("integration show \(id) --json")
    let copy = try pcon.run(["integration", "create", "--from-file", "-"], stdin: shown)
    #expect(copy.status == 0, "\(copy.stderr)")
    let copyID = copy.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
    #expect(copyID != id)
    let again = try pcon.ok("integration show \(copyID) --json")
    #expect(try Self.definition(again) == Self.definition(shown))
    // What the file said is what is kept (Particle's keys, the legacy event name read as event).
    let source = try Self.object(
      String(
        decoding: try Data(contentsOf: URL(fileURLWithPath: Self.fixtures + "/" + file)),
        as: UTF8.self))
    let kept = try Self.object(shown)
    #expect(kept["event"] as? String == (source["event"] ?? source["eventName"]) as? String)
    #expect(kept["url"] as? String == source["url"] as? String)
    for key in ["json", "form", "body", "query", "headers", "responseTemplate"]
    where source[key] != nil {
      #expect((kept[key] as? NSObject) == (source[key] as? NSObject), "\(key)")
    }
    #expect(kept["integration_type"] as? String == "Webhook")
  }

  @Test func theFixturesThatCannotBeHooksAreRefusedNamingWhy() throws {
    let pcon = try Self.fleet()
    let firstBuild = try pcon.run([
      "integration", "create", "--from-file", Self.fixtures + "/FirstBuild-DryAgeMeat-webhook.json",
    ])
    #expect(firstBuild.status == 2)
    #expect(
      firstBuild.stderr.hasPrefix(
        "error: webhook url: '[SEE PROJECT TASK PAGE]' does not start with http:// or https://"))
    let signl4 = try pcon.run([
      "integration", "create", "--from-file", Self.fixtures + "/particle-docs-signl4.json",
    ])
    #expect(signl4.status == 3)
    #expect(signl4.stderr.contains("no device '37002a000xxxxx'"), "\(signl4.stderr)")
    #expect(
      try pcon.ok("integration list --json").trimmingCharacters(in: .whitespacesAndNewlines) == "[]"
    )
  }

  /// Each bad definition, as flags or as JSON, and the words that must name the field.
  static let refusals: [(words: [String], stdin: String?, status: Int32, says: String)] = [
    (
      ["--event", "t", "--url", "ftp://x.example/"], nil, 2,
      "webhook url: 'ftp://x.example/' does not start"
    ),
    (["--event", "t", "--url", "https:///path"], nil, 2, "names no host"),
    (["--event", "t", "--url", "https://{{host}}/p"], nil, 2, "template in its host"),
    (["--event", "t", "--url", "https://x.example:99999/"], nil, 2, "port"),
    (["--event", "", "--url", "https://x.example/"], nil, 2, "webhook event: empty"),
    (
      ["--event", "temp*", "--url", "https://x.example/"], nil, 2,
      "webhook event: 'temp*' holds '*'"
    ),
    (
      ["--event", "t", "--url", "https://x.example/", "--json", "{}", "--body", "b"], nil, 2,
      "exclude each other"
    ),
    (["--event", "t", "--url", "https://x.example/", "--method", "PATCH"], nil, 2, "PATCH"),
    (
      ["--event", "t", "--url", "https://x.example/", "--header", "Bad Name:v"], nil, 2,
      "webhook headers: 'Bad Name' is not a header name"
    ),
    (
      ["--event", "t", "--url", "https://x.example/", "--header", "novalue"], nil, 2,
      "is not NAME:VALUE"
    ),
    (
      ["--event", "t", "--url", "https://x.example/", "--body", "{{a}"], nil, 2,
      "webhook template: the body template is malformed: unclosed '{{' at byte 0"
    ),
    (
      ["--event", "t", "--url", "https://x.example/", "--query", "k=a{{/b}}"], nil, 2,
      "webhook template: the query 'k' template is malformed: '{{/b}}' closes a section that was never opened at byte 1"
    ),
    (
      ["--event", "t", "--url", "https://x.example/", "--device", "mine", "--product", "10001"],
      nil, 2, "webhook deviceID: a product's hook sees every device"
    ),
    (
      ["--event", "t", "--url", "https://x.example/", "--device", "nosuch"], nil, 3,
      "no device 'nosuch'"
    ),
    (["--url", "https://x.example/"], nil, 2, "missing --event"),
    (
      ["--from-file", "-"], #"{"event":"t","url":"https://x.example/","devideid":"x"}"#, 2,
      "unknown webhook key 'devideid'; valid: event, url,"
    ),
    (
      ["--from-file", "-"], #"{"event":"t","url":"https://x.example/","json":{},"form":{}}"#, 2,
      "webhook form: json and form exclude each other"
    ),
    (
      ["--from-file", "-"], #"{"event":"t","url":"https://x.example/","event":"u"}"#, 2,
      "webhook event: given twice"
    ),
    (
      ["--from-file", "-"], #"{"event":"t","url":"https://x.example/","noDefaults":"yes"}"#, 2,
      "webhook noDefaults: expected true or false"
    ),
    (
      ["--from-file", "-"],
      #"{"event":"t","url":"https://x.example/","headers":{"a":"x\r\nb: c"}}"#, 2,
      "webhook headers 'a': holds a line break"
    ),
    (["--from-file", "-"], #"{"url":"https://x.example/"}"#, 2, "webhook event: missing"),
    (["--from-file", "-"], #"{"event":"t","#, 2, "invalid JSON at byte"),
    (
      ["--from-file", "-"],
      #"{"event":"t","url":"https://x.example/","integration_type":"GoogleMaps"}"#, 2,
      "only Webhook"
    ),
    (["--from-file", "-", "--event", "t"], "{}", 2, "--event cannot be added"),
    (
      ["--from-file", "-"], #"{"event":"t\u001b[2J","url":"https://x.example/"}"#, 2,
      "control character"
    ),
  ]

  @Test(arguments: refusals.indices)
  func aBadDefinitionIsRefusedNamingTheField(_ n: Int) throws {
    let c = Self.refusals[n]
    let pcon = try Self.fleet()
    let result = try pcon.run(["integration", "create"] + c.words, stdin: c.stdin)
    #expect(result.status == c.status, "\(c.words): \(result.stderr)")
    #expect(result.stderr.contains(c.says), "\(c.words): \(result.stderr)")
    // One line naming the fault; hints may follow it.
    #expect(
      result.stderr.split(separator: "\n").dropFirst().allSatisfy { $0.hasPrefix("hint: ") },
      "\(result.stderr)")
    #expect(!result.stderr.contains("\u{1B}"))
    #expect(try pcon.ok("integration list --json").contains("[]"), "nothing was stored")
  }

  @Test func flagsMakeTheHookParticlesJSONDescribes() throws {
    let pcon = try Self.fleet()
    let id = try pcon.run([
      "integration", "create", "--event", "temp", "--url",
      "https://x.example/in/{{{PARTICLE_DEVICE_ID}}}",
      "--method", "put", "--form", "v={{{PARTICLE_EVENT_VALUE}}}", "--form", "k=1", "--query",
      "a=b",
      "--header", "X-Api-Key: s3cret", "--no-defaults", "--response-topic",
      "r/{{PARTICLE_EVENT_NAME}}",
      "--device", "mine", "--disabled",
    ]).stdout.trimmingCharacters(in: .whitespacesAndNewlines)
    let json = try Self.object(try pcon.ok("integration show \(id) --json"))
    #expect(json["name"] as? String == "temp for x.example")
    #expect(json["requestType"] as? String == "PUT")
    #expect(json["form"] as? [String: String] == ["v": "{{{PARTICLE_EVENT_VALUE}}}", "k": "1"])
    #expect(json["query"] as? [String: String] == ["a": "b"])
    #expect(json["headers"] as? [String: String] == ["X-Api-Key": "s3cret"])
    #expect(json["noDefaults"] as? Bool == true && json["disabled"] as? Bool == true)
    #expect(json["deviceID"] as? String == "e00fce68000000000000a001")
    #expect(json["responseTopic"] as? String == "r/{{PARTICLE_EVENT_NAME}}")
    #expect(json["product_id"] == nil)
    // The table masks the credential; JSON keeps it so it round-trips.
    let table = try pcon.ok("integration show \(id)")
    #expect(table.contains("header X-Api-Key  ********") && !table.contains("s3cret"), "\(table)")
    let list = try pcon.ok("integration list")
    #expect(
      list.hasPrefix("ID  ") && list.contains("\(id)  temp for x.example  temp")
        && list.contains("sandbox  disabled"))
  }

  @Test func editChangesFieldsAndFromFileReplacesTheWhole() throws {
    let pcon = try Self.fleet()
    let id = try pcon.ok(
      "integration create --event a --url https://x.example/ --product 10001 --query k=v"
    )
    .trimmingCharacters(in: .whitespacesAndNewlines)
    try pcon.ok("integration edit \(id) --event b --name Renamed")
    var json = try Self.object(try pcon.ok("integration show \(id) --json"))
    #expect(json["event"] as? String == "b" && json["name"] as? String == "Renamed")
    #expect(json["query"] as? [String: String] == ["k": "v"], "a flag leaves other fields")
    #expect(json["product_id"] as? Int == 10001)
    let bad = try pcon.run("integration edit \(id) --url nowhere")
    #expect(bad.status == 2 && bad.stderr.contains("webhook url"))
    _ = try pcon.run(
      ["integration", "edit", id, "--from-file", "-"],
      stdin: #"{"event":"c","url":"http://y.example/"}"#)
    json = try Self.object(try pcon.ok("integration show \(id) --json"))
    #expect(
      json["event"] as? String == "c" && json["query"] == nil
        && json["name"] as? String == "c for y.example")
    #expect(json["product_id"] as? Int == 10001, "the owner stays")
    let moved = try pcon.run(
      ["integration", "edit", id, "--from-file", "-"],
      stdin: #"{"event":"c","url":"http://y.example/","product_id":10002}"#)
    #expect(moved.status == 2 && moved.stderr.contains("webhook product_id"))
  }

  @Test func enableRestartsTheWatchAndSaysWhenNothingChanges() throws {
    let pcon = try Self.fleet()
    let id = try pcon.run(
      ["integration", "create", "--event", "a", "--url", "https://x.example/", "--disabled"],
      env: ["PCON_NOW": "2026-11-01T00:00:00Z"]
    ).stdout.trimmingCharacters(in: .whitespacesAndNewlines)
    let enabled = try pcon.run(
      ["integration", "enable", id], env: ["PCON_NOW": "2026-11-02T00:00:00Z"])
    #expect(enabled.stdout == "enabled integration \(id)\n")
    let again = try pcon.run("integration enable \(id)")
    #expect(again.status == 0 && again.stdout.contains("was already enabled; nothing changed"))
    let shown = try pcon.ok("integration show \(id)")
    #expect(
      shown.contains(#/created +2026-11-01T/#) && shown.contains(#/watching since +2026-11-02T/#),
      "\(shown)")
    try pcon.ok("integration disable \(id)")
    #expect(try pcon.ok("integration show \(id) --json").contains(#""disabled": true"#))
  }

  @Test func deleteAsksFirstAndAMistypedIDIsAnsweredWithTheNearest() throws {
    let pcon = try Self.fleet()
    let id = try pcon.ok("integration create --event a --url https://x.example/")
      .trimmingCharacters(in: .whitespacesAndNewlines)
    let declined = try pcon.run(["integration", "delete", id], stdin: "n\n")
    #expect(declined.status != 0)
    #expect(try pcon.ok("integration list").contains(id))
    let typo = String(id.dropLast()) + (id.hasSuffix("0") ? "1" : "0")
    let missing = try pcon.run("integration show \(typo)")
    #expect(
      missing.status == 3 && missing.stderr.contains("did you mean '\(id)'?"), "\(missing.stderr)")
    try pcon.ok("integration delete \(id) --yes")
    #expect(!(try pcon.ok("integration list").contains(id)))
    #expect(try pcon.run("integration delete \(id) --yes").status == 3)
  }

  @Test func rolesGateEveryChangeAndOthersSeeNothing() throws {
    let pcon = try Self.fleet()
    let id = try pcon.ok("integration create --event a --url https://x.example/ --product 10001")
      .trimmingCharacters(in: .whitespacesAndNewlines)
    let mine = try pcon.ok("integration create --event a --url https://x.example/")
      .trimmingCharacters(in: .whitespacesAndNewlines)
    // The viewer sees the product's hook, not ada's sandbox, and may change nothing.
    let seen = try pcon.ok("integration list --as vi@example.com")
    #expect(seen.contains(id) && !seen.contains(mine))
    #expect(try pcon.run("integration show \(mine) --as vi@example.com").status == 3)
    for line in ["edit \(id) --event b", "disable \(id)", "delete \(id) --yes"] {
      let refused = try pcon.run("integration \(line) --as vi@example.com")
      #expect(
        refused.status == 4 && refused.stderr.contains("needs the Developer role"),
        "\(line): \(refused.stderr)")
    }
    let create = try pcon.run(
      "integration create --event a --url https://x.example/ --product 10001 --as vi@example.com")
    #expect(create.status == 4)
    // A stranger gets "not found" for the product and its hooks.
    try pcon.ok("account create st@example.com")
    #expect(try pcon.run("integration show \(id) --as st@example.com").status == 3)
    let stranger = try pcon.run(
      "integration create --event a --url https://x.example/ --product 10001 --as st@example.com")
    #expect(stranger.status == 3)
    // Someone else's device is no filter for one's own sandbox hook.
    let theirs = try pcon.run(
      "integration create --event a --url https://x.example/ --device mine --as st@example.com")
    #expect(theirs.status == 3)
  }

  @Test func whatADefinitionHoldsIsShownEscaped() throws {
    let pcon = try Self.fleet()
    let created = try pcon.run(
      ["integration", "create", "--from-file", "-"],
      stdin:
        #"{"event":"t","url":"https://x.example/","headers":{"X-Note":"\u001b[31mred"},"body":"a\u0007b"}"#
    )
    let id = created.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
    let shown = try pcon.ok("integration show \(id)")
    #expect(
      !shown.contains("\u{1B}") && !shown.contains("\u{07}") && shown.contains("red"), "\(shown)")
  }

  @Test func doctorNamesADamagedWebhooksFile() throws {
    let pcon = try Self.fleet()
    try pcon.ok("integration create --event a --url https://x.example/ --product 10001")
    try Data(#"{"webhooks":[{"id":"nothex"}]}"#.utf8).write(
      to: URL(fileURLWithPath: pcon.file("integrations/p-10001.json")))
    let doctor = try pcon.run("doctor")
    #expect(doctor.status != 0 && doctor.stdout.contains("integrations/p-10001.json"))
    let list = try pcon.run("integration list")
    #expect(
      list.status == 5 && list.stderr.hasPrefix("error: state file integrations/p-10001.json: "))
  }
}
