import Foundation
import Testing

/// Text from another principal, a device or a file reaches the terminal with its control and
/// bidi characters made visible, so it cannot recolour the terminal or forge a row.
@Suite struct EscapingTests {
  static let hostile = "a\u{1b}[31mred\r\nforged\u{202e}row"

  func assertInert(_ text: String, sourceLocation: SourceLocation = #_sourceLocation) {
    #expect(!text.contains("\u{1b}"), sourceLocation: sourceLocation)
    #expect(!text.contains("\r"), sourceLocation: sourceLocation)
    #expect(!text.contains("\u{202e}"), sourceLocation: sourceLocation)
  }

  @Test func deviceNotesAreEscapedInTablesAndKeptInJSON() throws {
    let pcon = try Pcon()
    try pcon.account()
    try pcon.ok("device claim 0123456789abcdef01234567 --platform argon --name a")
    try pcon.run(["device", "notes", "a", Self.hostile])
    let list = try pcon.ok("device list")
    assertInert(list)
    #expect(list.split(separator: "\n").count == 2)
    #expect(list.contains("a\\x1b[31mred"))
    #expect(list.contains("forged\\u{202e}row"))
    let detail = try pcon.ok("device show a")
    assertInert(detail)
    #expect(detail.contains("\\x1b") && detail.contains("\\u{202e}"))
    let json = try #require(try Pcon.json(try pcon.ok("device show a --json")) as? [String: Any])
    #expect(json["notes"] as? String == Self.hostile)
  }

  @Test func ingestedEventDataAndProblemsAreEscaped() throws {
    let pcon = try Pcon()
    try pcon.account()
    try pcon.ok("device claim 0123456789abcdef01234567 --platform argon --name lab")
    func line(_ name: String, _ data: String, _ at: String) throws -> String {
      let object: [String: Any] = [
        "name": name, "data": data, "ttl": 60, "published_at": at,
        "coreid": "0123456789abcdef01234567",
      ]
      let bytes = try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])
      return String(decoding: bytes, as: UTF8.self)
    }
    // Event names admit only letters, digits, '_', '-' and '/', so a hostile name is refused
    // and its problem text is what reaches the terminal.
    let input =
      [
        try line("ev", "d" + Self.hostile, "2026-11-26T10:00:00.000Z"),
        try line("ev" + Self.hostile, "x", "2026-11-26T10:00:01.000Z"),
      ].joined(separator: "\n") + "\n"
    let ingested = try pcon.run(["logs", "ingest", "--format", "ndjson", "-"], stdin: input)
    #expect(ingested.stdout == "stored 1 event, skipped 1\n", "\(ingested.stderr)")
    assertInert(ingested.stderr)
    #expect(ingested.stderr.contains("'eva\\x1b[31mred\\x0d\\x0aforged\\u{202e}row'"))
    #expect(ingested.stderr.split(separator: "\n").count == 1)

    let table = try pcon.ok("logs --all")
    assertInert(table)
    #expect(table.split(separator: "\n").count == 2)
    #expect(table.contains("da\\x1b[31mred"))
    let id = try #require(
      (try Pcon.json(try pcon.ok("logs --all --json")) as? [String: Any])?["id"] as? Int)
    let shown = try pcon.ok("logs show \(id)")
    assertInert(shown)
    #expect(shown.contains("da\\x1b[31mred\\x0d"))
    #expect(try pcon.ok("logs show \(id) --raw") == "d" + Self.hostile)
  }

  /// A hand-edited file can hold an email with control characters; completion leaves such a
  /// value out rather than hand it to the shell's list.
  @Test func completionLeavesOutValuesThatWouldDriveTheTerminal() throws {
    let pcon = try Pcon()
    try pcon.account()
    try pcon.ok("account create bob@example.com")
    let path = pcon.file("accounts.json")
    let text = try String(contentsOfFile: path, encoding: .utf8)
    try text.replacingOccurrences(of: "bob@example.com", with: "b\\u001b[31m\\u202eob@example.com")
      .write(toFile: path, atomically: false, encoding: .utf8)
    let candidates = try pcon.run(["__complete", "--", "login", ""]).stdout
    assertInert(candidates)
    #expect(candidates.contains("ada@example.com"))
  }
}
