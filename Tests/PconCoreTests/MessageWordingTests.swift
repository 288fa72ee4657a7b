import Foundation
import Testing

@testable import PconCore

/// PconCore speaks of fields and states, never of the CLI's options or commands: a front end
/// words its faults.
@Suite struct MessageWordingTests {
  static let sources = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
    .appendingPathComponent("../../Sources/PconCore").standardized

  /// Whether a source line holds, outside a comment, a string literal naming an option
  /// (`--ttl`) or a quoted command (`'pcon login`).
  static func namesCLI(_ line: Substring) throws -> Bool {
    guard !line.trimmingCharacters(in: .whitespaces).hasPrefix("//") else { return false }
    let option = try Regex(#""(?:[^"]*[^-\w"])?--[a-z][^"]*""#)
    let command = try Regex(#""[^"]*['`]pcon [a-z][^"]*""#)
    return line.contains(option) || line.contains(command)
  }

  @Test func theScanCatchesOptionsAndCommands() throws {
    #expect(try Self.namesCLI(#"  throw E(name: "--ttl", value: v)"#))
    #expect(try Self.namesCLI(#"  return "expected exactly one of --product or --org""#))
    #expect(try Self.namesCLI(#"  return "log in with 'pcon login EMAIL'""#))
    #expect(try !Self.namesCLI(#"  return "invalid time to live '\(v)'""#))
    #expect(try !Self.namesCLI(#"  /// Like "--ttl" in the CLI."#))
    #expect(try !Self.namesCLI(#"  let separator = "--""#))
  }

  @Test func noSourceStringNamesAnOptionOrCommand() throws {
    let files = try #require(FileManager.default.enumerator(atPath: Self.sources.path))
      .compactMap { $0 as? String }.filter { $0.hasSuffix(".swift") }
    #expect(files.count > 50)
    var offenders: [String] = []
    for file in files {
      let text = try String(
        contentsOf: Self.sources.appendingPathComponent(file), encoding: .utf8)
      for (n, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated()
      where try Self.namesCLI(line) {
        offenders.append("\(file):\(n + 1)")
      }
    }
    #expect(offenders == [])
  }

  @Test(arguments: [
    PconError.invalidValue(field: .ttl, value: "-1", expected: "seconds"),
    .invalidValue(field: .redirectURI, value: "x", expected: "an https:// URI"),
    .invalidValue(field: .teamReach, value: "", expected: "exactly one product or org"),
    .notLoggedIn, .conflictingIdentity,
  ])
  func faultsNameFieldsNotOptions(error: PconError) {
    #expect(!error.message.contains("--"))
    #expect(!error.message.contains("pcon "))
  }

  @Test func aFaultNamesItsFieldInWords() {
    #expect(
      PconError.invalidValue(field: .ttl, value: "-1", expected: "seconds").message
        == "invalid time to live '-1': expected seconds")
  }
}
