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
