import Foundation
import Testing

/// `logs --follow` on a terminal: the live view driven by keys on a pseudo-terminal, and the
/// terminal given back exactly as it was however the view ends.
@Suite struct LiveViewTests {
  /// A state with an account and one event, and the view started on a fresh pseudo-terminal.
  static func started(_ arguments: [String] = []) throws -> (
    Pcon, PseudoTerminal, Process, [UInt8]
  )? {
    let pcon = try Pcon()
    try pcon.account()
    try pcon.ok("publish boot 1")
    guard let terminal = PseudoTerminal() else { return nil }
    let before = terminal.settings
    let process = try terminal.start(pcon, ["logs", "--follow"] + arguments)
    #expect(terminal.waitFor("all events"))
    return (pcon, terminal, process, before)
  }

  /// The view ended with exit 0 and the terminal is as it was: settings, screen and cursor.
  static func expectRestored(
    _ terminal: PseudoTerminal, _ process: Process, _ before: [UInt8],
    sourceLocation: SourceLocation = #_sourceLocation
  ) {
    #expect(waitForExit(process), sourceLocation: sourceLocation)
    terminal.drain()
    #expect(process.terminationStatus == 0, sourceLocation: sourceLocation)
    #expect(process.terminationReason == .exit, sourceLocation: sourceLocation)
    #expect(terminal.settings == before, sourceLocation: sourceLocation)
    #expect(!terminal.isRaw, sourceLocation: sourceLocation)
    #expect(terminal.leftAlternateScreen, sourceLocation: sourceLocation)
  }

  @Test func keysPauseSelectOpenCopyQueryAndClear() throws {
    guard let (pcon, terminal, process, before) = try Self.started() else { return }
    // While it runs the terminal is raw, and only events from now on are listed.
    #expect(terminal.isRaw)
    #expect(terminal.waitFor("waiting for events"))
    try pcon.ok(["publish", "reading", #"{"zone":"north","celsius":21.5}"#].joined(separator: " "))
    #expect(terminal.waitFor("reading"))
    terminal.type(" ")
    #expect(terminal.waitFor("PAUSED"))
    try pcon.ok("publish late \u{1b}[2Jx")
    #expect(terminal.waitFor("1 queued"))
    var mark = terminal.output.count
    terminal.type(" ")
    #expect(terminal.waitFor("late", since: mark))
    #expect(terminal.waitFor("following · all events · 2 shown · 0 queued", since: mark))
    // The device's escape is shown, not obeyed.
    #expect(terminal.text.contains("\\x1b[2Jx"))
    // An arrow key split across two reads is still one key.
    mark = terminal.output.count
    terminal.type("\u{1b}[")
    terminal.type("A")
    #expect(terminal.waitFor("selecting", since: mark))
    terminal.type("\r")
    #expect(terminal.waitFor("data pretty"))
    // Pretty-printed with sorted keys: "celsius" on a line of its own, before "zone".
    #expect(terminal.waitFor(#"  "celsius": 21.5,"#))
    #expect(terminal.waitFor(#"  "zone": "north""#))
    terminal.type("r")
    #expect(terminal.waitFor("data raw"))
    terminal.type("c")
    let copied = Data(#"{"zone":"north","celsius":21.5}"#.utf8).base64EncodedString()
    #expect(terminal.waitFor("\u{1b}]52;c;\(copied)\u{7}"))
    #expect(terminal.waitFor("copied 31 bytes of data to the clipboard"))
    mark = terminal.output.count
    terminal.type("\u{1b}")
    #expect(terminal.waitFor("space pause/play", since: mark))
    terminal.type("/range:5\r")
    #expect(terminal.waitFor("error: invalid filter term 'range:5'"))
    terminal.type("\u{15}event:late\r")
    #expect(terminal.waitFor("query: event:late · 1 shown"))
    terminal.type("x")
    #expect(terminal.waitFor("1 hidden by clear"))
    // x is logs clear: the plain listing hides the events, --all still shows them.
    #expect(!(try pcon.ok("logs")).contains("reading"))
    #expect(try pcon.ok("logs --all").contains("reading"))
    terminal.type("q")
    Self.expectRestored(terminal, process, before)
  }

  @Test func resizeLaysTheViewOutAgain() throws {
    guard let (pcon, terminal, process, before) = try Self.started() else { return }
    let mark = terminal.output.count
    terminal.resize(columns: 50, rows: 12)
    kill(process.processIdentifier, SIGWINCH)
    // The status line now sits on row 11 and is cut to 50 columns.
    #expect(
      terminal.waitFor(
        "\u{1b}[11;1H\u{1b}[7mfollowing · all events · 0 shown · 0 queued  ", since: mark),
      "\(terminal.text.debugDescription)")
    terminal.type("q")
    Self.expectRestored(terminal, process, before)
    withExtendedLifetime(pcon) {}
  }

  @Test func controlCQuitsAndRestores() throws {
    guard let (pcon, terminal, process, before) = try Self.started() else { return }
    terminal.type("\u{3}")
    Self.expectRestored(terminal, process, before)
    withExtendedLifetime(pcon) {}
  }

  @Test(arguments: [SIGTERM, SIGHUP])
  func aSignalToStopQuitsAndRestores(_ signal: Int32) throws {
    guard let (pcon, terminal, process, before) = try Self.started() else { return }
    kill(process.processIdentifier, signal)
    Self.expectRestored(terminal, process, before)
    withExtendedLifetime(pcon) {}
  }

  /// SIGQUIT (and any crash) ends the process at once: the terminal is given back first, and
  /// kill -TSTP does not stop the view with the terminal raw.
  @Test func aFatalSignalStillGivesTheTerminalBack() throws {
    guard let (pcon, terminal, process, before) = try Self.started() else { return }
    kill(process.processIdentifier, SIGTSTP)
    #expect(terminal.waitFor("all events"))
    kill(process.processIdentifier, SIGQUIT)
    #expect(waitForExit(process))
    terminal.drain()
    #expect(process.terminationReason == .uncaughtSignal)
    #expect(terminal.settings == before)
    #expect(terminal.leftAlternateScreen)
    withExtendedLifetime(pcon) {}
  }

  @Test func aStateFaultEndsTheViewRestoresAndSaysWhy() throws {
    guard let (pcon, terminal, process, before) = try Self.started() else { return }
    // A line appended by hand that is not JSON: the view's next poll meets it.
    let events = URL(fileURLWithPath: pcon.file("events"))
    let folders = try FileManager.default.contentsOfDirectory(atPath: events.path)
    let log = try #require(folders.first { $0.hasPrefix("a-") })
    let months = try FileManager.default.contentsOfDirectory(
      atPath: events.appendingPathComponent(log).path)
    let month = try #require(months.first { $0.hasSuffix(".ndjson") })
    let partition = try FileHandle(
      forWritingTo: events.appendingPathComponent(log).appendingPathComponent(month))
    try partition.seekToEnd()
    try partition.write(contentsOf: Data("not json\n".utf8))
    try partition.close()
    #expect(waitForExit(process))
    terminal.drain()
    #expect(process.terminationStatus == 5)
    #expect(terminal.settings == before)
    #expect(terminal.leftAlternateScreen)
    // The error is written after the view is gone, so it stays on the person's screen.
    let after = terminal.text.components(separatedBy: "\u{1b}[?1049l").last ?? ""
    #expect(
      after.contains("error:") && after.contains("state file events/"), "\(after.debugDescription)")
  }

  @Test func noTTYJSONAndFormatKeepThePlainStream() throws {
    for flags in [["--no-tty"], ["--json"], ["--format", "sse"]] {
      guard let terminal = PseudoTerminal() else { return }
      let pcon = try Pcon()
      try pcon.account()
      try pcon.ok("publish boot 1")
      // History is written once the tail is watching, so seeing it means a publish is caught.
      let process = try terminal.start(pcon, ["logs", "--follow", "--since", "1h"] + flags)
      #expect(terminal.waitFor("boot"), "\(flags)")
      try pcon.ok("publish plain 7")
      #expect(terminal.waitFor("plain"), "\(flags)")
      kill(process.processIdentifier, SIGTERM)
      #expect(waitForExit(process))
      terminal.drain()
      #expect(process.terminationStatus == 0)
      #expect(!terminal.text.contains("\u{1b}[?1049h"), "\(flags)")
      #expect(!terminal.isRaw)
    }
  }
}
