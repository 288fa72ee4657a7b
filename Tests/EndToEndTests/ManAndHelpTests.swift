import Foundation
import Testing

/// `pcon man` and `pcon help` say everything themselves: pages by command path, exit statuses,
/// links to every page, the whole state directory, and a rendered page on a terminal.
@Suite struct ManAndHelpTests {
  @Test func manOpensAPageByCommandPath() throws {
    let pcon = try Pcon()
    let page = try pcon.ok("man device claim")
    #expect(page.hasPrefix(".TH PCON-DEVICE 1"))
    #expect(page == (try pcon.ok("man device")))
    let wrong = try pcon.run("man device clam")
    #expect(wrong.status == 2)
    #expect(wrong.stderr.contains("hint: did you mean 'pcon device claim'?"), "\(wrong.stderr)")
  }

  @Test func helpAndManListTheExitStatuses() throws {
    let pcon = try Pcon()
    let help = try pcon.ok("help")
    #expect(!help.contains("README"))
    for line in ["  0  success", "  2  usage:", "  3  not found:", "  5  state:"] {
      #expect(help.contains(line), "\(line)")
    }
    #expect(try pcon.ok("help device claim").contains("Exit status: 0 success, 1 refused"))
    let page = try pcon.ok("man")
    #expect(!page.contains("README"))
    #expect(page.contains(".SH EXIT STATUS\n.TP\n.B 0\nSuccess."))
  }

  @Test func pconPageLinksEveryPageAndListsTheWholeStateDirectory() throws {
    let pcon = try Pcon()
    let directory = pcon.base + "/man"
    try pcon.ok("man --output \(directory)")
    let page = try String(contentsOfFile: directory + "/pcon.1", encoding: .utf8)
    let seeAlso = try #require(page.components(separatedBy: ".SH SEE ALSO\n").last)
    let pages = try FileManager.default.contentsOfDirectory(atPath: directory)
      .filter { $0 != "pcon.1" }.sorted()
    #expect(pages.count > 5)
    for name in pages {
      let title = name.dropLast(2).replacingOccurrences(of: "-", with: "\\-")
      #expect(seeAlso.contains(".BR \(title) (1)"), "\(name) is not linked")
    }
    // Every top-level entry a real state directory holds is named under FILES.
    try pcon.run("demo")
    try pcon.ok("logs clear")
    let files = try #require(
      page.components(separatedBy: ".SH FILES\n").last?.components(separatedBy: ".SH ").first)
    for entry in try FileManager.default.contentsOfDirectory(atPath: pcon.stateDir) {
      #expect(
        files.contains(".I \(entry.replacingOccurrences(of: "-", with: "\\-"))")
          || files.contains("\\fI\(entry.replacingOccurrences(of: "-", with: "\\-"))"),
        "FILES does not name \(entry)")
    }
    for inEvents in ["sequence.json", "clears.json", "ids.json"] {
      #expect(files.contains(inEvents), "FILES does not name events/\(inEvents)")
    }
  }

  @Test(
    .enabled(
      if: Terminal.available && FileManager.default.isExecutableFile(atPath: "/usr/bin/man"),
      "script(1) or man(1) is not installed"))
  func manOnATerminalRendersThePage() throws {
    let pcon = try Pcon()
    let out = try Terminal.run(
      pcon, "man device claim", columns: 100, env: ["MANPAGER": "cat", "PAGER": "cat"])
    #expect(!out.contains(".TH") && !out.contains(".SH"), "\(out.prefix(300))")
    #expect(out.contains("PCON-DEVICE(1)"), "\(out.prefix(300))")
    // Piped, the same command prints the roff source for man(1) or a file.
    #expect(try pcon.ok("man device claim").contains(".SH NAME"))
  }
}
