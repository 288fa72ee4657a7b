import Foundation
import Testing

/// DESIGN.md §2.5 for every file pcon keeps: each one, truncated or garbled in turn, is reported
/// with exit 5 and one line naming it, never a trap, and `pcon doctor` lists it. The files come
/// from listing a state that has every kind, so a new kind of file is covered without a new case.
@Suite struct DamageTests {
  /// How a file is damaged.
  enum Damage: String, CaseIterable, Sendable {
    /// Cut to half its length (never at a line's end, so an event log is left mid-record).
    case truncated
    /// `{]` and a byte that is not UTF-8 written over its middle.
    case garbled

    func apply(to data: Data) -> Data {
      var bytes = [UInt8](data)
      switch self {
      case .truncated:
        var cut = bytes.count / 2
        if cut > 0, bytes[cut - 1] == UInt8(ascii: "\n") { cut -= 1 }
        bytes.removeSubrange(cut...)
      case .garbled:
        let middle = bytes.count / 2
        let garbage: [UInt8] = [UInt8(ascii: "{"), UInt8(ascii: "]"), 0xFF]
        bytes.replaceSubrange(middle..<min(bytes.count, middle + garbage.count), with: garbage)
      }
      return Data(bytes)
    }
  }

  /// One file and one way of damaging it.
  struct Case: CustomTestStringConvertible, Sendable {
    let file: String
    let damage: Damage
    var testDescription: String { "\(damage.rawValue) \(file)" }
  }

  /// A state with every kind of file: the demo, plus an org owning the product, a customer with a
  /// token, an OAuth client, an API user, clears of both streams, and events on both.
  static let fixture = Result { () throws -> StateSnapshot in
    let pcon = try Pcon()
    try pcon.ok("demo")
    for line in [
      "org create Acme", "product move 10001 --org acme",
      "customer create c@example.com --product 10001",
      "customer token c@example.com --product 10001",
      "oauth-client create app --product 10001 --type installed",
      "team api-user create bot --product 10001 --scope devices:list",
      "logs clear", "logs clear --product 10001", "publish after-clear --product 10001",
      "publish mine",
      // Device publishes are metered: the organization's month and the free plan's.
      "publish reading 1 --device pump-01", "publish reading 1 --device porch-light",
      "product create Vans --platform tracker --id 10090",
    ] {
      try pcon.ok(line)
    }
    // A tracker product's settings, and a development device's own. (It connects first, while
    // its settings are the defaults, so its stream holds no cfg event.)
    _ = try pcon.run(["device", "import", "--product", "10090", "-"], stdin: trackerDevice + "\n")
    for line in [
      "device connect \(trackerDevice)", "device development \(trackerDevice) on",
      "tracker config set --product 10090 --device \(trackerDevice) rgb.type=off",
      "tracker config set --product 10090 location.radius=151",
      // More than one event, so damage in the middle of its log is not the last line's.
      "publish one --product 10090", "publish two --product 10090", "publish three --product 10090",
    ] {
      try pcon.ok(line)
    }
    return try StateSnapshot(of: pcon.stateDir)
  }

  static let trackerDevice = "e00fce68000000000000c0de"

  static var cases: [Case] {
    let files = (try? fixture.get().files) ?? []
    return files.flatMap { file in Damage.allCases.map { Case(file: file, damage: $0) } }
  }

  /// Commands that between them read every kind of file; a case passes if one of them, or the
  /// command that reads that one file, refuses the damage.
  static let readers = [
    "whoami", "token list", "account list", "device list", "device list --product 10001",
    "product list", "org list", "org show acme", "customer list --product 10001", "sim list",
    "team list --product 10001", "invite list", "logs", "logs --product 10001", "logs --all",
    "logs --all --product 10001", "demo", "firmware list --product 10001",
    "group list --product 10001", "billing usage", "billing notices --org acme",
    "tracker config show --product 10090", "logs --all --product 10090", "integration list",
    // The demo's own tracker product, with its couriers' loc events.
    "logs --all --product 10002", "firmware list --product 10002",
    // An ID no stream holds: every readable stream's ID index is read.
    "logs show 999999999",
    // Only a writer reads the event sequence.
    "publish probe --product 10001",
  ]

  /// The command that reads exactly `file`, for the sharded kinds no listing reaches by itself.
  static func reader(of file: String, in snapshot: StateSnapshot) -> String? {
    let text = String(decoding: snapshot.contents(of: file) ?? Data(), as: UTF8.self)
    func first(_ pattern: String) -> String? {
      text.range(of: pattern, options: .regularExpression).map { String(text[$0]) }
    }
    if file.hasPrefix("devices/"), let id = first("[0-9a-f]{24}") { return "device show \(id)" }
    if file.hasPrefix("names/"), let pair = first(#""name":"[^"]+""#) {
      return "device show \(pair.dropFirst(8).dropLast())"
    }
    if file.hasPrefix("deliveries/"), file != "deliveries/hosts.json" {
      return "integration history \(file.dropFirst(11).dropLast(5))"
    }
    if file.hasPrefix("group-devices/10001-") {
      return "group show \(file.dropFirst(20).dropLast(5)) --product 10001"
    }
    // A tracker product holds the off-the-shelf Tracker Edge binaries too: find whose it is.
    for product in ["10001", "10002", "10090"] where file.hasPrefix("firmware-binaries/") {
      if let data = snapshot.contents(of: "firmware/\(product).json"),
        let record = try? JSONSerialization.jsonObject(with: data) as? [String: Any],
        let versions = record["versions"] as? [[String: Any]],
        let version = versions.first(where: { file.contains($0["sha256"] as? String ?? "-") })?[
          "version"] as? Int
      {
        // The binary is checked against its hash before anything is written.
        return "firmware download \(version) --product \(product) --output /dev/null --force"
      }
    }
    return nil
  }

  @Test func theFixtureHasEveryKindOfFile() throws {
    let files = try Self.fixture.get().files
    for expected in [
      "pcon.json", "accounts.json", "session.json", "sims.json", "demo.json", "products.json",
      "orgs.json", "team.json", "customers.json", "events/sequence.json", "events/clears.json",
      "product-devices/10001.json", "lock", "events/p-10001/ids.json",
    ] {
      #expect(files.contains(expected), "no \(expected)")
    }
    let shards = try Self.fixture.get().files.filter { $0.hasPrefix("devices/") }
    #expect(
      try shards.contains {
        String(decoding: try Self.fixture.get().contents(of: $0) ?? Data(), as: UTF8.self)
          .contains("tracker_config")
      }, "no device with tracker settings of its own")
    for directory in [
      "devices/", "names/", "owners/", "events/a-", "events/p-10001/", "usage/a-", "usage/o-acme-",
      "billing/acme.json", "tracker/10090.json", "integrations/p-10001.json",
    ] {
      #expect(files.contains { $0.hasPrefix(directory) }, "nothing in \(directory)")
    }
    let customers = String(
      decoding: try Self.fixture.get().contents(of: "customers.json")!, as: UTF8.self)
    #expect(customers.contains("\"tokens\"") && customers.contains("app-"))
  }

  @Test(arguments: cases)
  func damageIsReportedNamingTheFile(_ c: Case) throws {
    let snapshot = try Self.fixture.get()
    let pcon = try Pcon()
    try snapshot.restore(into: pcon.stateDir)
    let original = try #require(snapshot.contents(of: c.file))
    try c.damage.apply(to: original).write(to: URL(fileURLWithPath: pcon.file(c.file)))

    if c.file == "lock" || c.file == "intent" {
      // Only flock(2) uses the lock files; their bytes are never read, so damage is no damage.
      #expect(try pcon.run("whoami").status == 0)
      #expect(try pcon.run("doctor").status == 0)
      return
    }
    let isEventLog = c.file.hasPrefix("events/") && c.file.hasSuffix(".ndjson")
    // Doctor first: the commands below include a writer, which may change the damage.
    let doctor = try pcon.run("doctor")
    #expect(!doctor.signalled)
    let listed = { doctor.status != 0 && doctor.stdout.contains(c.file) }
    #expect(listed(), "doctor: \(doctor.stdout)")
    let tornLog = isEventLog && c.damage == .truncated
    var commands = Self.readers.filter { !tornLog || !$0.hasPrefix("publish") }
    if let reader = Self.reader(of: c.file, in: snapshot) { commands.insert(reader, at: 0) }
    var refusal: (command: String, stderr: String)?
    for command in commands {
      let result = try pcon.run(command)
      #expect(
        !result.signalled && !result.stderr.contains("Fatal error"),
        "pcon \(command) trapped: \(result.stderr)")
      if result.status == 5, result.stderr.hasPrefix("error: state file \(c.file): ") {
        refusal = (command, result.stderr)
        break
      }
    }
    if tornLog {
      // An event log is appended to: a last line without its newline is what a killed append
      // leaves, and readers skip it by design (PartitionReader), so no command refuses. The
      // events cut away are lost all the same, so doctor must say so (above); and the next
      // append repairs the log (cutting the broken record away, with a warning) and leaves one
      // its own reader accepts.
      #expect(refusal == nil)
      let product = c.file.hasPrefix("events/p-")
      let productID = c.file.dropFirst(9).prefix { $0 != "/" }
      let publish = try pcon.run(
        product ? "publish after-cut --product \(productID)" : "publish after-cut")
      #expect(publish.status == 0, "\(publish.stderr)")
      #expect(publish.stderr.contains("warning: \(c.file): removed "), "\(publish.stderr)")
      let after = try pcon.run(product ? "logs --all --product \(productID)" : "logs --all")
      #expect(after.status == 0 && after.stdout.contains("after-cut"), "\(after.stderr)")
      #expect(try pcon.run("doctor").status == 0)
    } else {
      let found = try #require(refusal, "no command refused the damaged \(c.file)")
      // One line naming the file; at most a hint follows it.
      let lines = found.stderr.split(separator: "\n")
      #expect(lines.dropFirst().allSatisfy { $0.hasPrefix("hint: ") }, "\(found.stderr)")
    }
  }
}
