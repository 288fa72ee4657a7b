import Foundation
import PconCore
import Testing

/// A change killed at each step of its commit lands whole or not at all (DESIGN.md §2.1), by
/// construction: debug builds die with SIGKILL at the step `PCON_CRASH_AT` names.
@Suite struct CrashPointTests {
  /// The steps a change through the journal passes; a one-file change passes the others.
  static let journalled: Set<CrashPoint> = [
    .journalWritten, .firstFileApplied, .beforeJournalRemoved,
  ]

  @Test(arguments: CrashPoint.allCases)
  func aRenameKilledAtEachStepLandsWholeOrNotAtAll(point: CrashPoint) throws {
    let pcon = try Pcon()
    try pcon.account()
    try pcon.ok("device claim \(deviceID(1)) --platform argon --name old-name")
    // A rename changes the device's shard and two name-index shards together.
    let result = try pcon.run(
      ["device", "rename", "old-name", "new-name"], env: ["PCON_CRASH_AT": point.rawValue])
    let killed = Self.journalled.contains(point)
    #expect(result.status == (killed ? 9 : 0), "\(result.stderr)")
    // Once the journal is durable, the change is finished by the next command, whole.
    let device = try #require(
      try Pcon.json(try pcon.ok("device show \(deviceID(1)) --json")) as? [String: Any])
    #expect(device["name"] as? String == "new-name")
    #expect(try pcon.run("device show new-name").status == 0)
    #expect(try pcon.run("device show old-name").status == 3)
    let doctor = try pcon.run("doctor")
    #expect(doctor.status == 0, "\(doctor.stdout)")
  }

  @Test(arguments: CrashPoint.allCases)
  func aOneFileChangeKilledAtEachStepIsOldOrNew(point: CrashPoint) throws {
    let pcon = try Pcon()
    try pcon.account()
    try pcon.ok("device claim \(deviceID(1)) --platform argon --name lamp")
    // Notes live in the device's shard alone: one file, replaced by rename.
    let result = try pcon.run(
      ["device", "notes", "lamp", "new notes"], env: ["PCON_CRASH_AT": point.rawValue])
    let killed = point == .beforeRename || point == .afterRename
    #expect(result.status == (killed ? 9 : 0), "\(result.stderr)")
    let device = try #require(
      try Pcon.json(try pcon.ok("device show lamp --json")) as? [String: Any])
    let notes = device["notes"] as? String
    #expect(point == .beforeRename ? notes == nil : notes == "new notes", "\(device)")
    let doctor = try pcon.run("doctor")
    #expect(doctor.status == 0, "\(doctor.stdout)")
  }

  @Test func anEventAndItsSequenceLandTogetherAfterAKill() throws {
    let pcon = try Pcon()
    try pcon.account()
    try pcon.ok("device claim \(deviceID(1)) --platform argon --name lamp")
    try pcon.ok("publish first 1 --device lamp")
    for point in [CrashPoint.journalWritten, .firstFileApplied] {
      let result = try pcon.run(
        ["publish", "killed", "x", "--device", "lamp"], env: ["PCON_CRASH_AT": point.rawValue])
      #expect(result.status == 9)
    }
    try pcon.ok("publish last 3 --device lamp")
    let events = try pcon.ok("logs --json").split(separator: "\n").compactMap {
      try? Pcon.json(String($0)) as? [String: Any]
    }
    // Both killed publishes were journalled, so both landed, with IDs in sequence (after the
    // online event of the device's first publish).
    #expect(
      events.compactMap { $0["name"] as? String } == [
        "spark/status", "first", "killed", "killed", "last",
      ])
    let ids = events.compactMap { $0["id"] as? Int }
    #expect(ids == Array(1...5))
    #expect(try pcon.run("doctor").status == 0)
  }
}
