import Foundation
import Testing

@testable import PconCore

/// Every error pcon can throw prints as words: the CLI reports an error it has no case for by
/// its description, so an error type without one would print as a Swift debug string.
@Suite struct ErrorDescriptionTests {
  static let sources = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
    .appendingPathComponent("../../Sources").standardized

  /// The error types the CLI's report words case by case.
  static let wordedByCase: Set<String> = [
    "PconError", "UsageError", "ConfirmationRequired", "CommandFailed",
  ]

  @Test func everyErrorTypeDescribesItselfInWords() throws {
    let declaration = try Regex(#"(?:struct|enum|class) (\w+)\s*:[^{]*\bError\b[^{]*\{"#)
    let files = try #require(FileManager.default.enumerator(atPath: Self.sources.path))
      .compactMap { $0 as? String }.filter { $0.hasSuffix(".swift") }
    var found: [String] = []
    var offenders: [String] = []
    for file in files {
      let text = try String(contentsOf: Self.sources.appendingPathComponent(file), encoding: .utf8)
      for match in text.matches(of: declaration) {
        let name = String(text[match.output[1].range!])
        found.append(name)
        if !Self.wordedByCase.contains(name)
          && !text[match.range].contains("CustomStringConvertible")
        {
          offenders.append("\(file): \(name)")
        }
      }
    }
    #expect(found.contains("ShapeError") && found.contains("PconError"))
    #expect(offenders == [])
  }

  @Test func decodeFailuresPrintAsTheirProblem() {
    let shape = JSONObject.ShapeError(path: "names[0].id", problem: "missing key")
    #expect("\(shape)" == "missing key at names[0].id")
    let parse = JSONParser.Failure(offset: 3, reason: "unexpected end")
    #expect(String(describing: parse) == "invalid JSON at byte 3: unexpected end")
  }
}
