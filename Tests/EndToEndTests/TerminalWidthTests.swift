import Foundation
import Testing

/// Tables fit a terminal by cutting free text, are never cut through a pipe, and `logs -f`
/// keeps its columns.
@Suite(.enabled(if: Terminal.available, "script(1) is not installed; .ci/run installs it"))
struct TerminalWidthTests {
  static let note = "Pumps 3A and 3B; SIM on the yard account."

  /// Wide enough for the fixed columns (IDs, times, states), narrow enough that names and
  /// notes must give way.
  @Test(arguments: [100, 110, 120])
  func tablesFitTheTerminal(columns: Int) throws {
    let pcon = try Pcon()
    try pcon.run("demo")
    let out = try Terminal.run(pcon, "device list", columns: columns)
    let lines = out.split(separator: "\n")
    #expect(lines.count == 13, "\(out)")
    #expect(lines.allSatisfy { $0.count <= columns }, "\(out)")
    // IDs are never cut; the notes give way first, with an ellipsis.
    #expect(out.contains("e00fce681f2e3b6a9c5d7e01"))
    #expect(out.contains("…") && !out.contains(Self.note))
  }

  @Test func aWideTerminalCutsNothing() throws {
    let pcon = try Pcon()
    try pcon.run("demo")
    let out = try Terminal.run(pcon, "device list", columns: 200)
    #expect(out.contains(Self.note) && !out.contains("…"))
    // Too narrow for the fixed columns: free text shrinks to its floor and no further.
    let narrow = try Terminal.run(pcon, "device list", columns: 60)
    #expect(narrow.contains("freezer…") && narrow.contains("e00fce681f2e3b6a9c5d7e01"))
  }

  @Test func pipedTablesAreNeverCut() throws {
    let pcon = try Pcon()
    try pcon.run("demo")
    let long = String(repeating: "long note ", count: 30)
    try pcon.run(["device", "notes", "van-12", long])
    try pcon.run(["publish", "report", long, "--device", "van-12"])
    let env = ["COLUMNS": "40"]
    #expect(try pcon.run("device list", env: env).stdout.contains(long.trimmingSuffixSpaces))
    #expect(try pcon.run("logs --limit 1", env: env).stdout.contains(long.trimmingSuffixSpaces))
    #expect(!(try pcon.run("logs --limit 1", env: env).stdout.contains("…")))
  }

  @Test func followKeepsItsColumnsAligned() throws {
    let pcon = try Pcon()
    try pcon.run("demo")
    try pcon.run(["publish", "a-rather-long-event-name-here", "x", "--device", "greenhouse-north"])
    try pcon.run(["publish", "t", "{\"a\":1}", "--device", "van-12"])
    // History printed before following takes the same columns as the rows that follow it.
    let (process, reader) = try pcon.startFollowing(["--limit", "4"])
    var lines = reader.lines(5)
    try pcon.run(["publish", "humidity", "51", "--device", "tank-level-east"])
    lines += reader.lines(1)
    kill(process.processIdentifier, SIGINT)
    #expect(waitForExit(process))
    #expect(lines.count == 6, "\(lines)")
    #expect(lines.first?.hasPrefix("TIME") == true)
    // Every row starts its DEVICE and DATA columns where the header does.
    let header = try #require(lines.first)
    let device = try #require(header.range(of: "DEVICE")).lowerBound.utf16Offset(in: header)
    let data = try #require(header.range(of: "DATA")).lowerBound.utf16Offset(in: header)
    for line in lines.dropFirst() {
      let characters = Array(line)
      #expect(characters.count > data, "\(line)")
      guard characters.count > data else { continue }
      #expect(characters[device - 1] == " " && characters[device] != " ", "\(line)")
      #expect(characters[data - 1] == " " && characters[data] != " ", "\(line)")
    }
    #expect(lines.last?.contains("tank-level-east") == true)
  }
}

extension String {
  fileprivate var trimmingSuffixSpaces: String {
    String(self.reversed().drop { $0 == " " }.reversed())
  }
}
