import Foundation
import LocalHTTPServer
import Testing

/// What the delivery worker promises beyond one request: the per-host throttle and its retries
/// and drops (time moved by PCON_NOW), at least once and never lost across a SIGKILL, one worker
/// at a time, `test`, `history`, who may run them, and damaged delivery files.
@Suite struct DeliveryGuaranteeTests {
  /// A server that echoes each request's body, so a response event names what it answers.
  static func echo(delay: Double = 0) throws -> LocalHTTPServer {
    try LocalHTTPServer { request in ScriptedReply(body: request.bodyText, delay: delay) }
  }

  /// The outcomes `integration history ID --json` lists, oldest first.
  static func outcomes(_ world: HookWorld, _ id: String) throws -> [String] {
    let history = try #require(
      try Pcon.json(try world.pcon.ok("integration history \(id) --json")) as? [String: Any])
    let deliveries = try #require(history["deliveries"] as? [[String: Any]])
    return deliveries.map { $0["outcome"] as? String ?? "?" }
  }

  @Test func aFailingHostIsSkippedRetriedAt30sAnd1minThenDroppedWhileAnotherHostIsServed()
    throws
  {
    let world = try HookWorld()
    let failing = try LocalHTTPServer { _ in ScriptedReply(status: 500) }
    // Another host (the throttle is per host, not per port).
    let ipv6 = LocalHTTPServer.ipv6Available
    let healthy = try LocalHTTPServer(ipv6: ipv6)
    let healthyURL = ipv6 ? healthy.baseURL : "http://localhost:\(healthy.port)"
    let bad = try world.hook(
      #"{"event":"a","url":"\#(failing.baseURL)/a","noDefaults":true,"body":"{{{PARTICLE_EVENT_VALUE}}}"}"#
    )
    let good = try world.hook(#"{"event":"b","url":"\#(healthyURL)/b"}"#)
    func received(_ server: LocalHTTPServer) -> [String] { server.requests.map(\.bodyText) }

    try world.publish("a", "1")
    try world.publish("b", "1")
    try world.deliver()
    try world.publish("a", "2")
    try world.publish("b", "2")
    try world.deliver()
    #expect(received(failing) == ["1"])
    #expect(healthy.requests.count == 2)
    #expect(try Self.outcomes(world, bad) == ["failure", "skipped"])
    #expect(try Self.outcomes(world, good) == ["success", "success"])

    // The host errs again just before the first retry is due, so the retry finds it throttled.
    world.at("2026-11-26T10:00:28Z")
    try world.publish("a", "3")
    try world.deliver()
    world.at("2026-11-26T10:00:30Z")
    try world.deliver()
    #expect(received(failing) == ["1", "3"])
    #expect(try Self.outcomes(world, bad) == ["failure", "skipped", "failure", "skipped"])
    world.at("2026-11-26T10:00:58Z")
    try world.publish("a", "4")
    try world.deliver()
    world.at("2026-11-26T10:00:59Z")
    try world.deliver()
    #expect(try Self.outcomes(world, bad).count == 5, "not due before a minute has passed")
    world.at("2026-11-26T10:01:00Z")
    try world.deliver()
    #expect(received(failing) == ["1", "3", "4"])
    #expect(
      try Self.outcomes(world, bad) == [
        "failure", "skipped", "failure", "skipped", "failure", "dropped",
      ])
    let errors = try world.hookEvents().filter { $0.name == "hook-error/a/0" }.map(\.data)
    #expect(
      errors == [
        "error status 500 from 127.0.0.1", "error status 500 from 127.0.0.1",
        "error status 500 from 127.0.0.1",
        "Sleeping, too many errors, please wait and try again",
      ])
    // Nothing is left to retry: later runs send nothing more to the failing host.
    world.at("2026-11-26T10:05:00Z")
    try world.deliver()
    #expect(received(failing).count == 3)
    let history = try world.pcon.ok("integration history \(bad)")
    #expect(history.contains("skipped"))
    #expect(history.contains("2026-11-26"))
  }

  @Test func aSkippedEventIsSentWhenItsRetryIsDueAndTheHostHasRecovered() throws {
    let world = try HookWorld()
    let server = try LocalHTTPServer()
    server.enqueue(ScriptedReply(status: 503))
    try world.hook(
      #"{"event":"a","url":"\#(server.baseURL)/a","noDefaults":true,"body":"{{{PARTICLE_EVENT_VALUE}}}"}"#
    )
    try world.publish("a", "1")
    try world.publish("a", "2")
    try world.deliver()
    #expect(server.requests.map(\.bodyText) == ["1"])
    world.at("2026-11-26T10:00:29Z")
    try world.deliver()
    #expect(server.requests.count == 1)
    world.at("2026-11-26T10:00:30Z")
    try world.deliver()
    #expect(server.requests.map(\.bodyText) == ["1", "2"])
    #expect(
      try world.hookEvents().map(\.name) == [
        "hook-sent/a", "hook-error/a/0", "hook-sent/a", "hook-response/a/0",
      ])
  }

  @Test func aWorkerKilledMidStreamLosesNothingAndTwoWorkersNeverShareAnEvent() throws {
    let world = try HookWorld()
    let server = try Self.echo(delay: 0.005)
    try world.hook(
      #"{"event":"t","url":"\#(server.baseURL)/t","noDefaults":true,"body":"{{{PARTICLE_EVENT_ID}}}"}"#
    )
    try world.pcon.ok("simulate --device lab --every 1m --for 300m --event t --bytes 8")
    // A day on, every simulated event has happened.
    world.at("2026-11-27T10:00:00Z")
    let ids = Set(
      try world.events().filter { $0["name"] as? String == "t" }.compactMap {
        ($0["id"] as? NSNumber).map { String($0.int64Value) }
      })
    try #require(ids.count == 300)

    let first = try world.start(["integration", "deliver", "--follow"], tag: "first")
    defer { if first.isRunning { kill(first.processIdentifier, SIGKILL) } }
    #expect(eventually { server.requests.count >= 1 })
    let second = try world.start(["integration", "deliver", "--follow"], tag: "second")
    defer { if second.isRunning { kill(second.processIdentifier, SIGKILL) } }
    #expect(eventually { world.output("second", "err").contains("another worker is delivering") })
    #expect(eventually { server.requests.count >= 60 })
    kill(first.processIdentifier, SIGKILL)
    first.waitUntilExit()
    let beforeKill = server.requests.map(\.bodyText)
    #expect(beforeKill.count < 300, "the first worker finished before it could be killed")
    #expect(Set(beforeKill).count == beforeKill.count, "two workers sent the same event")

    // The second takes over from where the first's recorded outcomes end.
    #expect(eventually(timeout: 60) { Set(server.requests.map(\.bodyText)).isSuperset(of: ids) })
    kill(second.processIdentifier, SIGTERM)
    #expect(waitForExit(second))
    #expect(second.terminationStatus == 0)
    let sent = server.requests.map(\.bodyText)
    #expect(Set(sent) == ids)
    // At most the batch in flight when the first died is sent again.
    #expect(sent.count - ids.count <= 64)
    // Every event's outcome is in the log: its response, which echoes its ID.
    let responses = try world.hookEvents().filter { $0.name == "hook-response/t/0" }.map(\.data)
    #expect(Set(responses) == ids)
    #expect(try world.hookEvents().filter { $0.name == "hook-sent/t" }.count == responses.count)
  }

  @Test func testSendsOneEventNowPrintsTheAnswerAndExits1On500() throws {
    let world = try HookWorld()
    let server = try LocalHTTPServer { request in
      request.path == "/fail"
        ? ScriptedReply(status: 500, body: "broken")
        : ScriptedReply(body: "hello \(request.bodyText)")
    }
    let ok = try world.hook(
      #"{"event":"p","url":"\#(server.baseURL)/ok","noDefaults":true,"body":"{{{PARTICLE_EVENT_VALUE}}}"}"#,
      product: "10001")
    let fail = try world.hook(#"{"event":"p","url":"\#(server.baseURL)/fail"}"#, product: "10001")

    let tested = try world.pcon.run(["integration", "test", ok, "--data", "21.5"])
    #expect(tested.status == 0, "\(tested.stderr)")
    #expect(tested.stdout.hasPrefix("HTTP 200 OK ("))
    #expect(tested.stdout.hasSuffix("hello 21.5\n"))
    #expect(server.requests.last?.bodyText == "21.5")
    let failed = try world.pcon.run(["integration", "test", fail])
    #expect(failed.status == 1)
    #expect(failed.stdout.hasPrefix("HTTP 500 Internal Server Error ("))
    #expect(failed.stdout.contains("broken"))
    #expect(failed.stderr.contains("500"))
    #expect(server.requests.count == 2)
    // A test is no event: nothing is logged for it.
    #expect(try world.hookEvents(product: "10001").isEmpty)

    // A View-only member may see the hooks but not send them; a Developer may.
    for words in [["integration", "test", ok], ["integration", "deliver", "--product", "10001"]] {
      let refused = try world.pcon.run(words + ["--as", "vi@example.com"])
      #expect(refused.status == 4, "\(words): \(refused.stderr)")
      #expect(refused.stderr.contains("Developer"), "\(refused.stderr)")
    }
    #expect(server.requests.count == 2)
    #expect(
      try world.pcon.run(["integration", "history", ok, "--as", "vi@example.com"]).status == 0)
    let byDeveloper = try world.pcon.run(["integration", "test", ok, "--as", "dev@example.com"])
    #expect(byDeveloper.status == 0, "\(byDeveloper.stderr)")
    #expect(server.requests.count == 3)
    try world.publish("p", "7", device: HookWorld.pump)
    let delivered = try world.pcon.run(
      ["integration", "deliver", "--product", "10001", "--as", "dev@example.com"])
    #expect(delivered.status == 0, "\(delivered.stderr)")
    #expect(server.requests.count == 5)
  }

  @Test func historyShowsEachDeliveryAndTheCountsOfEachDay() throws {
    let world = try HookWorld()
    let server = try LocalHTTPServer()
    server.enqueue(ScriptedReply(), ScriptedReply(status: 404))
    let id = try world.hook(#"{"event":"h","url":"\#(server.baseURL)/h"}"#)
    try world.publish("h1", "a")
    try world.deliver()
    world.at("2026-11-27T09:00:00Z")
    try world.publish("h2", "b")
    try world.deliver()
    world.at("2026-11-27T09:00:10Z")
    try world.publish("h3", "c")
    try world.deliver()
    let history = try #require(
      try Pcon.json(try world.pcon.ok("integration history \(id) --json")) as? [String: Any])
    let deliveries = try #require(history["deliveries"] as? [[String: Any]])
    #expect(deliveries.map { $0["event"] as? String } == ["h1", "h2", "h3"])
    #expect(deliveries.map { $0["status"] as? Int } == [200, 404, 200])
    #expect(deliveries.map { $0["outcome"] as? String } == ["success", "failure", "success"])
    #expect(deliveries.allSatisfy { ($0["latency_ms"] as? Int ?? -1) >= 0 })
    #expect(deliveries.first?["time"] as? String == "2026-11-26T10:00:00.000Z")
    let days = try #require(history["days"] as? [[String: Any]])
    #expect(days.map { $0["date"] as? String } == ["2026-11-26", "2026-11-27"])
    #expect(days.map { $0["success"] as? Int } == [1, 1])
    #expect(days.map { $0["failure"] as? Int } == [0, 1])
    let table = try world.pcon.ok("integration history \(id)")
    let lines = table.split(separator: "\n").map(String.init)
    #expect(lines.first?.hasPrefix("TIME") == true)
    #expect(lines.contains { $0.contains("h2") && $0.contains("404") && $0.contains("failure") })
    #expect(lines.contains { $0.hasPrefix("DAY") && $0.contains("SKIPPED") })
    #expect(lines.contains { $0.hasPrefix("2026-11-27") && $0.split(separator: " ").count == 4 })
  }

  @Test(arguments: ["deliveries/HOOK.json", "deliveries/hosts.json"])
  func aDamagedDeliveryFileStopsTheWorkerAndDoctorNamesIt(_ template: String) throws {
    let world = try HookWorld()
    let server = try LocalHTTPServer()
    let id = try world.hook(#"{"event":"d","url":"\#(server.baseURL)/d"}"#)
    try world.publish("d", "1")
    try world.deliver()
    let relative = template.replacingOccurrences(of: "HOOK", with: id)
    #expect(FileManager.default.fileExists(atPath: world.pcon.file(relative)))
    try Data(#"{"hosts":[{"host":"x","successes":-1}],"cursor":7}"#.utf8).write(
      to: URL(fileURLWithPath: world.pcon.file(relative)))
    try world.publish("d", "2")
    let refused = try world.pcon.run("integration deliver")
    #expect(refused.status == 5, "\(refused.stderr)")
    #expect(refused.stderr.contains(relative), "\(refused.stderr)")
    #expect(server.requests.count == 1)
    let doctor = try world.pcon.run("doctor")
    #expect(doctor.status == 5)
    #expect((doctor.stdout + doctor.stderr).contains(relative), "\(doctor.stdout)")
  }
}
