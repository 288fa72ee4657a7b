import Foundation
import Testing

/// `pcon simulate` run as a user would: it agrees with `billing estimate`, leaves its events in
/// the log and its usage in `billing usage`, and refuses bad flags before anything runs.
@Suite struct SimulateTests {
  /// Three sandbox Borons (`b1` to `b3`) on the free plan, with the clock at 1 November 2026.
  static func fleet() throws -> Pcon {
    let pcon = try Pcon()
    pcon.environment["PCON_NOW"] = "2026-11-01T00:00:00Z"
    try pcon.account()
    for n in 1...3 {
      try pcon.ok("device claim \(deviceID(n)) --platform boron --name b\(n)")
    }
    return pcon
  }

  @Test func aThirtyDaySimulationUsesWhatTheEstimateSays() throws {
    let pcon = try Self.fleet()
    let simulated = try #require(
      try Pcon.json(
        try pcon.ok(
          "simulate --device b1 --device b2 --device b3 --every 10m --for 30d --bytes 200 --json"
        )) as? [String: Any])
    let estimated = try #require(
      try Pcon.json(
        try pcon.ok("billing estimate --devices 3 --every 10m --bytes 200 --class cellular --json")
      ) as? [String: Any])
    let totals = try #require(simulated["totals"] as? [String: Any])
    #expect(totals["events"] as? Int == estimated["publishes"] as? Int)
    #expect(totals["data_operations"] as? Int == estimated["data_operations"] as? Int)
    #expect(totals["cellular_mb"] as? Double == estimated["cellular_mb"] as? Double)
    #expect((simulated["days"] as? [Any])?.count == 30)
    let bill = try #require((simulated["bills"] as? [[String: Any]])?.first)
    #expect(bill["plan"] as? String == estimated["plan"] as? String)
    #expect(bill["amount_cents"] as? Int == 0 && bill["status"] as? String == "active")
    // What was simulated is what billing counted for November.
    let usage = try #require(
      try Pcon.json(try pcon.ok("billing usage --month 2026-11 --json")) as? [String: Any])
    let operations = try #require(usage["data_operations"] as? [String: Any])
    #expect(operations["used"] as? Int == estimated["data_operations"] as? Int)
  }

  @Test func theTableShowsEachDayAndTheBillAndTheEventsAreInTheLog() throws {
    let pcon = try Self.fleet()
    let out = try pcon.ok("simulate --device b1 --every 6h --for 2d --event reading --bytes 5")
    let lines = out.split(separator: "\n").map(String.init)
    #expect(
      lines.first?.split(separator: " ", omittingEmptySubsequences: true).joined(separator: " ")
        == "DAY EVENTS DATA OPERATIONS % OF PLAN NOTICES")
    #expect(lines.dropFirst().prefix(2).map { $0.prefix(10) } == ["2026-11-01", "2026-11-02"])
    #expect(out.contains("bill for ada@example.com: free plan, $0.00; active"), "\(out)")
    let logged = try pcon.ok("logs --device b1 --json").split(separator: "\n")
    let names = logged.compactMap { try? Pcon.json(String($0)) as? [String: Any] }.map {
      "\($0["name"] ?? "")@\($0["published_at"] ?? "")"
    }
    #expect(names.filter { $0.hasPrefix("reading@") }.count == 8)
    #expect(names.contains("reading@2026-11-02T18:00:00.000Z"))
    #expect(names.contains { $0.hasPrefix("spark/status@2026-11-01T00:00:00.000Z") })
  }

  @Test(arguments: [
    "simulate --every 1m --for 1d",
    "simulate --device b1 --every 0 --for 1d",
    "simulate --device b1 --every 1m --for 401d",
    "simulate --device b1 --every 1m",
    "simulate --device b1 --product 10001 --every 1m --for 1d",
    "simulate --device b1 --every 1m --for 1d --bytes 1025",
    "simulate --device b1 --every 1m --for 1d --event spark/x",
    "simulate --device b1 --every 1m --for 1d --start yesterday",
  ])
  func badFlagsAreUsageErrorsAndNothingRuns(line: String) throws {
    let pcon = try Self.fleet()
    let result = try pcon.run(line)
    #expect(result.status == 2, "\(line): \(result.stderr)")
    #expect(result.stdout.isEmpty && result.stderr.hasPrefix("error: "))
    #expect(try pcon.ok("logs --json").isEmpty)
  }

  @Test func tooManyEventsAreRefusedNamingTheLimit() throws {
    let pcon = try Self.fleet()
    let result = try pcon.run(
      "simulate --device b1 --device b2 --device b3 --every 1s --for 400d")
    #expect(result.status == 2)
    #expect(result.stderr.contains("100,000,000"), "\(result.stderr)")
  }
}
