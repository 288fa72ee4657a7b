import Testing

/// "Did you mean" answers mistyped values and names as it answers mistyped commands, from one
/// measure, and names from the state only when the actor can see them.
@Suite struct SuggestionTests {
  func hints(_ result: RunResult) -> [String] {
    result.stderr.split(separator: "\n").filter { $0.hasPrefix("hint: did you mean") }.map(
      String.init)
  }

  @Test(arguments: [
    ("list", "pcon device list"), ("subscribe", "pcon logs --follow"),
    ("claim", "pcon device claim"), ("rename", "pcon device rename"),
    ("remove", "pcon device unclaim"),
  ])
  func particleVerbsPointToPconCommands(verb: String, command: String) throws {
    let pcon = try Pcon()
    let result = try pcon.run([verb, "x"])
    #expect(result.status == 2)
    #expect(hints(result) == ["hint: did you mean '\(command)'?"], "\(result.stderr)")
  }

  @Test func particleDeviceAddPointsToClaim() throws {
    let result = try Pcon().run("device add 0123456789abcdef01234567")
    #expect(hints(result) == ["hint: did you mean 'pcon device claim'?"])
  }

  @Test(arguments: [
    ("device list --platform borom", "--platform boron"),
    ("device list --sort nmae", "--sort name"),
    ("logs --format tabel", "--format table"),
    ("team invite bo@example.com --product 10001 --role admin", "--role administrator"),
    ("team api-user create bot --product 10001 --scope devices:lst", "--scope devices:list"),
  ])
  func mistypedValuesGetTheClosestValue(line: String, suggestion: String) throws {
    let pcon = try Pcon()
    try pcon.run("demo")
    let result = try pcon.run(line)
    #expect(result.status != 0)
    #expect(hints(result) == ["hint: did you mean '\(suggestion)'?"], "\(result.stderr)")
  }

  @Test func enumeratedValuesAreReadInAnyCase() throws {
    let pcon = try Pcon()
    try pcon.run("demo")
    #expect(try pcon.ok("device list --platform TRACKER --sort Last-Heard").contains("van-12"))
    #expect(try pcon.ok("completion BASH").contains("_pcon"))
    let logs = try pcon.run("logs --format NDJSON")
    #expect(logs.status == 2 && logs.stderr.contains("expected table, json, sse"))
    #expect(try pcon.ok("logs --format SSE --limit 1").hasPrefix(":ok"))
    try pcon.ok("account create bo@example.com")
    try pcon.ok("team invite bo@example.com --product 10001 --role Support")
    #expect(try pcon.ok("team list --product 10001").contains("bo@example.com"))
  }

  @Test func deviceNamesAndSlugsAreSuggestedOnlyFromWhatTheActorSees() throws {
    let pcon = try Pcon()
    try pcon.run("demo")
    let device = try pcon.run("device show pump-staton-3")
    #expect(device.status == 3)
    #expect(hints(device) == ["hint: did you mean 'pump-station-3'?"])
    let product = try pcon.run("device list --product pump-monitor")
    #expect(product.status == 3)
    #expect(hints(product) == ["hint: did you mean 'pump-monitors'?"])
    // A product device reaches a team member's hints; another account sees nothing to suggest.
    let member = try pcon.run("device show pump-1 --as viewer@example.com")
    #expect(hints(member) == ["hint: did you mean 'pump-01'?"], "\(member.stderr)")
    try pcon.ok("account create eve@example.com")
    for line in [
      "device show pump-staton-3 --as eve@example.com",
      "device show pump-1 --as eve@example.com",
      "device list --product pump-monitor --as eve@example.com",
    ] {
      let result = try pcon.run(line)
      #expect(result.status == 3)
      #expect(hints(result).isEmpty, "\(line): \(result.stderr)")
    }
  }
}
