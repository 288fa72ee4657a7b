import Foundation
import PconCore
import Testing

@testable import PconCLI

/// The permission a command declares (and help prints) is the one its PconCore rule checks:
/// an actor missing exactly the declared role or API scope is refused naming that role or scope.
/// Checkable for product-scoped commands; the personal, open and org ones are covered by
/// `AccessMatrixTests` and `RuleAccessTests`.
@Suite struct DeclaredNeedsTests {
  static var productCases: [AccessMatrixTests.Case] {
    AccessMatrixTests.cases.filter(\.productScoped)
  }

  /// Runs `words` against a copy of the access-matrix fixture; the status and stderr.
  static func run(_ words: [String], stdin: String = "", in root: String) -> (Int32, String, String)
  {
    // `device import -` reads IDs; other cases bring their own input.
    let input = stdin.isEmpty ? "\(AccessMatrixTests.d2)\n" : stdin
    let out = TextSink(capturingAsTerminal: false)
    let err = TextSink(capturingAsTerminal: false)
    let context = CLIContext(
      environment: ["PCON_STATE_DIR": root, "PCON_NOW": "2026-11-26T11:00:00Z"],
      workingDirectory: root, stdout: out, stderr: err,
      standardInput: { MemorySource(Array(input.utf8)) })
    let status = Pcon.run(words, context: context)
    return (status, out.text.trimmingCharacters(in: .whitespacesAndNewlines), err.text)
  }

  static func copyOfFixture() throws -> String {
    let fixture = try AccessMatrixTests.fixture.get()
    let root = FileManager.default.temporaryDirectory.appendingPathComponent(
      "pcon-needs-\(UUID().uuidString)"
    ).path
    try fixture.restore(into: root)
    return root
  }

  @Test(arguments: productCases)
  func theRoleBelowTheDeclaredOneIsRefusedNamingIt(_ c: AccessMatrixTests.Case) throws {
    let command = try #require(AccessMatrixTests.command(for: c.words))
    let permission = try #require(command.permission)
    let needed: Role
    switch permission.reach {
    case .product(let role): needed = role
    case .owner: needed = .administrator
    case .open, .personal, .org: return
    }
    guard let below = Role.allCases.last(where: { $0 < needed }) else { return }
    let who: String
    switch below {
    case .viewOnly: who = "viewer"
    case .support: who = "support"
    case .developer: who = "developer"
    case .administrator: who = "admin"
    }
    let root = try Self.copyOfFixture()
    defer { try? FileManager.default.removeItem(atPath: root) }
    let (status, _, err) = Self.run(
      c.words + ["--as", "\(who)@example.com"], stdin: c.stdin, in: root)
    #expect(status == 4, "\(c.words) as \(below.title): \(err)")
    // The product's Owner is named as such: an Administrator who is not its Owner lacks it too.
    let title = permission.reach == .owner ? "Administrator (Owner)" : needed.title
    #expect(
      err.contains("needs the \(title) role"),
      "\(c.words) declares \(title) but its rule said: \(err)")
  }

  @Test(arguments: productCases)
  func anAPIUserWithoutTheDeclaredScopeIsRefusedNamingIt(_ c: AccessMatrixTests.Case) throws {
    let command = try #require(AccessMatrixTests.command(for: c.words))
    guard let scope = try #require(command.permission).apiScope else { return }
    let root = try Self.copyOfFixture()
    defer { try? FileManager.default.removeItem(atPath: root) }
    let (created, token, createErr) = Self.run(
      [
        "team", "api-user", "create", "all-but-one", "--product", "10001", "--as",
        "owner@example.com",
      ]
        + Teams.scopes.filter { $0 != scope }.flatMap { ["--scope", $0] }, in: root)
    try #require(created == 0, "\(createErr)")
    let (status, _, err) = Self.run(c.words + ["--token", token], stdin: c.stdin, in: root)
    #expect(status == 4, "\(c.words) without \(scope): \(err)")
    #expect(
      err.contains("lacks the scope \(scope)"),
      "\(c.words) declares \(scope) but its rule said: \(err)")
  }
}
