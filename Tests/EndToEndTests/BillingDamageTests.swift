import Foundation
import Testing

/// Usage and billing files are as hostile as any other: a count below zero, a month that is not
/// one, a notice or invoice of a kind pcon never writes, blocks out of range, or a file in
/// `usage/` pcon would never name gives exit 5 naming the file, and doctor lists it.
@Suite struct BillingDamageTests {
  /// One edit of one file, and the command that must refuse it.
  struct Case: CustomTestStringConvertible, Sendable {
    let name: String
    /// The file, `ACCOUNT` standing for ada's account ID.
    let file: String
    let from: String
    let to: String
    let command: String
    var testDescription: String { name }
  }

  static let now = "2026-12-02T09:00:00Z"

  /// Ada with organization acme (card set) holding Boron product 10001 and its device 1, and a
  /// sandbox Boron, device 7; both devices publish in November and December, so each payer has a
  /// usage file and acme an invoice.
  static let fixture = Result { () throws -> StateSnapshot in
    let pcon = try Pcon()
    func ok(_ line: String, at time: String, stdin: String? = nil) throws {
      let result = try pcon.run(line, stdin: stdin, env: ["PCON_NOW": time])
      guard result.status == 0 else { throw CocoaError(.featureUnsupported) }
    }
    let day = "2026-11-10T09:00:00Z"
    for line in [
      "account create ada@example.com", "org create Acme",
      "product create Pumps --platform boron --id 10001 --org acme",
      "device claim \(deviceID(7)) --platform boron",
      "billing card set --number-last4 4242 --expires 12/28 --org acme",
    ] {
      try ok(line, at: day)
    }
    try ok("device import --product 10001 -", at: day, stdin: deviceID(1) + "\n")
    for time in [day, now] {
      try ok("publish reading 1 --device \(deviceID(1))", at: time)
      try ok("publish reading 1 --device \(deviceID(7))", at: time)
    }
    return try StateSnapshot(of: pcon.stateDir)
  }

  static let usageFile = "usage/a-ACCOUNT-2026-12.json"
  static let orgUsage = "usage/o-acme-2026-12.json"

  static let cases: [Case] = [
    Case(
      name: "negative data operations", file: orgUsage, from: #""data_operations":1"#,
      to: #""data_operations":-5"#, command: "billing usage --org acme"),
    Case(
      name: "cellular bytes past 2^53", file: usageFile, from: #""cellular_bytes":272"#,
      to: #""cellular_bytes":9007199254740993"#, command: "billing usage"),
    Case(
      name: "a month that is not one", file: usageFile, from: #""limit_reached_at":null"#,
      to: #""limit_reached_at":"2026-13-01T00:00:00.000Z""#, command: "billing usage"),
    Case(
      name: "an unknown notice kind", file: usageFile, from: #""notices":[]"#,
      to: #""notices":[{"at":"2026-12-01T00:00:00.000Z","kind":"refund","key":"k","message":"m"}]"#,
      command: "billing notices"),
    Case(
      name: "blocks out of range", file: "orgs.json", from: #""cellular":1"#,
      to: #""cellular":100001"#, command: "billing plan --org acme"),
    Case(
      name: "negative blocks", file: "orgs.json", from: #""cellular":1"#, to: #""cellular":-1"#,
      command: "org show acme"),
    Case(
      name: "an invoice of an unknown status", file: "billing/acme.json",
      from: #""status":"paid""#, to: #""status":"waived""#,
      command: "billing invoices --org acme"),
    Case(
      name: "a negative invoice", file: "billing/acme.json", from: #""amount_cents":29900"#,
      to: #""amount_cents":-29900"#, command: "billing invoices --org acme"),
    Case(
      name: "an invoice period that is no month", file: "billing/acme.json",
      from: #""period":"2026-12""#, to: #""period":"2026-13""#,
      command: "billing invoices --org acme"),
    Case(
      name: "invoice blocks out of range", file: "billing/acme.json",
      from: #""blocks":{"wifi":0"#, to: #""blocks":{"wifi":-3"#,
      command: "billing invoices --org acme"),
    Case(
      name: "a card expiring in month 13", file: "billing/acme.json", from: #""12/28""#,
      to: #""13/28""#, command: "billing plan --org acme"),
  ]

  /// A fresh copy of the fixture; ada's account ID.
  func restore() throws -> (Pcon, String) {
    let pcon = try Pcon()
    try Self.fixture.get().restore(into: pcon.stateDir)
    let data = try Data(contentsOf: URL(fileURLWithPath: pcon.file("accounts.json")))
    let accounts = (try JSONSerialization.jsonObject(with: data) as? [String: Any])?["accounts"]
    let id = try #require((accounts as? [[String: Any]])?.first?["id"] as? String)
    return (pcon, id)
  }

  @Test(arguments: cases)
  func hostileContentIsRefusedNamingTheFile(_ c: Case) throws {
    let (pcon, account) = try restore()
    let file = c.file.replacingOccurrences(of: "ACCOUNT", with: account)
    let text = try String(contentsOfFile: pcon.file(file), encoding: .utf8)
    #expect(text.contains(c.from), "\(file) holds no \(c.from): \(text)")
    try text.replacingOccurrences(of: c.from, with: c.to)
      .write(toFile: pcon.file(file), atomically: false, encoding: .utf8)
    let result = try pcon.run(c.command, env: ["PCON_NOW": Self.now])
    #expect(!result.signalled)
    #expect(result.status == 5, "\(c.command): \(result.stderr)")
    #expect(result.stderr.hasPrefix("error: state file \(file): "), "\(result.stderr)")
    let doctor = try pcon.run("doctor", env: ["PCON_NOW": Self.now])
    #expect(doctor.status == 5 && doctor.stdout.contains(file), "\(doctor.stdout)")
  }

  @Test(arguments: [
    (usageFile, "billing usage"), (orgUsage, "billing usage --org acme"),
    ("billing/acme.json", "billing plan --org acme"),
  ])
  func aFileThatLacksItsKeysIsDamageNotEmpty(file: String, command: String) throws {
    let (pcon, account) = try restore()
    let file = file.replacingOccurrences(of: "ACCOUNT", with: account)
    try "{}".write(toFile: pcon.file(file), atomically: false, encoding: .utf8)
    let result = try pcon.run(command, env: ["PCON_NOW": Self.now])
    #expect(result.status == 5, "\(command): \(result.stderr)")
    #expect(
      result.stderr.hasPrefix("error: state file \(file): missing key at "), "\(result.stderr)")
  }

  @Test(arguments: [
    "usage/o-acme-2026-13.json", "usage/o-acme-26-12.json", "usage/x-acme-2026-12.json",
    "usage/o-acme-2026-12.ndjson", "usage/notes.txt", "billing/Acme Co.json",
  ])
  func aFilePconWouldNotNameIsReportedAndNeverRead(name: String) throws {
    let (pcon, _) = try restore()
    let real = try Data(contentsOf: URL(fileURLWithPath: pcon.file(Self.orgUsage)))
    _ = FileManager.default.createFile(
      atPath: pcon.file(name), contents: real, attributes: [.posixPermissions: 0o600])
    let doctor = try pcon.run("doctor --json", env: ["PCON_NOW": Self.now])
    #expect(doctor.status == 5)
    let report = try Pcon.json(doctor.stdout) as? [String: Any]
    let problems = report?["problems"] as? [[String: Any]] ?? []
    #expect(
      problems.contains {
        $0["file"] as? String == name
          && ($0["message"] as? String)?.contains("unexpected file") == true
      }, "\(doctor.stdout)")
    // Commands go by the names pcon writes: the stray file changes nothing they show.
    for command in ["billing notices --org acme --json", "billing usage --org acme --json"] {
      let result = try pcon.run(command, env: ["PCON_NOW": Self.now])
      #expect(result.status == 0 && !result.signalled, "\(command): \(result.stderr)")
    }
    let notices = try pcon.run("billing notices --org acme --json", env: ["PCON_NOW": Self.now])
    #expect(!notices.stdout.contains("2026-13"))
  }
}
