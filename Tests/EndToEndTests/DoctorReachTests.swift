import Foundation
import Testing

/// `pcon doctor` reports the faults a command would hit that it used to miss: a damaged journal,
/// an impossible format version, references between files to records that do not exist, and
/// files pcon never writes.
@Suite struct DoctorReachTests {
  /// A state with a product in an org, a team member, an API user, a customer with a token, an
  /// OAuth client and a product device, all consistent.
  func fullState() throws -> Pcon {
    let pcon = try Pcon()
    try pcon.account()
    try pcon.ok("account create bob@example.com")
    try pcon.ok("org create Acme")
    try pcon.ok("product create Pumps --platform argon --id 10001 --org acme")
    try pcon.ok("team invite bob@example.com --product 10001")
    try pcon.ok("team api-user create ci --product 10001 --scope devices:list")
    try pcon.ok("customer create cy@example.com --product 10001 --no-password")
    try pcon.ok("customer token cy@example.com --product 10001")
    try pcon.ok("oauth-client create app --product 10001 --type installed")
    _ = try pcon.run("device import --product 10001 -", stdin: deviceID(1) + "\n")
    let clean = try pcon.run("doctor")
    #expect(clean.status == 0, "\(clean.stdout)")
    return pcon
  }

  /// Rewrites a state file's text.
  func edit(_ pcon: Pcon, _ file: String, _ change: (String) -> String) throws {
    let path = pcon.file(file)
    let text = try String(contentsOfFile: path, encoding: .utf8)
    let changed = change(text)
    #expect(changed != text, "the edit of \(file) changed nothing")
    try changed.write(toFile: path, atomically: false, encoding: .utf8)
  }

  /// Doctor exits 5 and names `file` with `words` in its problem.
  func expectDoctor(
    _ pcon: Pcon, reports file: String, _ words: String,
    sourceLocation: SourceLocation = #_sourceLocation
  ) throws {
    let doctor = try pcon.run("doctor --json")
    #expect(doctor.status == 5, "\(doctor.stdout)", sourceLocation: sourceLocation)
    let report = try Pcon.json(doctor.stdout) as? [String: Any]
    let problems = report?["problems"] as? [[String: Any]] ?? []
    let found = problems.contains {
      ($0["file"] as? String) == file && (($0["message"] as? String)?.contains(words) ?? false)
    }
    #expect(
      found, "no problem in \(file) saying '\(words)': \(doctor.stdout)",
      sourceLocation: sourceLocation)
  }

  @Test func aJournalACommandRefusesIsReported() throws {
    let pcon = try fullState()
    let payload = #"{"files":[{"path":"../elsewhere","op":"remove"}]}"#
    let digest = try pcon.shell("printf '%s' '\(payload)' | sha256sum | cut -c1-64").stdout
    let journal = "pcon-journal 1 \(payload.utf8.count) \(digest.prefix(64))\n\(payload)"
    _ = FileManager.default.createFile(
      atPath: pcon.file("journal"), contents: Data(journal.utf8),
      attributes: [.posixPermissions: 0o600])
    #expect(try pcon.run("whoami").status == 5)
    try expectDoctor(pcon, reports: "journal", "unsafe path")
  }

  @Test(arguments: ["0", "-3"])
  func aFormatVersionBelowOneIsReported(version: String) throws {
    let pcon = try fullState()
    try edit(pcon, "pcon.json") {
      $0.replacingOccurrences(of: #""format_version":4"#, with: #""format_version":\#(version)"#)
    }
    try expectDoctor(pcon, reports: "pcon.json", "format version \(version)")
  }

  @Test func aProductInAMissingOrgIsReported() throws {
    let pcon = try fullState()
    try edit(pcon, "orgs.json") { _ in #"{"orgs":[]}"# }
    try expectDoctor(pcon, reports: "products.json", "which does not exist")
  }

  @Test func aDeviceInAMissingProductIsReported() throws {
    let pcon = try fullState()
    try edit(pcon, "products.json") { _ in #"{"products":[]}"# }
    let shard = try FileManager.default.contentsOfDirectory(atPath: pcon.file("devices"))[0]
    try expectDoctor(
      pcon, reports: "devices/\(shard)", "names product 10001, which does not exist")
    try expectDoctor(pcon, reports: "team.json", "product 10001, which does not exist")
    try expectDoctor(pcon, reports: "customers.json", "product 10001, which does not exist")
    try expectDoctor(pcon, reports: "product-devices/10001.json", "does not exist")
  }

  @Test func aTeamMemberWithoutAnAccountIsReported() throws {
    let pcon = try fullState()
    try edit(pcon, "accounts.json") {
      $0.replacingOccurrences(of: "bob@example.com", with: "gone@example.com")
    }
    try expectDoctor(pcon, reports: "team.json", "bob@example.com, who has no account")
  }

  @Test func aCustomerTokenWithoutItsCustomerIsReported() throws {
    let pcon = try fullState()
    // The customer goes; the token stays behind.
    try edit(pcon, "customers.json") {
      $0.replacingOccurrences(
        of: #""email":"cy@example.com","password""#, with: #""email":"zz@example.com","password""#)
    }
    try expectDoctor(pcon, reports: "customers.json", "who is not a customer")
  }

  @Test(arguments: ["notes.txt", "events/stray.json"])
  func aFilePconDoesNotWriteIsReported(file: String) throws {
    let pcon = try fullState()
    try pcon.ok("publish reading 1")
    _ = FileManager.default.createFile(
      atPath: pcon.file(file), contents: Data("x".utf8), attributes: [.posixPermissions: 0o600])
    try expectDoctor(pcon, reports: file, "unexpected file")
  }

  /// A directory commands refuse is reported as they report it, not buried under the index
  /// disagreements its unreadable files would otherwise cause.
  @Test(arguments: ["devices", "names"])
  func aRefusedDirectoryIsReportedAloneNotThroughItsConsequences(directory: String) throws {
    let pcon = try Pcon()
    try pcon.run("demo")
    _ = try pcon.shell("chmod g+w \"$STATE/\(directory)\"", env: ["STATE": pcon.stateDir])
    let doctor = try pcon.run("doctor --json")
    #expect(doctor.status == 5)
    let report = try Pcon.json(doctor.stdout) as? [String: Any]
    let files = (report?["problems"] as? [[String: Any]] ?? []).compactMap { $0["file"] as? String }
    #expect(files == [directory, "."], "\(doctor.stdout)")
  }
}
