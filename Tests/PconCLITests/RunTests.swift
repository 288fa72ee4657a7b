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
}
