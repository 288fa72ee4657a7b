import PconCore
import Testing

@testable import PconCLI

/// The escaping and colour rules every rendered line goes through.
@Suite struct RenderingTests {
  @Test func controlAndBidiCharactersBecomeVisible() {
    #expect(Visible.text("a\u{1b}[31mb") == "a\\x1b[31mb")
    #expect(Visible.text("row\r\nforged") == "row\\x0d\\x0aforged")
    #expect(Visible.text("x\u{202e}y\u{2066}z") == "x\\u{202e}y\\u{2066}z")
    #expect(Visible.text("c1\u{85}\u{9b}del\u{7f}") == "c1\\u{0085}\\u{009b}del\\x7f")
    #expect(Visible.text("plain é ✓ text") == "plain é ✓ text")
    #expect(Visible.lines("{\n  \"k\": \"\u{1b}\"\n}") == "{\n  \"k\": \"\\x1b\"\n}")
  }

  @Test func tableCellsCannotForgeRows() {
    var table = Table(["A", "B"])
    table.add("one\r\ntwo", "x\u{202e}")
    let lines = table.render(headers: true, colour: false).split(separator: "\n")
    #expect(lines.count == 2)
    #expect(lines[1] == "one\\x0d\\x0atwo  x\\u{202e}")
  }

  @Test(arguments: [
    ([String: String](), false, true, true),
    (["NO_COLOR": "1"], false, true, false),
    (["TERM": "dumb"], false, true, false),
    ([:], true, true, false),
    ([:], false, false, false),
  ])
  func colourPolicy(environment: [String: String], flag: Bool, terminal: Bool, colours: Bool) {
    let policy = ColourPolicy(noColorFlag: flag, environment: environment)
    #expect(policy.colours(TextSink(capturingAsTerminal: terminal)) == colours)
  }

  /// Errors on a terminal are coloured, and carry no escape code under NO_COLOR or when piped.
  @Test func errorColourFollowsThePolicy() {
    func stderr(_ env: [String: String], terminal: Bool, _ words: [String] = ["devce"]) -> String {
      let err = TextSink(capturingAsTerminal: terminal)
      let context = CLIContext(
        environment: env, workingDirectory: "/", stdout: TextSink(), stderr: err)
      _ = Pcon.run(words, context: context)
      return err.text
    }
    #expect(stderr([:], terminal: true).contains("\u{1b}["))
    #expect(!stderr(["NO_COLOR": "1"], terminal: true).contains("\u{1b}"))
    #expect(!stderr(["TERM": "dumb"], terminal: true).contains("\u{1b}"))
    #expect(!stderr([:], terminal: true, ["devce", "--no-color"]).contains("\u{1b}"))
    #expect(!stderr([:], terminal: false).contains("\u{1b}"))
  }

  /// PconCore names fields; the CLI's report names the options that set them.
  @Test func errorReportNamesOptionsForFields() {
    #expect(
      ErrorReport.words(for: .invalidValue(field: .ttl, value: "-1", expected: "seconds"))
        == "invalid --ttl '-1': expected seconds")
    #expect(
      ErrorReport.words(for: .invalidValue(field: .teamReach, value: "", expected: "one"))
        == "which team? give --product PRODUCT or --org ORG")
    #expect(
      ErrorReport.words(for: .notLoggedIn)
        == "no account is acting: log in with 'pcon login EMAIL', or pass --as or --token")
    #expect(
      ErrorReport.words(for: .conflictingIdentity) == "--as and --token cannot be used together")
    let plain = PconError.invalidValue(field: "event name", value: "a b", expected: "letters")
    #expect(ErrorReport.words(for: plain) == plain.message)
  }

  @Test func noticeLinesLabelBySeverityJoinSubjectAndEscape() {
    let skipped = Notice(.warning, subject: "capture.ndjson:3", message: "skipped: bad \u{1b}[2J")
    #expect(
      NoticeView.line(skipped, colour: false)
        == "warning: capture.ndjson:3: skipped: bad \\x1b[2J\n")
    #expect(NoticeView.line(skipped, colour: true).hasPrefix("\u{1b}[33mwarning:\u{1b}[0m capture"))
    let alone = Notice(.warning, subject: "", message: "SIM 8901 is still billed")
    #expect(NoticeView.line(alone, colour: false) == "warning: SIM 8901 is still billed\n")
    let problem = Notice(.problem, subject: "team.json", message: "not JSON")
    #expect(NoticeView.line(problem, colour: false) == "problem: team.json: not JSON\n")
    #expect(NoticeView.line(Notice(.info, subject: "", message: "done"), colour: false) == "done\n")
  }

  @Test func noticeTableAndGroupsEscapeWhatFilesSupply() {
    let table = NoticeView.table(
      [Notice(.problem, subject: "a\r\nb", message: "bad")], subject: "FILE", message: "PROBLEM")
    #expect(
      table.render(headers: true, colour: false) == "FILE        PROBLEM\na\\x0d\\x0ab  bad\n")
    let skips =
      (0..<22).map { Notice(.warning, subject: "id\($0)", message: "plan-limit") } + [
        Notice(.warning, subject: "x\u{202e}y", message: "invalid")
      ]
    let text = NoticeView.grouped(skips, heading: "skipped")
    let lines = text.split(separator: "\n")
    #expect(lines[0] == "skipped (invalid): 1")
    #expect(lines[1] == "  x\\u{202e}y")
    #expect(lines[2] == "skipped (plan-limit): 22")
    #expect(lines.count == 3 + 20)
  }
}
