import Foundation
import Testing

@testable import PconCLI

/// The committed `completions/` and `man/` must be exactly what the command table generates.
/// `PCON_RECORD_SNAPSHOTS=1` rewrites them, and the run fails so the change is noticed.
@Suite struct GeneratedFilesTests {
  static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
    .deletingLastPathComponent()
    .deletingLastPathComponent()

  static var expected: [(path: String, text: String)] {
    let root = CommandTable.root
    let completions = [
      ("completions/pcon.bash", "bash"), ("completions/_pcon", "zsh"),
      ("completions/pcon.fish", "fish"),
    ]
    .map { ($0.0, CompletionScript.script(for: $0.1) ?? "") }
    return completions + ManPage.all(root: root).map { ("man/\($0.name)", $0.text) }
  }

  @Test func committedFilesMatchTheTable() throws {
    let record = ProcessInfo.processInfo.environment["PCON_RECORD_SNAPSHOTS"] == "1"
    for (path, text) in Self.expected {
      let url = Self.repository.appendingPathComponent(path)
      let committed = try? String(contentsOf: url, encoding: .utf8)
      if record {
        try FileManager.default.createDirectory(
          at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try text.write(to: url, atomically: true, encoding: .utf8)
        Issue.record("recorded \(path); run the tests again without PCON_RECORD_SNAPSHOTS")
      } else {
        #expect(committed == text, "\(path) is out of date: run PCON_RECORD_SNAPSHOTS=1 swift test")
      }
    }
    // No stale pages for commands that no longer exist.
    let pages =
      (try? FileManager.default.contentsOfDirectory(
        atPath: Self.repository.appendingPathComponent("man").path)) ?? []
    #expect(
      Set(pages)
        == Set(
          Self.expected.filter { $0.path.hasPrefix("man/") }.map { String($0.path.dropFirst(4)) }))
  }
}
