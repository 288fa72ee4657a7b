import Testing

/// Usage errors name what is missing or in conflict, with the usage line, before anything runs.
@Suite struct UsageReportTests {
  @Test func missingValuesAreReportedAsMissingWithTheUsageLine() throws {
    let pcon = try Pcon()
    try pcon.account()
    for line in ["product create", "product create --platform boron"] {
      let result = try pcon.run(line)
      #expect(result.status == 2)
      #expect(result.stderr.hasPrefix("error: missing NAME\n"), "\(line): \(result.stderr)")
      #expect(
        result.stderr.contains("hint: usage: pcon product create --platform PLATFORM NAME"),
        "\(result.stderr)")
    }
    let platform = try pcon.run("product create Lamps")
    #expect(platform.stderr.hasPrefix("error: missing --platform PLATFORM\n"), "\(platform.stderr)")
    let value = try pcon.run("device claim 0123456789abcdef01234567 --platform")
    #expect(value.stderr.hasPrefix("error: --platform needs a value (PLATFORM)"), "\(value.stderr)")
    #expect(try pcon.ok("help device claim").contains("--platform PLATFORM"))
  }

  @Test(arguments: [
    ("logs --json --format table", "--json and --format cannot be used together"),
    ("logs --format table --json", "--json and --format cannot be used together"),
    ("logs show 1 --raw --json", "--raw and --json cannot be used together"),
    ("logs --follow --until 1h", "--follow and --until cannot be used together"),
    ("logs --since 1h --until 2h", "is after --until"),
    ("logs --since 2026-11-27 --until 2026-11-26", "is after --until"),
  ])
  func conflictingOptionsAreUsageErrors(line: String, message: String) throws {
    let pcon = try Pcon()
    try pcon.run("demo")
    let result = try pcon.run(line)
    #expect(result.status == 2)
    #expect(result.stdout.isEmpty)
    #expect(result.stderr.contains(message), "\(result.stderr)")
  }

  @Test func spansCompoundAndCountYears() throws {
    let pcon = try Pcon()
    pcon.environment["PCON_NOW"] = "2026-11-26T10:00:00Z"
    try pcon.account()
    try pcon.ok("device claim 0123456789abcdef01234567 --platform argon --name lamp")
    try pcon.run(
      ["publish", "early", "--device", "lamp"], env: ["PCON_NOW": "2026-11-26T08:00:00Z"])
    try pcon.run(
      ["publish", "late", "--device", "lamp"], env: ["PCON_NOW": "2026-11-26T09:00:00Z"])
    try pcon.run(["publish", "old", "--device", "lamp"], env: ["PCON_NOW": "2025-12-01T09:00:00Z"])
    let window = try pcon.ok("logs --since 1h30m --json")
    #expect(window.contains("\"late\"") && !window.contains("\"early\""), "\(window)")
    let year = try pcon.ok("logs --since 1y --json")
    #expect(year.contains("\"old\"") && year.contains("\"early\""))
    let bounded = try pcon.ok("logs --since 2h30m --until 1h30m --json")
    #expect(bounded.contains("\"early\"") && !bounded.contains("\"late\""))
    for bad in ["1h1h", "h", "30", "1x", "1h-5m"] {
      let result = try pcon.run(["logs", "--since", bad])
      #expect(result.status == 2, "\(bad)")
    }
  }
}
