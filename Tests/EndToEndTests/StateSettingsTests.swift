import Foundation
import Testing

/// The settings that choose and pace the state directory are taken as given or refused: an empty
/// or undecodable location never falls back to another fleet, a lock timeout is plain decimal,
/// and a directory the user cannot write can still be read.
@Suite struct StateSettingsTests {
  @Test func anEmptyStateDirectoryIsAUsageErrorNotTheDefaultFleet() throws {
    let pcon = try Pcon()
    let home = pcon.base + "/home"
    for (arguments, variable) in [
      (#""$PCON" --state-dir '' account create ada@example.com"#, "--state-dir"),
      (#""$PCON" --state-dir= account create ada@example.com"#, "--state-dir"),
      (#"PCON_STATE_DIR= "$PCON" account create ada@example.com"#, "PCON_STATE_DIR"),
    ] {
      let result = try pcon.shell(arguments, env: ["HOME": home])
      #expect(result.status == 2, "\(arguments): \(result.stderr)")
      #expect(result.stderr.contains(variable), "\(result.stderr)")
    }
    // Nothing was created where the default fleet would be.
    #expect(!FileManager.default.fileExists(atPath: home))
    #expect(!FileManager.default.fileExists(atPath: pcon.stateDir))
  }

  @Test(arguments: [
    "0x10", "0x1p3", "1e3", "-1", "nan", "inf", "infinity", " 5", "5 ", "1.", ".5", "+5", "1,5",
    "86401", "١٠",
  ])
  func aLockTimeoutThatIsNotPlainDecimalSecondsIsRefused(value: String) throws {
    let pcon = try Pcon()
    let result = try pcon.run(
      ["account", "create", "ada@example.com"], env: ["PCON_LOCK_TIMEOUT": value])
    #expect(result.status == 2, "\(value): \(result.stderr)")
    #expect(result.stderr.contains("PCON_LOCK_TIMEOUT"), "\(result.stderr)")
    #expect(!FileManager.default.fileExists(atPath: pcon.stateDir))
  }

  @Test(arguments: ["0", "0.5", "10", "86400"])
  func aPlainDecimalLockTimeoutIsTaken(value: String) throws {
    let pcon = try Pcon()
    let result = try pcon.run(
      ["account", "create", "ada@example.com"], env: ["PCON_LOCK_TIMEOUT": value])
    #expect(result.status == 0, "\(value): \(result.stderr)")
  }

  @Test func pathsThatAreNotUTF8AreRefusedNotReplaced() throws {
    let pcon = try Pcon()
    let odd = pcon.base + #"/$(printf 'st\377te')"#
    for (script, named) in [
      (#""$PCON" --state-dir "\#(odd)" account create ada@example.com"#, "argument 2"),
      (#"PCON_STATE_DIR="\#(odd)" "$PCON" account create ada@example.com"#, "PCON_STATE_DIR"),
      (
        #"unset PCON_STATE_DIR; XDG_DATA_HOME="\#(odd)" "$PCON" account create ada@example.com"#,
        "XDG_DATA_HOME"
      ),
      (
        #"unset PCON_STATE_DIR; mkdir "\#(odd)" && cd "\#(odd)" && "$PCON" --state-dir s account create ada@example.com"#,
        "working directory"
      ),
    ] {
      let result = try pcon.shell(script)
      #expect(result.status == 2, "\(script): \(result.stderr)")
      #expect(result.stderr.contains(named) && result.stderr.contains("UTF-8"), "\(result.stderr)")
    }
    // No state was made under a name with the bytes replaced (U+FFFD), nor anywhere else.
    let made = try pcon.shell("cd '\(pcon.base)' && find . -name pcon.json")
    #expect(made.status == 0 && made.stdout.isEmpty, "\(made.stdout)")
  }

  @Test func aTokenThatIsNotUTF8IsRefusedNotIgnored() throws {
    let pcon = try Pcon()
    try pcon.account()
    // Dropped as unset, it would let the logged-in account act in the token's place.
    let result = try pcon.shell(#"PCON_TOKEN="$(printf 'tok\377')" "$PCON" whoami"#)
    #expect(result.status == 4, "\(result.stderr)")
    #expect(result.stdout.isEmpty)
  }

  @Test func aReadOnlyStateDirectoryCanBeListed() throws {
    let pcon = try Pcon()
    try pcon.account()
    try pcon.ok("device claim \(deviceID(1)) --platform argon --name lamp")
    // As a copy or an older pcon might leave it: no lock files yet, and nothing may be created.
    for name in ["lock", "intent"] { try FileManager.default.removeItem(atPath: pcon.file(name)) }
    let result: RunResult
    defer { chmod(pcon.stateDir, 0o700) }
    if geteuid() == 0 {
      // Permissions do not bind root: list as another user, who owns the directory.
      for path in [""] + (try FileManager.default.subpathsOfDirectory(atPath: pcon.stateDir)) {
        #expect(chown(pcon.file(path), 65534, 65534) == 0)
      }
      #expect(chmod(pcon.stateDir, 0o500) == 0)
      result = try pcon.shell(
        #"exec setpriv --reuid=65534 --regid=65534 --clear-groups "$PCON" device list --as ada@example.com"#
      )
    } else {
      #expect(chmod(pcon.stateDir, 0o500) == 0)
      result = try pcon.run("device list --as ada@example.com")
    }
    #expect(result.status == 0, "\(result.stderr)")
    #expect(result.stdout.contains("lamp"))
    #expect(
      try FileManager.default.contentsOfDirectory(atPath: pcon.stateDir).filter {
        $0 == "lock" || $0 == "intent"
      }.isEmpty)
  }

  /// A change that fails after its journal is written is not undone: the error says it will
  /// land, a reader that cannot finish it says why, and the next writer does finish it.
  @Test func aChangeThatFailsPastItsJournalSaysItWillStillLand() throws {
    let pcon = try Pcon()
    try pcon.account()
    try pcon.ok("device claim \(deviceID(1)) --platform argon --name lamp")
    defer {
      chmod(pcon.stateDir, 0o700)
      chmod(pcon.file("devices"), 0o700)
    }
    let asOwner: (String) throws -> RunResult
    if geteuid() == 0 {
      // Permissions do not bind root: act as another user, who owns the directory.
      for path in [""] + (try FileManager.default.subpathsOfDirectory(atPath: pcon.stateDir)) {
        #expect(chown(pcon.file(path), 65534, 65534) == 0)
      }
      asOwner = {
        try pcon.shell("exec setpriv --reuid=65534 --regid=65534 --clear-groups $PCON \($0)")
      }
    } else {
      asOwner = { try pcon.shell("exec $PCON \($0)") }
    }
    #expect(chmod(pcon.file("devices"), 0o500) == 0)
    let rename = try asOwner("device rename lamp torch --as ada@example.com")
    #expect(rename.status == 5)
    #expect(rename.stderr.contains("recorded in the journal"), "\(rename.stderr)")
    #expect(chmod(pcon.stateDir, 0o500) == 0)
    let list = try asOwner("device list --as ada@example.com")
    #expect(list.status == 5)
    #expect(list.stderr.contains("interrupted change"), "\(list.stderr)")
    #expect(chmod(pcon.stateDir, 0o700) == 0 && chmod(pcon.file("devices"), 0o700) == 0)
    let after = try asOwner("device list --as ada@example.com")
    #expect(after.stdout.contains("torch"), "\(after.stderr)")
  }
}
