import Foundation
import Testing

/// A month of traffic, rehearsed with `pcon simulate`, walks the billing rules on their dates: a
/// free account through 70, 90 and 100 %, its grace, the pause and the next month's resume; a
/// growth organization through an automatic block and the invoice that bills it.
@Suite struct BillingWalkTests {
  /// Runs `line` at `time` and expects exit 0; its stdout.
  @discardableResult
  func ok(
    _ time: String, _ pcon: Pcon, _ line: String, stdin: String? = nil,
    sourceLocation: SourceLocation = #_sourceLocation
  ) throws -> String {
    let result = try pcon.run(line, stdin: stdin, env: ["PCON_NOW": time])
    #expect(
      result.status == 0, "pcon \(line) failed: \(result.stderr)", sourceLocation: sourceLocation)
    return result.stdout
  }

  /// Parses `text` as a JSON object.
  func object(_ text: String, sourceLocation: SourceLocation = #_sourceLocation) throws
    -> [String: Any]
  {
    try #require(try Pcon.json(text) as? [String: Any], sourceLocation: sourceLocation)
  }

  @Test func aFreeAccountWalksThroughItsLimitGraceAndPauseToTheNextMonth() throws {
    let pcon = try Pcon()
    let start = "2026-11-01T00:00:00Z"
    try ok(start, pcon, "account create ada@example.com")
    let devices = (1...3).map { deviceID($0) }
    for id in devices { try ok(start, pcon, "device claim \(id) --platform argon") }
    // Three devices a minute: 4,320 data operations a day, 100,000 on November 24th.
    let run = try object(
      try ok(
        start, pcon,
        "simulate \(devices.map { "--device \($0)" }.joined(separator: " ")) --every 1m --for 31d --start 2026-11-01 --json"
      ))
    let days = try #require(run["days"] as? [[String: Any]])
    #expect(days.count == 31)

    let after = "2026-12-02T00:00:00Z"
    let notices = try #require(
      try Pcon.json(try ok(after, pcon, "billing notices --json")) as? [[String: Any]])
    func day(of words: String) -> String? {
      let notice = notices.first { ($0["message"] as? String)?.contains(words) == true }
      return (notice?["at"] as? String).map { String($0.prefix(10)) }
    }
    #expect(day(of: "70% of 100,000 data operations") == "2026-11-17")
    #expect(day(of: "90% of 100,000 data operations") == "2026-11-21")
    #expect(day(of: "100% of 100,000 data operations") == "2026-11-24")
    #expect(day(of: "data stops at 2026-11-27") == "2026-11-24")
    // Each threshold once.
    #expect(notices.filter { ($0["message"] as? String)?.contains("70%") == true }.count == 1)

    // November ended paused: counted up to the end of grace, nothing after it.
    let november = try object(try ok(after, pcon, "billing usage --month 2026-11 --json"))
    #expect(november["status"] as? String == "paused")
    #expect(november["resumes_at"] as? String == "2026-12-01T00:00:00.000Z")
    let used = (november["data_operations"] as? [String: Any])?["used"] as? Int ?? 0
    let graceDays = 3 * 3 * 1440
    #expect(used >= 100_000 + graceDays - 3 && used <= 100_000 + graceDays + 3, "\(used)")
    let paused = days.filter { ($0["date"] as? String ?? "") >= "2026-11-28" }
    #expect(
      paused.filter { $0["date"] as? String != "2026-12-01" }.allSatisfy {
        $0["data_operations"] as? Int == 0 && ($0["refused"] as? Int ?? 0) == 3 * 1440
      })
    let logged = try ok(
      after, pcon, "logs --all --since 2026-11-27T04:00:00Z --until 2026-11-30T23:59:59Z --json")
    #expect(logged.isEmpty, "\(logged.prefix(300))")

    // December resumes on the free plan by itself.
    let december = try object(try ok(after, pcon, "billing usage --month 2026-12 --json"))
    #expect(december["status"] as? String == "active")
    #expect((december["data_operations"] as? [String: Any])?["used"] as? Int == 3 * 1440)
    #expect(days.last?["refused"] as? Int == 0)
  }

  @Test func aGrowthOrganizationGetsABlockAtItsLimitBilledOnTheNextInvoice() throws {
    let pcon = try Pcon()
    let start = "2026-11-01T00:00:00Z"
    try ok(start, pcon, "account create ada@example.com")
    try ok(start, pcon, "org create Acme")
    try ok(start, pcon, "product create Pumps --platform boron --id 10001 --org acme")
    try ok(
      start, pcon, "device import --product 10001 -",
      stdin: (1...20).map { deviceID($0) }.joined(separator: "\n") + "\n")
    try ok(start, pcon, "billing card set --number-last4 4242 --expires 12/28 --org acme")
    // Twenty devices a minute: 28,800 data operations a day, 720,000 on November 25th.
    let run = try object(
      try ok(
        start, pcon,
        "simulate --product 10001 --every 1m --for 30d --start 2026-11-01 --json"))
    let totals = try #require(run["totals"] as? [String: Any])
    #expect(totals["data_operations"] as? Int == 864_000)

    let after = "2026-12-01T09:00:00Z"
    let notices = try #require(
      try Pcon.json(try ok(after, pcon, "billing notices --org acme --json"))
        as? [[String: Any]])
    let block = notices.first { $0["kind"] as? String == "block" }
    #expect((block?["at"] as? String)?.hasPrefix("2026-11-25") == true, "\(notices)")
    #expect(notices.filter { $0["kind"] as? String == "block" }.count == 1)
    let plan = try object(try ok(after, pcon, "billing plan --org acme --json"))
    #expect(plan["blocks_by_class"] as? [String: Int] == ["wifi": 1, "cellular": 2, "tracker": 1])

    // No charge in November; December's invoice bills the two Cellular blocks.
    let invoices = try #require(
      try Pcon.json(try ok(after, pcon, "billing invoices --org acme --json"))
        as? [[String: Any]])
    #expect(invoices.count == 1)
    #expect(invoices.first?["period"] as? String == "2026-12")
    #expect(invoices.first?["blocks"] as? Int == 2)
    #expect(invoices.first?["amount_cents"] as? Int == 2 * 29_900)
    #expect(invoices.first?["status"] as? String == "paid")

    // The estimate of the same fleet names the same month and blocks.
    let estimate = try object(
      try pcon.ok("billing estimate --devices 20 --every 1m --class cellular --json"))
    #expect(estimate["data_operations"] as? Int == 864_000)
    #expect(estimate["cellular_mb"] as? Double == totals["cellular_mb"] as? Double)
    #expect(estimate["blocks"] as? Int == 2)
  }
}
