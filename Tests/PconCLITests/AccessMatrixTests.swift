import Foundation
import PconCore
import Testing

@testable import PconCLI

/// Every command in the table, run as every kind of actor, against the decision its declared
/// permission implies: allowed, refused with exit 4, or "not found" (exit 3) without leaking.
@Suite struct AccessMatrixTests {
  /// Who acts.
  enum Identity: String, CaseIterable, CustomTestStringConvertible {
    case owner, admin, developer, support, viewer, stranger, apiFull, apiNone, customer
    var testDescription: String { rawValue }

    var role: Role? {
      switch self {
      case .owner, .admin: return .administrator
      case .developer: return .developer
      case .support: return .support
      case .viewer: return .viewOnly
      default: return nil
      }
    }

    var isPerson: Bool { role != nil || self == .stranger }
  }

  /// One command line and what it touches.
  struct Case: CustomTestStringConvertible {
    let words: [String]
    /// The command works on product 10001 or one of its devices.
    var productScoped = false
    /// The target is the customer's own device (or its product as a whole, read-only).
    var customersTarget = false
    /// Exit statuses a rule (not access) may give an allowed actor, e.g. a token that is not theirs.
    var ruleStatuses: Set<Int32> = []
    /// What a customer gets where the declaration alone does not say (nil: follow it).
    var customerStatus: Int32?
    var stdin = ""
    /// Bytes for standard input that are not text (a firmware binary); they replace `stdin`.
    var input: [UInt8]? = nil
    /// Lists every account of the state directory to every person, by design (`account list`).
    var showsEveryAccount = false
    var testDescription: String { words.joined(separator: " ") }
  }

  static let d1 = "e00fce68000000000000a001"
  static let d2 = "e00fce68000000000000a002"
  /// Devices of another account: one in its product, one of its own.
  static let hidden = "e00fce68000000000000b003"
  static let hiddenOwn = "e00fce68000000000000b004"
  /// Product 10001's webhook, whose ID the fixture's fixed random bytes make known.
  static let hook = String(repeating: "ab", count: 12)

  static let cases: [Case] = [
    Case(words: ["account", "create", "new@example.com"]),
    Case(words: ["account", "list"], showsEveryAccount: true),
    Case(words: ["login", "viewer@example.com"]),
    Case(words: ["logout"]),
    Case(words: ["whoami"]),
    Case(words: ["token", "create"]),
    Case(words: ["token", "list"]),
    Case(words: ["token", "revoke", "000000000000"], ruleStatuses: [3]),
    Case(words: ["device", "list"]),
    Case(
      words: ["device", "list", "--product", "10001"], productScoped: true, customersTarget: true),
    Case(words: ["device", "show", "w1"], productScoped: true, customersTarget: true),
    Case(words: ["device", "claim", "0123456789abcdef0123aaaa", "--platform", "argon"]),
    Case(words: ["device", "rename", "w1", "w1b"], productScoped: true, customersTarget: true),
    Case(words: ["device", "notes", "w1", "hello"], productScoped: true, customersTarget: true),
    Case(words: ["device", "unclaim", "w1", "--yes"], productScoped: true, customersTarget: true),
    Case(words: ["device", "connect", "w1"], productScoped: true, customersTarget: true),
    Case(words: ["device", "disconnect", "w1"], productScoped: true, customersTarget: true),
    Case(
      words: ["device", "import", "--product", "10001", "-"], productScoped: true,
      stdin: "e00fce68000000000000a009\n"),
    Case(words: ["device", "remove", d2, "--product", "10001"], productScoped: true),
    Case(words: ["device", "development", d2, "on"], productScoped: true),
    Case(words: ["sim", "list"]),
    Case(words: ["sim", "pause", "89014103271203845123"], ruleStatuses: [3]),
    Case(words: ["sim", "resume", "89014103271203845123"], ruleStatuses: [3]),
    Case(words: ["sim", "release", "89014103271203845123", "--yes"], ruleStatuses: [3]),
    Case(words: ["product", "create", "Another", "--platform", "argon"]),
    // Everyone may list (strangers see nothing); customers are refused: they see devices only.
    Case(words: ["product", "list"], customerStatus: 4),
    Case(words: ["product", "show", "10001"], productScoped: true),
    Case(
      words: ["product", "move", "10001", "--org", "acme"], productScoped: true,
      ruleStatuses: [3, 4]),
    Case(words: ["team", "list", "--product", "10001"], productScoped: true),
    Case(
      words: ["team", "invite", "stranger@example.com", "--product", "10001"], productScoped: true),
    Case(
      words: ["team", "remove", "viewer@example.com", "--product", "10001"], productScoped: true),
    Case(
      words: ["team", "role", "viewer@example.com", "support", "--product", "10001"],
      productScoped: true),
    Case(
      words: [
        "team", "api-user", "create", "bot", "--product", "10001", "--scope", "devices:list",
      ], productScoped: true),
    Case(
      words: [
        "team", "api-user", "update", "full", "--product", "10001", "--scope", "devices:get",
      ], productScoped: true),
    Case(words: ["team", "api-user", "delete", "none", "--product", "10001"], productScoped: true),
    Case(words: ["invite", "list"]),
    Case(words: ["invite", "accept", "10001"], ruleStatuses: [3]),
    Case(words: ["invite", "decline", "10001"], ruleStatuses: [3]),
    Case(
      words: ["customer", "create", "new@example.com", "--product", "10001"], productScoped: true),
    Case(words: ["customer", "list", "--product", "10001"], productScoped: true),
    Case(
      words: ["customer", "delete", "cust@example.com", "--product", "10001", "--yes"],
      productScoped: true),
    Case(
      words: ["customer", "token", "cust@example.com", "--product", "10001"], productScoped: true),
    Case(
      words: ["customer", "claim", d2, "cust@example.com", "--product", "10001"],
      productScoped: true),
    Case(
      words: ["oauth-client", "create", "app", "--product", "10001", "--type", "installed"],
      productScoped: true),
    Case(words: ["oauth-client", "list", "--product", "10001"], productScoped: true),
    Case(
      words: ["oauth-client", "delete", "none", "--product", "10001"], productScoped: true,
      ruleStatuses: [3]),
    Case(words: ["group", "create", "new", "--product", "10001"], productScoped: true),
    Case(words: ["group", "list", "--product", "10001"], productScoped: true),
    Case(words: ["group", "show", "blue", "--product", "10001"], productScoped: true),
    Case(
      words: ["group", "edit", "blue", "--product", "10001", "--color", "#000000"],
      productScoped: true),
    Case(words: ["group", "delete", "blue", "--product", "10001", "--yes"], productScoped: true),
    Case(words: ["group", "add", "blue", d2, "--product", "10001"], productScoped: true),
    Case(words: ["group", "remove", "blue", d2, "--product", "10001"], productScoped: true),
    Case(words: ["org", "create", "Other Org"]),
    Case(words: ["org", "list"]),
    Case(words: ["org", "show", "acme"], ruleStatuses: [3]),
    Case(
      words: ["publish", "hello", "--device", "w1"], productScoped: true, customersTarget: true),
    Case(
      words: ["publish", "hello", "--product", "10001"], productScoped: true, customerStatus: 4),
    // A customer publishes only as one of its devices.
    Case(words: ["publish", "hello"], customerStatus: 4),
    // A simulation is billed: it is for whoever answers for the plan, here the free product's Owner.
    Case(
      words: ["simulate", "--device", "w1", "--every", "1h", "--for", "2h"], productScoped: true,
      ruleStatuses: [4], customerStatus: 4),
    // As a product publish: a customer publishes only as one of its devices.
    Case(
      words: ["simulate", "--product", "10001", "--every", "1h", "--for", "2h"],
      productScoped: true, ruleStatuses: [4], customerStatus: 4),
    // Product 10001 is a Boron product: whoever may act is told it has no tracker features.
    Case(
      words: ["tracker", "cmd", "w1", #"{"cmd":"get_loc"}"#], productScoped: true,
      customersTarget: true, ruleStatuses: [1]),
    Case(words: ["tracker", "map", "--product", "10001"], productScoped: true, ruleStatuses: [1]),
    Case(words: ["logs"]),
    Case(words: ["logs", "--product", "10001"], productScoped: true, customersTarget: true),
    Case(words: ["logs", "show", "1"], ruleStatuses: [3]),
    Case(words: ["logs", "clear"]),
    Case(
      words: ["logs", "ingest", "-"],
      stdin: #"{"name":"x","data":"1","published_at":"2026-01-01T00:00:00Z","coreid":"api"}"#),
    Case(words: ["logs", "prune", "--before", "2020-01-01"]),
    Case(
      words: ["logs", "ingest", "--product", "10001", "-"], productScoped: true,
      stdin: #"{"name":"x","data":"1","published_at":"2026-01-01T00:00:00Z","coreid":"api"}"#),
    Case(words: ["firmware", "target", "w1"], productScoped: true, customersTarget: true),
    Case(words: ["firmware", "status", "1", "--product", "10001"], productScoped: true),
    Case(
      words: ["firmware", "release", "1", "--product", "10001", "--product-default", "--yes"],
      productScoped: true),
    // Version 1 is released nowhere in the fixture: allowed actors get the rule's refusal.
    Case(
      words: ["firmware", "unrelease", "1", "--product", "10001", "--yes"], productScoped: true,
      ruleStatuses: [1]),
    Case(words: ["firmware", "lock", d2, "1"], productScoped: true),
    Case(words: ["firmware", "unlock", d2], productScoped: true),
    Case(words: ["firmware", "inspect", "-"], input: module(version: 2)),
    Case(
      words: [
        "firmware", "upload", "-", "--product", "10001", "--version", "2", "--title", "Two",
      ], productScoped: true, input: module(version: 2)),
    Case(words: ["firmware", "list", "--product", "10001"], productScoped: true),
    Case(words: ["firmware", "show", "1", "--product", "10001"], productScoped: true),
    Case(
      words: ["firmware", "edit", "1", "--product", "10001", "--title", "Renamed"],
      productScoped: true),
    Case(words: ["firmware", "delete", "1", "--product", "10001", "--yes"], productScoped: true),
    Case(
      words: ["firmware", "download", "1", "--product", "10001", "--output", "v1.bin"],
      productScoped: true),
    Case(words: ["billing", "usage"]),
    // Organization billing is its Administrators': other people are refused or not told of it.
    Case(words: ["billing", "usage", "--org", "acme"], ruleStatuses: [3]),
    Case(words: ["billing", "plan"]),
    Case(words: ["billing", "plan", "--org", "acme"], ruleStatuses: [3]),
    Case(words: ["billing", "upgrade", "--org-name", "Newco"]),
    Case(
      words: ["billing", "blocks", "add", "1", "--org", "acme", "--class", "cellular"],
      ruleStatuses: [3]),
    Case(
      words: [
        "billing", "card", "set", "--number-last4", "4242", "--expires", "12/30", "--org", "acme",
      ], ruleStatuses: [3]),
    Case(words: ["billing", "invoices", "--org", "acme"], ruleStatuses: [3]),
    Case(words: ["billing", "notices"]),
    Case(words: ["billing", "estimate", "--devices", "10", "--every", "1h"]),
    // Product 10001 is a Boron product: allowed actors get the tracker rule's refusal.
    Case(
      words: ["tracker", "config", "show", "--product", "10001"], productScoped: true,
      ruleStatuses: [1]),
    Case(
      words: ["tracker", "config", "set", "--product", "10001", "location.radius=10"],
      productScoped: true, ruleStatuses: [1]),
    Case(
      words: ["tracker", "config", "preset", "vehicle", "--product", "10001"],
      productScoped: true, ruleStatuses: [1]),
    Case(
      words: ["tracker", "estimate", "--devices", "10", "--product", "10001"],
      productScoped: true, ruleStatuses: [1]),
    Case(
      words: [
        "integration", "create", "--event", "t", "--url", "http://127.0.0.1:9/x", "--product",
        "10001",
      ], productScoped: true),
    Case(words: ["integration", "list"]),
    Case(words: ["integration", "show", hook], productScoped: true),
    Case(words: ["integration", "edit", hook, "--name", "renamed"], productScoped: true),
    Case(words: ["integration", "enable", hook], productScoped: true),
    Case(words: ["integration", "disable", hook], productScoped: true),
    Case(words: ["integration", "history", hook], productScoped: true),
    // Nothing listens on port 9: the request fails, which `test` reports with exit 1.
    Case(words: ["integration", "test", hook], productScoped: true, ruleStatuses: [1]),
    Case(words: ["integration", "deliver", "--product", "10001"], productScoped: true),
    Case(words: ["integration", "delete", hook, "--yes"], productScoped: true),
    Case(words: ["demo"], ruleStatuses: [1]),
    Case(words: ["doctor"]),
    Case(words: ["completion", "bash"]),
    Case(words: ["man"]),
    Case(words: ["help"]),
    Case(words: ["version"]),
    Case(words: ["__complete", "--", "device", ""]),
  ]

  /// An application for product 10001 (a Boron product) compiled as `version`, with the
  /// platform ID as product ID as Device OS 4 and later compile it.
  static func module(version: Int) -> [UInt8] {
    ModuleBuilder(platformID: 13, productID: 13, productVersion: version).build()
  }

  /// The state every case starts from, built once and kept in memory (so no directory outlives
  /// the run), and the secrets its tokens need.
  final class Fixture: @unchecked Sendable {
    /// Every directory and file of the state, by path relative to its root, with its mode.
    var entries: [(path: String, contents: Data?, mode: Int)] = []
    var tokens: [Identity: String] = [:]
    /// Identifiers of another account's world (its email and ID, product, devices, customer, org
    /// and token), which no identity of the matrix may see.
    var othersWorld: Set<String> = []
    /// Identifiers of product 10001 that only its members see (not the stranger), and what of it
    /// its customer may not see (another customer, a device not theirs).
    var productWorld: Set<String> = []
    var notTheCustomers: Set<String> = []

    /// What `identity` must never be shown.
    func secrets(from identity: Identity) -> Set<String> {
      switch identity {
      case .stranger: return othersWorld.union(productWorld)
      case .customer: return othersWorld.union(notTheCustomers)
      default: return othersWorld
      }
    }

    /// Writes the state into a fresh directory `root`.
    func restore(into root: String) throws {
      let manager = FileManager.default
      try manager.createDirectory(atPath: root, withIntermediateDirectories: true)
      for entry in entries {
        let path = root + "/" + entry.path
        if let contents = entry.contents {
          try contents.write(to: URL(fileURLWithPath: path))
        } else {
          try manager.createDirectory(atPath: path, withIntermediateDirectories: true)
        }
        try manager.setAttributes([.posixPermissions: entry.mode], ofItemAtPath: path)
      }
      try manager.setAttributes([.posixPermissions: 0o700], ofItemAtPath: root)
    }

    init() throws {
      let root =
        FileManager.default.temporaryDirectory.appendingPathComponent(
          "pcon-matrix-\(UUID().uuidString)"
        ).path
      defer { try? FileManager.default.removeItem(atPath: root) }
      func run(
        _ words: [String], stdin: String = "", input: [UInt8]? = nil,
        random: RandomSource = .system
      ) throws -> String {
        let out = TextSink(capturingAsTerminal: false)
        let err = TextSink(capturingAsTerminal: false)
        let context = CLIContext(
          environment: ["PCON_STATE_DIR": root, "PCON_NOW": "2026-11-26T10:00:00Z"],
          workingDirectory: "/", stdout: out,
          stderr: err, standardInput: { MemorySource(input ?? Array(stdin.utf8)) }, random: random)
        let status = Pcon.run(words, context: context)
        guard status == 0 else { throw FixtureError(words: words, message: err.text) }
        return out.text.trimmingCharacters(in: .whitespacesAndNewlines)
      }
      for person in ["owner", "admin", "developer", "support", "viewer", "stranger"] {
        _ = try run(["account", "create", "\(person)@example.com"])
      }
      _ = try run([
        "product", "create", "Widgets", "--platform", "boron", "--id", "10001", "--as",
        "owner@example.com",
      ])
      for (person, role) in [
        ("admin", "administrator"), ("developer", "developer"), ("support", "support"),
        ("viewer", "view-only"),
      ] {
        _ = try run([
          "team", "invite", "\(person)@example.com", "--product", "10001", "--role", role, "--as",
          "owner@example.com",
        ])
        _ = try run(["invite", "accept", "10001", "--as", "\(person)@example.com"])
      }
      _ = try run(["org", "create", "Acme", "--as", "owner@example.com"])
      _ = try run(
        ["device", "import", "--product", "10001", "-", "--as", "owner@example.com"],
        stdin: "\(AccessMatrixTests.d1)\n\(AccessMatrixTests.d2)\n")
      _ = try run(["device", "rename", AccessMatrixTests.d1, "w1", "--as", "owner@example.com"])
      _ = try run(["group", "create", "blue", "--product", "10001", "--as", "owner@example.com"])
      _ = try run(
        [
          "integration", "create", "--event", "boot", "--url", "http://127.0.0.1:9/in", "--product",
          "10001", "--as", "owner@example.com",
        ], random: RandomSource { Array(repeating: 0xAB, count: $0) })
      _ = try run([
        "customer", "create", "cust@example.com", "--product", "10001", "--as", "owner@example.com",
      ])
      _ = try run([
        "customer", "claim", "w1", "cust@example.com", "--product", "10001", "--as",
        "owner@example.com",
      ])
      _ = try run(["publish", "boot", "--device", "w1", "--as", "owner@example.com"])
      _ = try run(
        [
          "firmware", "upload", "-", "--product", "10001", "--version", "1", "--title", "One",
          "--as", "owner@example.com",
        ], input: AccessMatrixTests.module(version: 1))
      tokens[.customer] = try run([
        "customer", "token", "cust@example.com", "--product", "10001", "--as", "owner@example.com",
      ])
      tokens[.apiFull] = try run(
        ["team", "api-user", "create", "full", "--product", "10001", "--as", "owner@example.com"]
          + Teams.scopes.flatMap { ["--scope", $0] })
      tokens[.apiNone] = try run(
        [
          "team", "api-user", "create", "none", "--product", "10001", "--scope", "organization:get",
          "--as", "owner@example.com",
        ])
      // Another account's world, beside product 10001.
      let other = "other@example.com"
      _ = try run(["account", "create", other])
      _ = try run([
        "product", "create", "Secret Gadgets", "--platform", "boron", "--id", "10002", "--as",
        other,
      ])
      _ = try run(
        ["device", "import", "--product", "10002", "-", "--as", other],
        stdin: "\(AccessMatrixTests.hidden)\n")
      _ = try run(["device", "rename", AccessMatrixTests.hidden, "gadget-hidden", "--as", other])
      _ = try run([
        "device", "claim", AccessMatrixTests.hiddenOwn, "--platform", "argon", "--name",
        "mine-hidden", "--as", other,
      ])
      _ = try run([
        "customer", "create", "hidden-cust@example.com", "--product", "10002", "--as", other,
      ])
      _ = try run(["org", "create", "Hidden Org", "--as", other])
      _ = try run(["group", "create", "hidden-group", "--product", "10002", "--as", other])
      _ = try run(["token", "create", "--as", other])
      _ = try run(["publish", "secret-event", "--product", "10002", "--as", other])
      let tokenList = try run(["token", "list", "--json", "--as", other])
      let tokenIDs =
        (try JSONSerialization.jsonObject(with: Data(tokenList.utf8)) as? [[String: Any]])?
        .compactMap { $0["id"] as? String } ?? []
      let accounts = try String(contentsOfFile: root + "/accounts.json", encoding: .utf8)
      guard
        let otherID = accounts.range(
          of: #""id":"[^"]+","email":"other@example.com""#, options: .regularExpression)
      else { throw FixtureError(words: ["accounts.json"], message: "no ID for \(other)") }
      othersWorld = [
        other, String(accounts[otherID].dropFirst(6).prefix { $0 != "\"" }), "10002",
        "secret-gadgets", "Secret Gadgets", AccessMatrixTests.hidden, AccessMatrixTests.hiddenOwn,
        "gadget-hidden", "mine-hidden", "hidden-cust@example.com", "hidden-org", "secret-event",
        "hidden-group",
      ]
      othersWorld.formUnion(tokenIDs)
      _ = try run([
        "customer", "create", "cust2@example.com", "--product", "10001", "--as",
        "owner@example.com",
      ])
      productWorld = [
        "10001", "widgets", AccessMatrixTests.d1, AccessMatrixTests.d2, "cust@example.com",
        "cust2@example.com",
      ]
      notTheCustomers = ["cust2@example.com", AccessMatrixTests.d2]
      // Version 1 of product 10001 (uploaded above) runs on d2, so it may be released and locked.
      _ = try run([
        "device", "connect", AccessMatrixTests.d2, "--firmware-version", "1", "--as",
        "owner@example.com",
      ])

      let manager = FileManager.default
      for path in try manager.subpathsOfDirectory(atPath: root).sorted() {
        let full = root + "/" + path
        let attributes = try manager.attributesOfItem(atPath: full)
        let isDirectory = attributes[.type] as? FileAttributeType == .typeDirectory
        entries.append(
          (
            path, isDirectory ? nil : try Data(contentsOf: URL(fileURLWithPath: full)),
            attributes[.posixPermissions] as? Int ?? 0o600
          ))
      }
    }
  }

  struct FixtureError: Error {
    let words: [String]
    let message: String
  }

  static let fixture = Result { try Fixture() }

  /// What the declared permission says `identity` gets for `c`: nil for allowed, else the status.
  static func expectedRefusal(_ permission: Permission, _ identity: Identity, _ c: Case) -> Int32? {
    let needed: Role
    switch permission.reach {
    case .open: return nil
    case .personal:
      // A token is refused as the kind of actor it is: nothing is hidden from it here.
      return identity.isPerson ? nil : 4
    case .product(let role): needed = role
    case .owner: needed = .administrator
    case .org:
      // Org roles are not product roles: the org's rules refuse non-members as "not found".
      if identity.isPerson { return nil }
      return identity == .customer ? 3 : 4
    }
    switch identity {
    case .apiFull: return permission.apiScope == nil ? 4 : nil
    case .apiNone: return 4
    case .customer:
      if let status = c.customerStatus { return status == 0 ? nil : status }
      return permission.customers && (c.customersTarget || !c.productScoped) ? nil : 3
    case .stranger: return c.productScoped ? 3 : nil
    default:
      guard c.productScoped, let role = identity.role else { return nil }
      return role >= needed ? nil : 4
    }
  }

  /// The command a case runs: the longest prefix of its words that names one.
  static func command(for words: [String]) -> Command? {
    var command: Command?
    var path: [String] = []
    for word in words {
      guard let next = ErrorReport.find(path + [word], in: CommandTable.root) else { break }
      path.append(word)
      command = next
    }
    return command
  }

  /// What one identity's run of a case printed and how it exited.
  struct Outcome {
    let status: Int32
    let stdout: String
    let stderr: String
  }

  /// Runs `c` as `identity` (nil: as its words say) against a fresh copy of the fixture.
  static func run(_ c: Case, as identity: Identity?, fixture: Fixture) throws -> Outcome {
    let root = FileManager.default.temporaryDirectory.appendingPathComponent(
      "pcon-matrix-run-\(UUID().uuidString)"
    ).path
    try fixture.restore(into: root)
    defer { try? FileManager.default.removeItem(atPath: root) }
    var words = c.words
    if let identity, let token = fixture.tokens[identity] {
      words += ["--token", token]
    } else if let identity {
      words += ["--as", "\(identity.rawValue)@example.com"]
    }
    if words.first == "__complete" { words = Array(words.dropLast(2)) }
    let out = TextSink(capturingAsTerminal: false)
    let err = TextSink(capturingAsTerminal: false)
    let stdin = c.input ?? Array(c.stdin.utf8)
    let context = CLIContext(
      environment: ["PCON_STATE_DIR": root, "PCON_NOW": "2026-11-26T11:00:00Z"],
      workingDirectory: root, stdout: out,
      stderr: err, standardInput: { MemorySource(stdin) })
    let status = Pcon.run(words, context: context)
    return Outcome(status: status, stdout: out.text, stderr: err.text)
  }

  /// What a refusal (exit 4) of `identity` must name: the role or scope it lacks.
  static func missing(_ permission: Permission, _ identity: Identity) -> String? {
    switch (identity, permission.reach) {
    case (.apiNone, _), (.apiFull, _):
      return permission.apiScope.map { "lacks the scope \($0)" }
    // A customer is refused as a customer: it has no role to name.
    case (.customer, _): return nil
    case (_, .product(let role)): return "needs the \(role.title) role"
    case (_, .owner): return "needs the Administrator (Owner) role"
    default: return nil
    }
  }

  /// Each case run as every identity: the decision its declared permission implies, a refusal
  /// that names what is missing, no identifier the actor cannot see in anything it prints, and
  /// at least one identity that may run the command at all.
  @Test(arguments: cases)
  func decisions(_ c: Case) throws {
    let fixture = try Self.fixture.get()
    let command = try #require(Self.command(for: c.words))
    let permission = try #require(command.permission, "\(c.words) has no permission")
    var allowed: [Identity] = []
    for identity in Identity.allCases {
      let outcome = try Self.run(c, as: identity, fixture: fixture)
      let said = "\(identity) ran \(c.words): got \(outcome.status): \(outcome.stderr)"
      if let refusal = Self.expectedRefusal(permission, identity, c) {
        #expect(outcome.status == refusal, "expected exit \(refusal); \(said)")
        if refusal == 4 {
          if let missing = Self.missing(permission, identity) {
            #expect(outcome.stderr.contains(missing), "expected '\(missing)'; \(said)")
          } else {
            // A refusal to an actor kind says what the command needs instead.
            #expect(outcome.stderr.contains("this needs "), "\(said)")
          }
        }
      } else {
        let ok = Set<Int32>([0, 1]).union(c.ruleStatuses)
        #expect(ok.contains(outcome.status), "expected it allowed; \(said)")
        allowed.append(identity)
      }
      // Nothing the actor cannot see, unless it typed it itself.
      var hidden = fixture.secrets(from: identity).subtracting(c.words)
      if c.showsEveryAccount && identity.isPerson { hidden.remove("other@example.com") }
      let leaked = hidden.filter { outcome.stdout.contains($0) || outcome.stderr.contains($0) }
      #expect(leaked.isEmpty, "\(identity) ran \(c.words) and was shown \(leaked.sorted())")
    }
    // A command no one may run is a bug in its declaration.
    #expect(!allowed.isEmpty, "no identity may run \(c.words)")
  }

  /// The leak check is only as good as its identifiers: each is real, shown to its own owner.
  @Test func theHiddenIdentifiersAreRealAndShownToTheirOwner() throws {
    let fixture = try Self.fixture.get()
    var shown = ""
    for words in [
      ["whoami", "--json"], ["product", "show", "10002"], ["device", "list", "--json"],
      ["device", "list", "--product", "10002"], ["token", "list"],
      ["customer", "list", "--product", "10002"], ["org", "list"], ["logs", "--product", "10002"],
      ["group", "list", "--product", "10002"],
    ] {
      let outcome = try Self.run(
        Case(words: words + ["--as", "other@example.com"]), as: nil, fixture: fixture)
      #expect(outcome.status == 0, "\(words): \(outcome.stderr)")
      shown += outcome.stdout
    }
    #expect(fixture.othersWorld.count >= 14)
    #expect(fixture.othersWorld.filter { !shown.contains($0) }.isEmpty, "\(shown)")
  }

  @Test func everyCommandHasACase() {
    var missing: [String] = []
    func walk(_ command: Command, _ path: [String]) {
      if command.action != nil {
        let covered = Self.cases.contains { c in Array(c.words.prefix(path.count)) == path }
        if !covered { missing.append(path.joined(separator: " ")) }
      }
      for sub in command.subcommands { walk(sub, path + [sub.name]) }
    }
    for sub in CommandTable.root.subcommands { walk(sub, [sub.name]) }
    #expect(missing.isEmpty, "commands without an access case: \(missing)")
  }
}
