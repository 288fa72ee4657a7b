import Foundation
import Testing

/// Every command that stores a name someone gives refuses control and bidirectional formatting
/// characters in it: a usage error naming the field, and nothing stored.
@Suite struct NameInputTests {
  /// Characters that could recolour a terminal, forge a table row or reorder text.
  static let hostile = [
    "\u{1b}[31m", "\r", "\n", "\u{7f}", "\u{85}", "\u{202e}", "\u{2066}", "\u{200b}", "\u{feff}",
    "\u{2028}",
  ]

  /// Each command with `NAME` where the name goes, and the field its error names.
  static let commands: [(line: [String], field: String)] = [
    (["account", "create", "new@example.com", "--name", "NAME"], "account name"),
    (["product", "create", "NAME", "--platform", "argon"], "product name"),
    (["org", "create", "NAME"], "organization name"),
    (
      ["team", "api-user", "create", "NAME", "--product", "10001", "--scope", "devices:list"],
      "API user name"
    ),
    (
      ["oauth-client", "create", "NAME", "--product", "10001", "--type", "installed"],
      "OAuth client name"
    ),
    (["device", "claim", deviceID(9), "--platform", "argon", "--name", "NAME"], "device name"),
    (["device", "rename", deviceID(1), "NAME"], "device name"),
  ]

  @Test(arguments: hostile)
  func namesRefuseControlCharacters(character: String) throws {
    let pcon = try Pcon()
    try pcon.account()
    try pcon.ok("product create Pumps --platform argon --id 10001")
    try pcon.ok("device claim \(deviceID(1)) --platform argon --name lamp")
    let before = try StateSnapshot(of: pcon.stateDir)
    for (line, field) in Self.commands {
      let arguments = line.map { $0 == "NAME" ? "ok\(character)name" : $0 }
      let result = try pcon.run(arguments)
      #expect(result.status == 2, "\(line): \(result.stderr)")
      let lines = result.stderr.split(separator: "\n")
      #expect(lines.first?.hasPrefix("error: invalid \(field) 'ok") == true, "\(result.stderr)")
      // The message shows the character escaped, never raw.
      #expect(!result.stderr.unicodeScalars.contains { $0.value == 0x1b || $0.value == 0x202e })
    }
    let after = try StateSnapshot(of: pcon.stateDir)
    #expect(after.files == before.files)
    for file in before.files { #expect(after.contents(of: file) == before.contents(of: file)) }
  }

  /// Names stay as free as before otherwise: spaces, punctuation and non-Latin letters.
  @Test func ordinaryNamesAreAccepted() throws {
    let pcon = try Pcon()
    try pcon.account()
    for line in [
      ["product", "create", "Pumps — Zürich 北", "--platform", "argon"],
      ["org", "create", "Acme & Sons"],
      ["account", "create", "new@example.com", "--name", "Ada Lovelace-Byron"],
    ] {
      let result = try pcon.run(line)
      #expect(result.status == 0, "\(line): \(result.stderr)")
    }
  }
}
