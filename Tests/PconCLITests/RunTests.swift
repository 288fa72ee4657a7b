import Foundation
import PconCore
import Testing

@testable import PconCLI

/// In-process runs of the real command table, capturing stdout and stderr.
@Suite struct RunTests {
  func run(_ words: [String], env: [String: String] = [:]) -> (
    out: String, err: String, status: Int32
  ) {
    let out = TextSink(capturingAsTerminal: false)
    let err = TextSink(capturingAsTerminal: false)
    let context = CLIContext(environment: env, workingDirectory: "/", stdout: out, stderr: err)
    let status = Pcon.run(words, context: context)
    return (out.text, err.text, status)
  }

  @Test func noArgumentsPrintsHelp() {
    let result = run([])
    #expect(result.status == 0)
    #expect(result.out.contains("Usage: pcon <command>"))
    #expect(result.out.contains("device"))
    #expect(!result.out.contains("__complete"))
  }

  @Test(arguments: [
    ["device", "list", "--help"], ["help", "device", "list"], ["device", "list", "-h"],
  ])
  func helpForACommand(words: [String]) {
    let result = run(words)
    #expect(result.status == 0)
    #expect(
      result.out.hasPrefix(
        "pcon device list: List your devices, or a product's\n\nUsage: pcon device list [options]\n"
      ))
    #expect(result.out.contains("--sort KEY"))
  }

  @Test func unknownHelpTopicIsAUsageError() {
    let result = run(["help", "devce"])
    #expect(result.status == 2)
    #expect(result.err.contains("did you mean 'pcon device'?"))
  }

  @Test func versionFlagAndCommand() {
    #expect(run(["--version"]).out == "pcon \(Pcon.version)\n")
    #expect(run(["version"]).out.hasPrefix("pcon \(Pcon.version) (state format"))
  }

  @Test func usageErrorsPrintUsageAndExitTwo() {
    let result = run(["device", "rename", "x"])
    #expect(result.status == 2)
    #expect(result.out.isEmpty)
    #expect(
      result.err
        == "error: missing NAME\nhint: usage: pcon device rename DEVICE NAME\nhint: see 'pcon device rename --help'\n"
    )
  }

  @Test func badEnvironmentValuesAreUsageErrors() {
    #expect(
      run(["whoami", "--state-dir", "/nonexistent-pcon"], env: ["PCON_NOW": "yesterday"]).status
        == 2)
    #expect(
      run(["whoami", "--state-dir", "/nonexistent-pcon"], env: ["PCON_LOCK_TIMEOUT": "soon"]).status
        == 2)
  }

  @Test func completerOffersCommandsOptionsAndValues() {
    let root = CommandTable.root
    let none: (StateValues, [String]) -> [String] = { _, _ in [] }
    #expect(Completer.complete(["de"], root: root, stateValues: none) == ["device", "demo"])
    #expect(
      Completer.complete(["device", "list", "--sort=l"], root: root, stateValues: none) == [
        "--sort=last-heard"
      ])
    #expect(
      Completer.complete(["device", "list", "--no-h"], root: root, stateValues: none) == [
        "--no-headers"
      ])
    #expect(
      Completer.complete(["man", "--output", ""], root: root, stateValues: none) == [
        Completer.directoriesDirective
      ])
    #expect(
      Completer.complete(["completion", ""], root: root, stateValues: none) == [
        "bash", "zsh", "fish",
      ])
    #expect(
      Completer.complete(["device", "show", "k"], root: root) { kind, _ in
        kind == .devices ? ["kitchen", "hall"] : []
      } == ["kitchen"])
    // A device name is only offered where a DEVICE goes.
    #expect(
      Completer.complete(["device", "rename", "kitchen", ""], root: root) { _, _ in ["kitchen"] }
        == [])
  }

  /// Completion runs the parser's own scan, so it reads a line as parsing will: lines where
  /// the completer's former scan of its own disagreed with the parser.
  @Test(arguments: [
    // After `--` every word is an argument: `show` is a query term, not a subcommand.
    (["logs", "--", "sh"], ["logs", "--", "show"], false),
    // A negated filter term is a positional word, so no subcommand can follow it.
    (["logs", "-event:temp", "sh"], ["logs", "-event:temp", "show"], false),
    (["logs", "sh"], ["logs", "show", "1"], true),
    // An option's value that looks like a command name is still the value.
    (["--state-dir", "logs", "logs", "sh"], ["--state-dir", "logs", "logs", "show", "1"], true),
  ])
  func completerScansAsTheParserDoes(completing: [String], parsing: [String], offersShow: Bool)
    throws
  {
    let root = CommandTable.root
    let offered = Completer.complete(completing, root: root) { _, _ in [] }
    #expect(offered.contains("show") == offersShow, "\(offered)")
    let line = try Parser(root: root).parse(parsing)
    #expect((line.path == ["logs", "show"]) == offersShow)
  }

  @Test func completerFindsTheOptionAwaitingAValue() {
    let root = CommandTable.root
    let products: (StateValues, [String]) -> [String] = { kind, _ in
      kind == .products ? ["device", "pumps"] : []
    }
    // bash hands `--product=` over as `--product`, `=`, and the partial value.
    #expect(
      Completer.complete(
        ["device", "list", "--product", "=", "p"], root: root, stateValues: products)
        == ["pumps"])
    // A value that is also a command name does not move the completer into that command.
    #expect(
      Completer.complete(["device", "list", "--product", "device", "--pl"], root: root) { _, _ in
        []
      } == ["--platform"])
    #expect(
      Completer.complete(
        ["device", "list", "-y", "--product", ""], root: root, stateValues: products)
        == ["device", "pumps"])
  }
}
