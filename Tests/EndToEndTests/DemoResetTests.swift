import Foundation
import Testing

/// `pcon demo --reset` rebuilds a demo and nothing else, and the tour's own suggestions work.
@Suite struct DemoResetTests {
  @Test func resetRebuildsTheDemoAfterChanges() throws {
    let pcon = try Pcon()
    try pcon.ok("demo")
    try pcon.ok("device rename greenhouse-south greenhouse-west")
    try pcon.ok("publish temperature 5 --device greenhouse-north")
    try pcon.ok("device claim 0123456789abcdef01234567 --platform argon --name desk")
    let reset = try pcon.run("demo --reset")
    #expect(reset.status == 0, "\(reset.stderr)")
    #expect(reset.stderr.contains("rebuilt the demo fleet"))
    let names = try pcon.ok("device list")
    #expect(names.contains("greenhouse-south") && !names.contains("greenhouse-west"))
    #expect(!names.contains("desk"))
    #expect(try pcon.ok("doctor").hasPrefix("no problems found"))
    // The event log is the demo's again: its newest event is not the one published above.
    #expect(!(try pcon.ok("logs --limit 1 --json").contains("\"data\":\"5\"")))
  }

  @Test func resetRefusesADirectoryThatHoldsMoreThanADemo() throws {
    let pcon = try Pcon()
    try pcon.ok("account create ada@example.com")
    let notDemo = try pcon.run("demo --reset")
    #expect(notDemo.status == 1)
    #expect(notDemo.stderr.contains("that pcon demo did not build"), "\(notDemo.stderr)")
    #expect(try pcon.ok("account list").contains("ada@example.com"))

    let demo = try Pcon()
    try demo.ok("demo")
    try demo.ok("account create eve@example.com")
    let other = try demo.run("demo --reset")
    #expect(other.status == 1)
    #expect(
      other.stderr.contains("it holds the account eve@example.com, which the demo did not create"),
      "\(other.stderr)")
    #expect(try demo.ok("account list").contains("eve@example.com"))

    let stray = try Pcon()
    try stray.ok("demo")
    try "mine".write(toFile: stray.file("notes.txt"), atomically: true, encoding: .utf8)
    let file = try stray.run("demo --reset")
    #expect(file.status == 1)
    #expect(file.stderr.contains("it holds notes.txt, which pcon does not write"))
    #expect(FileManager.default.fileExists(atPath: stray.file("notes.txt")))
  }

  /// Every command the tour suggests, run in order as a reader would, succeeds without an
  /// error; the tour printed again afterwards shows no error it did not show at first.
  @Test func theToursSuggestionsAllWork() throws {
    let pcon = try Pcon()
    let tour = try pcon.ok("demo")
    let suggestions =
      tour.components(separatedBy: "# Try next:\n").last?
      .split(separator: "\n").filter { $0.hasPrefix("$ pcon ") }
      .map { line in
        String(line.dropFirst(7).prefix { $0 != "#" }).trimmingCharacters(in: .whitespaces)
      } ?? []
    #expect(suggestions.count >= 5)
    let follower = Process()
    follower.executableURL = URL(fileURLWithPath: Pcon.binary)
    var env = ProcessInfo.processInfo.environment
    env["PCON_STATE_DIR"] = pcon.stateDir
    env["PCON_NOW"] = nil
    follower.environment = env
    let followerErrors = Pipe()
    follower.standardOutput = FileHandle.nullDevice
    follower.standardError = followerErrors
    func errorCount(_ text: String) -> Int { text.components(separatedBy: "error:").count - 1 }
    for suggestion in suggestions {
      // As the shell reads them: a word in single quotes loses its quotes.
      let words = suggestion.split(separator: " ").map { word in
        word.count > 1 && word.hasPrefix("'") && word.hasSuffix("'")
          ? String(word.dropFirst().dropLast()) : String(word)
      }
      if words == ["logs", "--follow"] {
        follower.arguments = words
        try follower.run()
        continue
      }
      if words.first == "demo" {
        // The tour printed again over the changed demo shows only the refusal it demonstrates.
        let again = try pcon.ok("demo")
        #expect(errorCount(again) == errorCount(tour), "\(again)")
      }
      let result = try pcon.run(words)
      #expect(result.status == 0, "\(suggestion): \(result.stderr)")
      #expect(!result.stderr.contains("error:"), "\(suggestion): \(result.stderr)")
    }
    #expect(suggestions.contains("demo --reset"))
    if follower.isRunning { kill(follower.processIdentifier, SIGINT) }
    #expect(waitForExit(follower))
    let errors = followerErrors.fileHandleForReading.readDataToEndOfFile()
    #expect(errors.isEmpty, "\(String(decoding: errors, as: UTF8.self))")
  }
}
