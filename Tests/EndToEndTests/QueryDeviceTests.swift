import Testing

/// `device:NAME` in a log query resolves like `--device NAME`: a name no visible device has is
/// "not found" (exit 3), never an empty listing.
@Suite struct QueryDeviceTests {
  @Test func aDeviceTermNamingNoVisibleDeviceIsNotFound() throws {
    let pcon = try Pcon()
    try pcon.run("demo")
    for query in ["device:no-such-lamp", "-device:no-such-lamp", "temp device:no-such-lamp"] {
      let result = try pcon.run(["logs", query])
      #expect(result.status == 3, "\(query): \(result.stderr)")
      #expect(result.stderr.contains("no-such-lamp"), "\(result.stderr)")
      #expect(result.stdout.isEmpty)
    }
    // A device the actor sees, and the cloud's own publisher, still match.
    #expect(try pcon.run(["logs", "device:van-12"]).status == 0)
    #expect(try pcon.run(["logs", "device:api"]).status == 0)
    // Another account's device name is as unknown as a typo.
    try pcon.ok("account create eve@example.com")
    #expect(try pcon.run(["logs", "device:van-12", "--as", "eve@example.com"]).status == 3)
  }
}
