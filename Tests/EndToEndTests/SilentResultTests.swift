import Foundation
import Testing

/// No silent empty results and no unasked deletions in the event log: a cleared log says what
/// it hides, a person without devices is pointed at their products, and pruning shows and asks.
@Suite struct SilentResultTests {
  func owner() throws -> Pcon {
    let pcon = try Pcon()
    try pcon.account()
    try pcon.ok("device claim \(deviceID(1)) --platform argon --name pump")
    for month in ["09", "10", "11"] {
      try pcon.run(
        ["publish", "m\(month)", "--device", "pump"],
        env: ["PCON_NOW": "2026-\(month)-10T00:00:00Z"])
    }
    return pcon
  }

  @Test func aClearedLogSaysHowManyEventsItHidesAndHowToSeeThem() throws {
    let pcon = try owner()
    try pcon.ok("logs clear")
    let empty = try pcon.run("logs")
    #expect(empty.status == 0)
    #expect(empty.stdout == "TIME  EVENT  DEVICE  DATA\n")
    // Three publishes and the device's online event.
    #expect(empty.stderr == "4 events hidden by 'logs clear'; 'pcon logs --all' shows them\n")
    // The count is of what the query would have shown.
    #expect(try pcon.run("logs event:m10").stderr.hasPrefix("1 event hidden"))
    try pcon.ok("publish fresh --device pump")
    let fresh = try pcon.run("logs --json")
    #expect(fresh.stdout.contains("\"fresh\"") && fresh.stderr.hasPrefix("4 events hidden"))
    // A full page hides nothing from its reader: nothing to say.
    #expect(try pcon.run("logs --limit 1").stderr == "")
    #expect(try pcon.run("logs --all").stderr == "")
  }

  @Test func aPersonWithoutDevicesButWithProductsIsPointedAtThem() throws {
    let pcon = try Pcon()
    try pcon.account()
    try pcon.ok("product create Widgets --platform argon")
    try pcon.ok("account create dev@example.com")
    try pcon.ok("team invite dev@example.com --product widgets --role developer")
    try pcon.ok("invite accept widgets --as dev@example.com")
    let list = try pcon.run("device list --as dev@example.com")
    #expect(list.status == 0)
    #expect(
      list.stderr.contains("hint:") && list.stderr.contains("'pcon device list --product widgets'"))
    let logs = try pcon.run("logs --as dev@example.com --json")
    #expect(logs.stdout == "" && logs.stderr.contains("'pcon logs --product widgets'"))
    // Nobody else gets it: not the owner of a device, not a person on no product.
    try pcon.ok("account create solo@example.com")
    #expect(try pcon.run("device list --as solo@example.com").stderr == "")
    try pcon.ok("device claim \(deviceID(2)) --platform argon --as dev@example.com")
    #expect(try pcon.run("device list --as dev@example.com").stderr == "")
    #expect(try pcon.run("logs --as dev@example.com").stderr == "")
  }

  @Test func pruneShowsMonthsAndCountsAndAsksFirst() throws {
    let pcon = try owner()
    let partitions = { try FileManager.default.subpathsOfDirectory(atPath: pcon.file("events")) }
    let before = try partitions()
    let dry = try pcon.run("logs prune --before 2026-11-01 --dry-run")
    #expect(dry.status == 0)
    #expect(dry.stdout == "MONTH    EVENTS\n2026-09  2\n2026-10  1\n")
    #expect(dry.stderr == "would delete 3 events; nothing changed (--dry-run)\n")
    #expect(try partitions() == before)
    // Without a terminal to ask on, nothing is deleted without --yes.
    let unasked = try pcon.run("logs prune --before 2026-11-01")
    #expect(unasked.status != 0)
    #expect(unasked.stderr.contains("3 events in 2 months") && unasked.stderr.contains("--yes"))
    #expect(try partitions() == before)
    let json = try pcon.run("logs prune --before 2026-11-01 --yes --json")
    let report = try #require(try Pcon.json(json.stdout) as? [String: Any])
    #expect(report["events"] as? Int == 3 && report["dry_run"] as? Bool == false)
    let months = try #require(report["months"] as? [[String: Any]])
    #expect(months.compactMap { $0["month"] as? String } == ["2026-09", "2026-10"])
    #expect(try pcon.run("logs --json").stdout.split(separator: "\n").count == 1)
  }

  @Test(.enabled(if: Terminal.available)) func onATerminalASummaryFollowsItsTable() throws {
    let pcon = try owner()
    let dry = try Terminal.run(pcon, "logs prune --before 2026-11-01 --dry-run")
    let table = try #require(dry.range(of: "2026-10  1"))
    let summary = try #require(dry.range(of: "would delete 3 events"))
    #expect(table.upperBound <= summary.lowerBound, "\(dry)")
  }
}
