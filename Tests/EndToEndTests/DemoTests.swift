import Foundation
import Testing

@Suite struct DemoTests {
  @Test func demoBuildsAFleetAndToursIt() throws {
    let pcon = try Pcon()
    let first = try pcon.run("demo")
    #expect(first.status == 0)
    #expect(first.stdout.contains("$ pcon device list"))
    #expect(first.stdout.contains("pump-station-3"))
    let devices = try #require(try Pcon.json(try pcon.ok("device list --json")) as? [[String: Any]])
    #expect(devices.count == 12)
    #expect(Set(devices.compactMap { $0["platform"] as? String }).count >= 6)
    #expect(
      devices.contains { $0["online"] as? Bool == true }
        && devices.contains { $0["online"] as? Bool == false })
    #expect(devices.contains { $0["cellular"] as? Bool == true && $0["iccid"] as? String != nil })
    let sims = try #require(try Pcon.json(try pcon.ok("sim list --json")) as? [Any])
    #expect(sims.count == 1)
  }

  @Test func theDemoProductRollsOutFirmwareAndTheTourShowsIt() throws {
    let pcon = try Pcon()
    let tour = try pcon.run("demo").stdout
    for step in [
      "$ pcon firmware target pump-03", "$ pcon firmware release 4 --product pump-monitors",
      "--dry-run", "$ pcon firmware status 4 --product pump-monitors",
    ] {
      #expect(tour.contains(step), "\(step)")
    }
    let firmwareSteps = try #require(tour.range(of: "# The product's firmware"))
    #expect(!tour[firmwareSteps.lowerBound...].contains("error:"), "\(tour)")
    // Three versions, groups, a release to a group, a lock and a development device.
    let versions = try #require(
      try Pcon.json(try pcon.ok("firmware list --product pump-monitors --json")) as? [[String: Any]]
    )
    #expect(versions.compactMap { $0["version"] as? Int } == [3, 4, 5])
    #expect(try pcon.ok("group list --product pump-monitors").contains("field-test"))
    func target(_ device: String) throws -> [String: Any] {
      try #require(try Pcon.json(try pcon.ok("firmware target \(device) --json")) as? [String: Any])
    }
    #expect(try target("pump-03")["reason"] as? String == "group")
    #expect(try target("pump-06")["reason"] as? String == "locked")
    #expect(try target("pump-05")["reason"] as? String == "development")
    #expect(try target("pump-01")["reason"] as? String == "product-default")
    let status = try #require(
      try Pcon.json(try pcon.ok("firmware status 4 --product pump-monitors --json"))
        as? [String: Any])
    #expect(status["running"] as? Int == 2 && status["waiting"] as? Int == 1, "\(status)")
    #expect(try pcon.run("doctor").status == 0)
  }

  @Test func demoAgainPrintsTheTourAndChangesNothing() throws {
    let pcon = try Pcon()
    try pcon.run("demo")
    try pcon.ok("device rename van-14 van-15")
    let again = try pcon.run("demo")
    #expect(again.status == 0)
    #expect(again.stdout.contains("$ pcon device list"))
    #expect(try pcon.ok("device show van-15 --json").contains("van-15"))
  }

  @Test func demoRefusesAStateThatIsNotItsOwn() throws {
    let pcon = try Pcon()
    try pcon.account()
    let before = try FileManager.default.contentsOfDirectory(atPath: pcon.stateDir).sorted()
    let result = try pcon.run("demo")
    #expect(result.status == 1)
    #expect(result.stderr.contains("nothing was changed"))
    #expect(try FileManager.default.contentsOfDirectory(atPath: pcon.stateDir).sorted() == before)

    let other = try Pcon()
    try FileManager.default.createDirectory(
      atPath: other.stateDir, withIntermediateDirectories: true)
    try "x".write(toFile: other.file("mine.txt"), atomically: true, encoding: .utf8)
    #expect(try other.run("demo").status == 1)
    #expect(try FileManager.default.contentsOfDirectory(atPath: other.stateDir) == ["mine.txt"])
  }
}
