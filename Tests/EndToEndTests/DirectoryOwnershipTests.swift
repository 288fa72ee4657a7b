import Foundation
import Testing

/// pcon keeps state only in a directory that is the effective user's alone, and refuses one that
/// another user owns or can write, before it reads or creates anything there.
@Suite struct DirectoryOwnershipTests {
  /// A user ID that is not this process's.
  static let stranger: uid_t = geteuid() == 65534 ? 65533 : 65534

  /// The directory's entries, sorted, to show that a refused command left it as it was.
  static func listing(_ path: String) throws -> [String] {
    try FileManager.default.contentsOfDirectory(atPath: path).sorted()
  }

  @Test(arguments: [0o777, 0o770, 0o702, 0o1777])
  func aRootOthersCanWriteIsRefusedBeforeAnythingIsRead(mode: Int) throws {
    let pcon = try Pcon()
    try pcon.account()
    // Planted by whoever else can write there: a journal a replay would apply.
    try Data("pcon-journal 1 2 0\n{}".utf8).write(to: URL(fileURLWithPath: pcon.file("journal")))
    #expect(chmod(pcon.stateDir, mode_t(mode)) == 0)
    let before = try Self.listing(pcon.stateDir)
    for line in ["whoami", "account create bob@example.com", "doctor"] {
      let result = try pcon.run(line)
      #expect(result.status == 5, "\(line): \(result.stderr)")
      // Doctor lists the refusal as its problem; commands print it as their error.
      #expect(
        (result.stdout + result.stderr).contains(
          "state directory \(pcon.stateDir): it is writable by group or others"), "\(line)")
    }
    #expect(try Self.listing(pcon.stateDir) == before)
  }

  @Test func anExistingEmptyDirectoryOthersCanWriteIsNotAdopted() throws {
    let pcon = try Pcon()
    // Pre-created in a shared place by someone waiting for the victim's first command.
    try FileManager.default.createDirectory(
      atPath: pcon.stateDir, withIntermediateDirectories: false)
    #expect(chmod(pcon.stateDir, 0o777) == 0)
    let result = try pcon.run("account create ada@example.com")
    #expect(result.status == 5)
    #expect(result.stderr.contains("writable by group or others (mode 0777)"), "\(result.stderr)")
    #expect(try Self.listing(pcon.stateDir).isEmpty)
  }

  @Test func anExistingPrivateEmptyDirectoryIsAdopted() throws {
    let pcon = try Pcon()
    try FileManager.default.createDirectory(
      atPath: pcon.stateDir, withIntermediateDirectories: false,
      attributes: [.posixPermissions: 0o755])
    try pcon.account()
    #expect(try pcon.ok("whoami") == "ada@example.com\n")
  }

  @Test func aRootAnotherUserOwnsIsRefused() throws {
    let pcon = try Pcon()
    try pcon.account()
    let owner: String
    if geteuid() == 0 {
      #expect(chown(pcon.stateDir, Self.stranger, getegid()) == 0)
      owner = "user \(Self.stranger)"
    } else {
      // Without the right to give a directory away, use one root owns that is not writable.
      pcon.environment["PCON_STATE_DIR"] = "/"
      owner = "user 0"
    }
    for line in ["whoami", "account create bob@example.com"] {
      let result = try pcon.run(line)
      #expect(result.status == 5, "\(line): \(result.stderr)")
      #expect(result.stderr.contains("is owned by \(owner), not by you"), "\(result.stderr)")
    }
  }

  @Test func aSubdirectoryThatIsALinkIsRefusedNamingIt() throws {
    let pcon = try Pcon()
    try pcon.account()
    try pcon.ok("device claim \(deviceID(1)) --platform argon --name lamp")
    let elsewhere = pcon.base + "/elsewhere"
    try FileManager.default.moveItem(atPath: pcon.file("devices"), toPath: elsewhere)
    try FileManager.default.createSymbolicLink(
      atPath: pcon.file("devices"), withDestinationPath: elsewhere)
    let before = try Self.listing(elsewhere)
    for line in ["device show lamp", "device rename lamp lamp-2"] {
      let result = try pcon.run(line)
      #expect(result.status == 5, "\(line): \(result.stderr)")
      #expect(result.stderr.contains("devices: it is a symbolic link"), "\(line): \(result.stderr)")
    }
    #expect(try Self.listing(elsewhere) == before)
  }

  @Test func aSubdirectoryOthersCanWriteOrAnotherUserOwnsIsRefusedNamingIt() throws {
    let pcon = try Pcon()
    try pcon.account()
    try pcon.ok("device claim \(deviceID(1)) --platform argon --name lamp")
    #expect(chmod(pcon.file("devices"), 0o777) == 0)
    var result = try pcon.run("device show lamp")
    #expect(result.status == 5)
    #expect(
      result.stderr.contains("its directory devices/ is writable by group or others"),
      "\(result.stderr)")
    #expect(chmod(pcon.file("devices"), 0o700) == 0)
    try pcon.ok("device show lamp")
    guard geteuid() == 0 else { return }
    #expect(chown(pcon.file("owners"), Self.stranger, getegid()) == 0)
    result = try pcon.run("device claim \(deviceID(2)) --platform argon")
    #expect(result.status == 5)
    #expect(
      result.stderr.contains("its directory owners/ is owned by user \(Self.stranger)"),
      "\(result.stderr)")
  }
}
