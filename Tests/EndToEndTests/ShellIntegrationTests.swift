import Foundation
import Testing

/// The completion scripts in real shells, and the man pages through groff.
@Suite struct ShellIntegrationTests {
  static func exists(_ path: String) -> Bool { FileManager.default.isExecutableFile(atPath: path) }

  /// Runs `script` in `shell` with the built pcon first on PATH.
  func shell(_ shell: String, _ script: String, pcon: Pcon) throws -> RunResult {
    try pcon.shell(script, in: shell)
  }

  /// Drives the bash completion function the way bash does for `line` (cursor at the end).
  func bashComplete(_ words: [String], pcon: Pcon) throws -> [String] {
    // Each word single-quoted for the script, its own quotes kept (as bash keeps an opened one).
    let quoted = words.map { "'" + $0.replacingOccurrences(of: "'", with: "'\\''") + "'" }
      .joined(separator: " ")
    let script = """
      source <(pcon completion bash)
      complete -p pcon >/dev/null || exit 9
      COMP_WORDS=(\(quoted)); COMP_CWORD=$(( ${#COMP_WORDS[@]} - 1 ))
      _pcon
      printf '%s\\n' "${COMPREPLY[@]}"
      """
    let result = try shell("/bin/bash", script, pcon: pcon)
    #expect(result.status == 0, "\(result.stderr)")
    #expect(result.stderr.isEmpty, "\(result.stderr)")
    return result.stdout.split(separator: "\n").map(String.init)
  }

  @Test func bashCompletesCommandsOptionsAndStateValues() throws {
    let pcon = try Pcon()
    try pcon.run("demo")
    #expect(try bashComplete(["pcon", "dev"], pcon: pcon) == ["device"])
    #expect(try bashComplete(["pcon", "device", "ren"], pcon: pcon) == ["rename"])
    #expect(try bashComplete(["pcon", "device", "list", "--so"], pcon: pcon) == ["--sort"])
    #expect(
      try bashComplete(["pcon", "device", "list", "--sort", "la"], pcon: pcon) == ["last-heard"])
    #expect(
      try bashComplete(["pcon", "device", "list", "--sort", "=", "n"], pcon: pcon) == ["name"])
    #expect(
      try bashComplete(["pcon", "device", "claim", "x", "--platform", "bo"], pcon: pcon) == [
        "boron"
      ])
    // Values from the state: device names and IDs, SIMs, accounts.
    #expect(
      try bashComplete(["pcon", "device", "show", "van-"], pcon: pcon) == ["van-12", "van-14"])
    #expect(
      try bashComplete(["pcon", "device", "rename", "e00fce681"], pcon: pcon) == [
        "e00fce681f2e3b6a9c5d7e01"
      ])
    // A SIM completes by its ICCID and by the device it is in.
    #expect(
      try bashComplete(["pcon", "sim", "pause", ""], pcon: pcon) == [
        "89014103271203845123", "pump-station-3",
      ])
    #expect(try bashComplete(["pcon", "login", "dem"], pcon: pcon) == ["demo@example.com"])
    // After a rename, completion sees the new name at once.
    try pcon.ok("device rename van-14 van-99")
    #expect(
      try bashComplete(["pcon", "device", "show", "van-"], pcon: pcon) == ["van-12", "van-99"])
    // Event names come from the log, inside filter terms too (bash splits at ':').
    #expect(try bashComplete(["pcon", "publish", "hum"], pcon: pcon) == ["humidity"])
    #expect(try bashComplete(["pcon", "logs", "event", ":", "te"], pcon: pcon) == ["temperature"])
    #expect(try bashComplete(["pcon", "logs", "-event", ":", "hu"], pcon: pcon) == ["humidity"])
    #expect(try bashComplete(["pcon", "logs", "ra"], pcon: pcon) == ["range:"])
    #expect(try bashComplete(["pcon", "logs", "sh"], pcon: pcon) == ["show"])
    // Inside an opened quote bash replaces the whole word, quote included: candidates stay whole,
    // and a lone modifier is offered as its values, so bash keeps the quote open (no closing
    // quote, no space) until a whole term is chosen.
    #expect(try bashComplete(["pcon", "logs", "'event:hu"], pcon: pcon) == ["'event:humidity"])
    let opened = try bashComplete(["pcon", "logs", "\"ev"], pcon: pcon)
    #expect(opened.count > 1 && opened.allSatisfy { $0.hasPrefix("\"event:") }, "\(opened)")
    let second = try bashComplete(["pcon", "logs", "'event:humidity dev"], pcon: pcon)
    #expect(
      second.count > 1 && second.allSatisfy { $0.hasPrefix("'event:humidity device:") },
      "\(second)")
    // Hidden commands are not offered.
    #expect(try !bashComplete(["pcon", "__"], pcon: pcon).contains("__complete"))
  }

  @Test(.enabled(if: exists("/usr/bin/zsh"), "zsh is not installed; .ci/run installs it"))
  func zshScriptLoads() throws {
    let pcon = try Pcon()
    let result = try shell(
      "/usr/bin/zsh",
      "autoload -U compinit && compinit -u -d \"$HOME/.zcompdump\" && source <(pcon completion zsh) && print -r -- ${_comps[pcon]}",
      pcon: pcon)
    #expect(result.status == 0, "\(result.stderr)")
    #expect(result.stderr.isEmpty, "\(result.stderr)")
    #expect(result.stdout == "_pcon\n")
  }

  @Test(.enabled(if: exists("/usr/bin/fish"), "fish is not installed; .ci/run installs it"))
  func fishScriptLoadsAndCompletes() throws {
    let pcon = try Pcon()
    try pcon.run("demo")
    let result = try shell(
      "/usr/bin/fish", "pcon completion fish | source; complete -C 'pcon device sh'", pcon: pcon)
    #expect(result.status == 0, "\(result.stderr)")
    #expect(result.stderr.isEmpty, "\(result.stderr)")
    #expect(
      result.stdout.split(separator: "\n").map {
        $0.split(separator: "\t").first.map(String.init) ?? ""
      } == ["show"])
  }

  @Test(.enabled(if: exists("/usr/bin/groff"), "groff is not installed"))
  func manPagesRenderWithoutWarnings() throws {
    let pcon = try Pcon()
    let directory = URL(fileURLWithPath: pcon.stateDir).deletingLastPathComponent()
      .appendingPathComponent("man").path
    try pcon.ok("man --output \(directory)")
    let pages = try FileManager.default.contentsOfDirectory(atPath: directory).sorted()
    #expect(
      pages.contains("pcon.1") && pages.contains("pcon-device.1") && pages.contains("pcon-sim.1"))
    for page in pages {
      let result = try shell("/bin/bash", "groff -man -ww -z '\(directory)/\(page)'", pcon: pcon)
      #expect(result.status == 0 && result.stderr.isEmpty, "\(page): \(result.stderr)")
    }
  }
}
