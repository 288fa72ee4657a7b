import Foundation
import Testing

/// `pcon __complete` offers command paths, product devices, customers, organizations and API
/// users, completes filter terms without ending them, and describes commands for zsh and fish.
@Suite struct CompletionValueTests {
  func complete(_ pcon: Pcon, _ words: [String], describe: Bool = false) throws -> [String] {
    let result = try pcon.run(["__complete"] + (describe ? ["--describe"] : []) + ["--"] + words)
    #expect(result.status == 0, "\(result.stderr)")
    return result.stdout.split(separator: "\n", omittingEmptySubsequences: false).dropLast().map(
      String.init)
  }

  @Test func helpAndManCompleteCommandPaths() throws {
    let pcon = try Pcon()
    #expect(try complete(pcon, ["help", "dev"]) == ["device"])
    #expect(try complete(pcon, ["man", "dev"]) == ["device"])
    #expect(try complete(pcon, ["help", "device", "cl"]) == ["claim"])
    #expect(try complete(pcon, ["man", "device", "cl"]) == ["claim"])
    #expect(try complete(pcon, ["help", "__"]).isEmpty)
  }

  @Test func productDevicesCompleteWhereADeviceIsNamed() throws {
    let pcon = try Pcon()
    try pcon.run("demo")
    #expect(try complete(pcon, ["device", "show", "pump-0"]).count == 8)
    #expect(try complete(pcon, ["logs", "--device", "pump-01"]) == ["pump-01"])
    #expect(try complete(pcon, ["logs", "device:pump-01"]) == ["device:pump-01"])
    // With a product named, only its devices: the sandbox's are not in it.
    let removable = try complete(pcon, ["device", "remove", "--product", "pump-monitors", ""])
    #expect(removable.contains("pump-01") && !removable.contains("van-12"))
    // Someone on no team sees none of them.
    try pcon.ok("account create eve@example.com")
    #expect(try complete(pcon, ["--as", "eve@example.com", "device", "show", "pump-0"]).isEmpty)
  }

  @Test func invitationsCompleteAndSharedNamesAreLeftToTheirIDs() throws {
    let pcon = try Pcon()
    try pcon.run("demo")
    try pcon.ok("account create bob@example.com")
    try pcon.ok("team invite bob@example.com --product pump-monitors --role support")
    #expect(
      try complete(pcon, ["--as", "bob@example.com", "invite", "accept", ""]) == ["pump-monitors"])
    // Two devices bob sees through two teams share a name: only their IDs are offered, never
    // the ambiguous name.
    try pcon.ok("invite accept pump-monitors --as bob@example.com")
    try pcon.ok("account create carol@example.com")
    try pcon.ok("product create Other --platform argon --as carol@example.com")
    try pcon.run(
      ["device", "import", "--product", "other", "-", "--as", "carol@example.com"],
      stdin: deviceID(1) + "\n")
    try pcon.ok("device rename \(deviceID(1)) pump-01 --as carol@example.com")
    try pcon.ok("team invite bob@example.com --product other --role support --as carol@example.com")
    try pcon.ok("invite accept other --as bob@example.com")
    let offered = try complete(pcon, ["--as", "bob@example.com", "device", "show", ""])
    #expect(!offered.contains("pump-01") && offered.contains(deviceID(1)), "\(offered)")
    #expect(offered.contains("pump-02"))
  }

  @Test func customersOrgsAndAPIUsersComplete() throws {
    let pcon = try Pcon()
    try pcon.run("demo")
    #expect(
      try complete(pcon, ["customer", "delete", "--product", "pump-monitors", "al"]) == [
        "alice@example.com"
      ])
    #expect(try complete(pcon, ["team", "api-user", "delete", "--product", "10001", ""]) == ["ci"])
    let org = try pcon.ok("org create Acme --json")
    let id = try #require((try Pcon.json(org) as? [String: Any])?["id"] as? String)
    #expect(try complete(pcon, ["org", "show", ""]) == [id])
    #expect(try complete(pcon, ["product", "move", "pump-monitors", "--org", ""]) == [id])
  }

  @Test func firmwareVersionsCompleteForTheProductOnTheLine() throws {
    let pcon = try Pcon()
    try pcon.account()
    try pcon.ok("product create Vans --platform tracker --id 20004")
    try pcon.ok("product create Pumps --platform boron --id 20005")
    for command in ["show", "download", "delete", "edit"] {
      let versions = try complete(pcon, ["firmware", command, "--product", "20004", ""])
      #expect(versions.count == 23 && versions.first == "1" && versions.last == "23")
      #expect(try complete(pcon, ["firmware", command, "--product", "20005", ""]).isEmpty)
    }
    // Without a product there is nothing to offer, and a stranger sees none.
    #expect(try complete(pcon, ["firmware", "show", ""]).isEmpty)
    try pcon.ok("account create eve@example.com")
    #expect(
      try complete(pcon, ["--as", "eve@example.com", "firmware", "show", "--product", "20004", ""])
        .isEmpty)
  }

  @Test func filterModifiersCompleteInsideAnOpenedQuote() throws {
    let pcon = try Pcon()
    try pcon.run("demo")
    #expect(try complete(pcon, ["logs", "'ev"]) == ["'event:"])
    #expect(try complete(pcon, ["logs", "'event:hum"]) == ["'event:humidity"])
    #expect(
      try complete(pcon, ["logs", "\"event:humidity -device:van-1"]) == [
        "\"event:humidity -device:van-12", "\"event:humidity -device:van-14",
      ])
  }

  @Test func describedCandidatesCarryTheirSummary() throws {
    let pcon = try Pcon()
    #expect(
      try complete(pcon, ["device", "sh"], describe: true) == ["show\tShow every field of a device"]
    )
    #expect(try complete(pcon, ["device", "sh"]) == ["show"])
    let options = try complete(pcon, ["device", "list", "--so"], describe: true)
    #expect(options == ["--sort\torder of the list"])
  }

  /// bash: a modifier such as `event:` is completed without a trailing space.
  @Test func bashLeavesNoSpaceAfterAModifier() throws {
    let pcon = try Pcon()
    try pcon.run("demo")
    func options(_ words: [String]) throws -> String {
      let quoted = words.map { "'\($0.replacingOccurrences(of: "'", with: "'\\''"))'" }
        .joined(separator: " ")
      let script = """
        source <(pcon completion bash)
        compopt() { echo "compopt $*"; }
        COMP_WORDS=(\(quoted)); COMP_CWORD=$(( ${#COMP_WORDS[@]} - 1 ))
        _pcon
        printf 'reply %s\\n' "${COMPREPLY[@]}"
        """
      let result = try pcon.shell(script, in: "/bin/bash")
      #expect(result.status == 0, "\(result.stderr)")
      return result.stdout
    }
    let modifier = try options(["pcon", "logs", "ev"])
    #expect(modifier.contains("reply event:") && modifier.contains("nospace"), "\(modifier)")
    let value = try options(["pcon", "logs", "event", ":", "hum"])
    #expect(value.contains("reply humidity") && !value.contains("nospace"), "\(value)")
    let quoted = try options(["pcon", "logs", "'event", ":", "hum"])
    #expect(quoted.contains("reply humidity"), "\(quoted)")
  }

  @Test(.enabled(if: FileManager.default.isExecutableFile(atPath: "/usr/bin/fish")))
  func fishShowsDescriptions() throws {
    let pcon = try Pcon()
    let result = try pcon.shell(
      "pcon completion fish | source; complete -C 'pcon device sh'", in: "/usr/bin/fish")
    #expect(result.stdout == "show\tShow every field of a device\n", "\(result.stderr)")
  }

  @Test(.enabled(if: FileManager.default.isExecutableFile(atPath: "/usr/bin/zsh")))
  func zshAsksForDescriptions() throws {
    let pcon = try Pcon()
    let result = try pcon.shell("pcon completion zsh", in: "/usr/bin/zsh")
    #expect(result.stdout.contains("pcon __complete --describe --"))
    #expect(result.stdout.contains("compadd -Q -l -d shown"))
    #expect(result.stdout.contains("compadd -Q -S ''"))
  }
}
