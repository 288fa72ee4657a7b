import Foundation
import Testing

@Suite struct EventTests {
  let id = "0123456789abcdef01234567"

  func fleet() throws -> Pcon {
    let pcon = try Pcon()
    try pcon.account()
    try pcon.ok("device claim \(id) --platform argon --name lab")
    return pcon
  }

  func events(_ pcon: Pcon, _ arguments: [String], env: [String: String] = [:]) throws -> [[String:
    Any]]
  {
    let result = try pcon.run(["logs", "--json"] + arguments, env: env)
    #expect(result.status == 0, "\(result.stderr)")
    return try result.stdout.split(separator: "\n").map {
      try #require(try Pcon.json(String($0)) as? [String: Any])
    }
  }

  @Test func publishAsDeviceAndAsAccount() throws {
    let pcon = try fleet()
    let at = ["PCON_NOW": "2026-11-26T10:00:00Z"]
    let published = try pcon.run(
      ["publish", "temperature", "35.2", "--device", "lab", "--json"], env: at)
    let event = try #require(try Pcon.json(published.stdout) as? [String: Any])
    #expect(
      Set(event.keys) == ["id", "name", "data", "ttl", "published_at", "coreid", "product_id"])
    #expect(event["coreid"] as? String == id && event["ttl"] as? Int == 60)
    #expect(event["published_at"] as? String == "2026-11-26T10:00:00.000Z")
    // The device was never connected: the cloud hearing from it means it has just come online.
    let device = try #require(
      try Pcon.json(try pcon.ok("device show lab --json")) as? [String: Any])
    #expect(device["online"] as? Bool == true)
    #expect(device["last_heard"] as? String == "2026-11-26T10:00:00.000Z")
    #expect(device["last_handshake_at"] as? String == "2026-11-26T10:00:00.000Z")
    try pcon.run(["publish", "note", "--ttl", "5"])
    let log = try events(pcon, [])
    #expect(log.map { $0["name"] as? String } == ["spark/status", "temperature", "note"])
    #expect(log.map { $0["coreid"] as? String } == [id, id, "api"])
    #expect(log.map { $0["data"] as? String } == ["online", "35.2", ""])
    #expect(log.map { $0["ttl"] as? Int } == [60, 60, 5])
    #expect(log.map { $0["id"] as? Int } == [1, 2, 3])
    // Online now, so the next publish is only the event; offline again, it comes back first.
    try pcon.ok("publish again --device lab")
    try pcon.ok("device disconnect lab")
    try pcon.ok("publish back --device lab")
    #expect(
      try events(pcon, []).suffix(4).compactMap { $0["name"] as? String } == [
        "again", "spark/status", "spark/status", "back",
      ])
    #expect(
      try events(pcon, ["event:spark/status"]).compactMap { $0["data"] as? String } == [
        "online", "offline", "online",
      ])
  }

  @Test(arguments: [
    (["publish", "spark/status", "x"], Int32(1), "cloud's own"),
    (["publish", "ParticleThing"], 1, "cloud's own"),
    // Every publish rule is a refusal, with one exit code.
    (["publish", "two words"], 1, "invalid event name"),
    (["publish", String(repeating: "n", count: 65)], 1, "invalid event name"),
    (["publish", "x", String(repeating: "d", count: 1025)], 1, "1025 bytes; the limit is 1024"),
    (["publish", "x", "--device", "nope"], 3, "no device 'nope'"),
    (["publish", "x", "--ttl", "-1"], 2, "--ttl"),
  ])
  func publishRules(arguments: [String], status: Int32, message: String) throws {
    let pcon = try fleet()
    let result = try pcon.run(arguments)
    #expect(result.status == status)
    #expect(result.stderr.contains(message), "\(result.stderr)")
    #expect(try events(pcon, []).isEmpty)
  }

  @Test func dataOfExactlyTheLimitAndMultibyteIsCountedInBytes() throws {
    let pcon = try fleet()
    #expect(try pcon.run(["publish", "x", String(repeating: "d", count: 1024)]).status == 0)
    #expect(try pcon.run(["publish", "x", String(repeating: "é", count: 513)]).status == 1)
  }

  @Test func connectAndDisconnectLogSparkStatus() throws {
    let pcon = try fleet()
    try pcon.ok("device connect lab")
    try pcon.ok("device disconnect lab")
    try pcon.ok("device disconnect lab")
    let log = try events(pcon, ["event:spark/status"])
    #expect(log.map { $0["data"] as? String } == ["online", "offline"])
  }

  @Test func windowsLimitsAndClear() throws {
    let pcon = try fleet()
    for (n, time) in [
      "2026-11-26T08:00:00Z", "2026-11-26T09:00:00Z", "2026-11-26T10:00:00Z",
      "2026-11-26T11:00:00Z",
    ].enumerated() {
      try pcon.run(["publish", "e\(n)", "--device", "lab"], env: ["PCON_NOW": time])
    }
    let now = ["PCON_NOW": "2026-11-26T11:30:00Z"]
    func names(_ arguments: [String]) throws -> [String] {
      try events(pcon, arguments, env: now).compactMap { $0["name"] as? String }
    }
    #expect(try names(["--limit", "2"]) == ["e2", "e3"])
    #expect(
      try names(["--since", "2026-11-26T09:00:00Z", "--until", "2026-11-26T10:00:00Z"]) == [
        "e1", "e2",
      ])
    #expect(try names(["--since", "2h"]) == ["e2", "e3"])
    #expect(try pcon.run(["logs", "--since", "yesterday"]).status == 2)
    try pcon.ok("logs clear")
    try pcon.run(
      ["publish", "after", "--device", "lab"], env: ["PCON_NOW": "2026-11-26T11:40:00Z"])
    #expect(try names([]) == ["after"])
    #expect(try names(["--all"]) == ["spark/status", "e0", "e1", "e2", "e3", "after"])
    // Clear is per actor: another account's view is its own.
    try pcon.ok("account create b@example.com")
    try pcon.ok("device claim \(deviceID(5)) --platform argon --as b@example.com")
    try pcon.run(["publish", "theirs", "--device", deviceID(5), "--as", "b@example.com"])
    #expect(
      try events(pcon, ["--as", "b@example.com"]).compactMap { $0["name"] as? String } == [
        "spark/status", "theirs",
      ])
    #expect(try !names(["--all"]).contains("theirs"))
  }

  @Test func deviceScopeAndDeviceTermConflict() throws {
    let pcon = try fleet()
    try pcon.ok("device claim \(deviceID(7)) --platform argon --name other")
    try pcon.ok("device connect lab")
    try pcon.ok("device connect other")
    try pcon.ok("logs clear")
    try pcon.run(["publish", "a", "--device", "lab"])
    try pcon.run(["publish", "b", "--device", "other"])
    #expect(try events(pcon, ["--device", "other"]).compactMap { $0["name"] as? String } == ["b"])
    #expect(try events(pcon, ["device:lab"]).compactMap { $0["name"] as? String } == ["a"])
    let conflict = try pcon.run(["logs", "device:lab", "--device", "lab"])
    #expect(conflict.status == 2)
    #expect(try pcon.run(["logs", "--device", "nope"]).status == 3)
    #expect(try pcon.run(["logs", "range:9-3"]).stderr.contains("'range:9-3'"))
    #expect(try pcon.run(["logs", "-event:a"]).status == 0)
    #expect(try events(pcon, ["-event:a"]).compactMap { $0["name"] as? String } == ["b"])
  }

  @Test func showPrettyPrintsJSONDataAndRawKeepsIt() throws {
    let pcon = try fleet()
    let id =
      try pcon.run(
        ["publish", "status", #"{"z":1,"a":{"y":[1,2],"b":null}}"#, "--device", "lab", "--json"]
      ).stdout.firstMatch(of: /"id": *([0-9]+)/).map { String($0.1) } ?? "none"
    let shown = try pcon.ok("logs show \(id)")
    #expect(
      shown.contains(
        "\"a\": {\n    \"b\": null,\n    \"y\": [\n      1,\n      2\n    ]\n  },\n  \"z\": 1\n}"))
    #expect(shown.contains("lab"))
    #expect(try pcon.ok("logs show \(id) --raw") == #"{"z":1,"a":{"y":[1,2],"b":null}}"#)
    #expect(try pcon.run("logs show 99").status == 3)
    #expect(try pcon.run("logs show abc").status == 2)
    try pcon.ok("account create b@example.com")
    #expect(try pcon.run("logs show \(id) --as b@example.com").status == 3)
  }

  @Test func sseOutputIsParticlesWireFormat() throws {
    let pcon = try fleet()
    try pcon.run(
      ["publish", "temperature", "25.34", "--device", "lab"],
      env: ["PCON_NOW": "2015-07-18T00:12:18.174Z"])
    let sse = try pcon.ok("logs event:temperature --format sse")
    #expect(
      sse
        == ":ok\n\nevent: temperature\ndata: {\"data\":\"25.34\",\"ttl\":60,\"published_at\":\"2015-07-18T00:12:18.174Z\",\"coreid\":\"\(id)\"}\n\n"
    )
  }

  @Test func sseRoundTripReproducesTheEvents() throws {
    let pcon = try fleet()
    try pcon.run(["publish", "a", "line one\nline \"two\"", "--device", "lab"])
    try pcon.run(["publish", "b", #"{"k":"é"}"#])
    try pcon.run(["publish", "c", ""])
    let sse = try pcon.ok("logs --format sse")
    let copy = try Pcon()
    try copy.account()
    let ingested = try copy.run(["logs", "ingest"], stdin: sse)
    // The device's online event, then the three published.
    #expect(ingested.stdout == "stored 4 events, skipped 0\n", "\(ingested.stderr)")
    func strip(_ list: [[String: Any]]) -> [String] {
      list.map {
        "\($0["name"] ?? "")|\($0["data"] ?? "")|\($0["ttl"] ?? "")|\($0["published_at"] ?? "")|\($0["coreid"] ?? "")"
      }
    }
    #expect(strip(try events(copy, [])) == strip(try events(pcon, [])))
  }

  static let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
    .appendingPathComponent("../Fixtures/events").standardized.path

  @Test func ingestReportsSkippedLinesAndStoresTheRest() throws {
    let pcon = try fleet()
    let file = Self.fixtures + "/subscribe-particle-docs-special-events.txt"
    let result = try pcon.run(["logs", "ingest", file])
    #expect(result.status == 0)
    #expect(result.stdout == "stored 9 events, skipped 3\n")
    #expect(
      result.stderr.contains(
        "special-events.txt:8: skipped: published_at '2016-01-01T14:40:0.000Z'"))
    let stored = try events(pcon, ["--all"])
    #expect(stored.count == 9)
    #expect(stored.contains { $0["coreid"] as? String == "particle-internal" })
    let sse = try pcon.run([
      "logs", "ingest", "--format", "sse", Self.fixtures + "/sse-publishqueue-library-spark.txt",
      "--json",
    ])
    let report = try #require(try Pcon.json(sse.stdout) as? [String: Any])
    #expect(report["stored"] as? Int == 13)
    // Nothing but garbage: nothing stored, exit 1.
    let garbage = try pcon.run(["logs", "ingest", "-"], stdin: "{not json}\n")
    #expect(garbage.status == 1)
    #expect(garbage.stderr.contains("stdin:1: skipped"))
    #expect(try pcon.run(["logs", "ingest", "/nonexistent/file"]).status == 2)
  }

  @Test func pruneRemovesWholeMonthsAndSaysSo() throws {
    let pcon = try fleet()
    try pcon.run(["publish", "old", "--device", "lab"], env: ["PCON_NOW": "2026-09-10T00:00:00Z"])
    try pcon.run(["publish", "mid", "--device", "lab"], env: ["PCON_NOW": "2026-10-10T00:00:00Z"])
    try pcon.run(["publish", "new", "--device", "lab"], env: ["PCON_NOW": "2026-11-10T00:00:00Z"])
    let pruned = try pcon.run(["logs", "prune", "--before", "2026-10-20", "--yes"])
    // The month and its events (the device's online event and 'old'), not a file path.
    #expect(pruned.stdout == "MONTH    EVENTS\n2026-09  2\n", "\(pruned.stderr)")
    #expect(pruned.stderr == "deleted 2 events\n")
    #expect(try events(pcon, []).compactMap { $0["name"] as? String } == ["mid", "new"])
    #expect(try pcon.ok("logs prune --before 2026-10-20") == "nothing to prune\n")
    #expect(try pcon.run("logs prune").status == 2)
  }

  /// The account stream's directory, relative to the state.
  func accountStream(_ pcon: Pcon) throws -> String {
    let names = try FileManager.default.contentsOfDirectory(atPath: pcon.file("events"))
    return "events/" + (try #require(names.first { $0.hasPrefix("a-") }))
  }

  @Test func theIDIndexFollowsPublishAndPruneAndShowUsesIt() throws {
    let pcon = try fleet()
    for (name, time) in [("old", "2026-09-10"), ("mid", "2026-10-10"), ("new", "2026-11-10")] {
      try pcon.run(["publish", name, "--device", "lab"], env: ["PCON_NOW": time + "T00:00:00Z"])
    }
    let index = try accountStream(pcon) + "/ids.json"
    func months() throws -> [String] {
      let text = try String(contentsOfFile: pcon.file(index), encoding: .utf8)
      return text.matches(of: /"month":"([0-9-]+)"/).map { String($0.1) }
    }
    #expect(try months() == ["2026-09", "2026-10", "2026-11"])
    #expect(try pcon.run("doctor").status == 0)
    let first = try #require(try events(pcon, ["event:old"]).first?["id"] as? Int)
    #expect(try pcon.ok("logs show \(first) --json").contains("\"old\""))
    try pcon.run(["logs", "prune", "--before", "2026-10-20", "--yes"])
    #expect(try months() == ["2026-10", "2026-11"])
    #expect(try pcon.run("doctor").status == 0)
    #expect(try pcon.run("logs show \(first)").status == 3)
  }

  @Test func anIndexThatDisagreesWithItsPartitionsIsDamage() throws {
    let pcon = try fleet()
    try pcon.run(["publish", "a", "--device", "lab"], env: ["PCON_NOW": "2026-10-10T00:00:00Z"])
    try pcon.run(["publish", "b", "--device", "lab"], env: ["PCON_NOW": "2026-11-10T00:00:00Z"])
    let index = try accountStream(pcon) + "/ids.json"
    let text = try String(contentsOfFile: pcon.file(index), encoding: .utf8)
    // The October entry claims one more event than the partition holds, and November is gone.
    let edited = try #require(text.firstMatch(of: /"last":([0-9]+)/))
    let wrong = text.replacingCharacters(
      in: edited.range, with: "\"last\":\(Int(edited.1)! + 1)}]}")
    try String(wrong[..<wrong.range(of: "}]}")!.upperBound]).write(
      toFile: pcon.file(index), atomically: false, encoding: .utf8)
    let doctor = try pcon.run("doctor")
    #expect(doctor.status == 5)
    #expect(doctor.stdout.contains("\(index)") && doctor.stdout.contains("month 2026-10"))
    #expect(doctor.stdout.contains("does not list month 2026-11"), "\(doctor.stdout)")
  }

  @Test func aStateWithoutAnIndexIsSearchedAndGetsOneOnTheNextPublish() throws {
    let pcon = try fleet()
    try pcon.run(["publish", "a", "--device", "lab"], env: ["PCON_NOW": "2026-10-10T00:00:00Z"])
    try pcon.run(["publish", "b", "--device", "lab"], env: ["PCON_NOW": "2026-11-10T00:00:00Z"])
    let index = try accountStream(pcon) + "/ids.json"
    let original = try String(contentsOfFile: pcon.file(index), encoding: .utf8)
    try FileManager.default.removeItem(atPath: pcon.file(index))
    let ids = try events(pcon, ["event:a"]).compactMap { $0["id"] as? Int }
    #expect(try pcon.ok("logs show \(ids[0]) --json").contains("\"a\""))
    #expect(try pcon.run("doctor").status == 0)
    try pcon.run(["publish", "c", "--device", "lab"], env: ["PCON_NOW": "2026-11-11T00:00:00Z"])
    let rebuilt = try String(contentsOfFile: pcon.file(index), encoding: .utf8)
    // October rebuilt as it was; November extended to the new event.
    let october = try #require(original.firstMatch(of: /\{"month":"2026-10"[^}]*\}/))
    #expect(rebuilt.contains(october.0) && rebuilt.contains("\"2026-11\""), "\(rebuilt)")
    #expect(try pcon.run("doctor").status == 0)
  }

  @Test func aDamagedPartitionNamesItsFileAndByte() throws {
    let pcon = try fleet()
    try pcon.run(["publish", "a", "--device", "lab"], env: ["PCON_NOW": "2026-11-26T10:00:00Z"])
    let directory = try #require(
      try FileManager.default.contentsOfDirectory(atPath: pcon.file("events")).first {
        $0.hasPrefix("a-")
      })
    let partition = pcon.file("events/\(directory)/2026-11.ndjson")
    let handle = try #require(FileHandle(forWritingAtPath: partition))
    handle.seekToEndOfFile()
    handle.write(Data("{\"id\":2,\"name\":\n".utf8))
    try handle.close()
    let result = try pcon.run("logs")
    #expect(result.status == 5)
    #expect(
      result.stderr.hasPrefix(
        "error: state file events/\(directory)/2026-11.ndjson: invalid JSON at byte"))
  }

  /// Starts `pcon logs --follow ARGS` and returns the process and a reader of its stdout.

  @Test func followPrintsNewEventsQuicklyAndStopsCleanlyOnSIGINT() throws {
    let pcon = try fleet()
    try pcon.run(["publish", "hot-before", "--device", "lab"])
    // The one event of history is the ready signal.
    // The state directory goes with `pcon`: keep it while the follower runs.
    defer { withExtendedLifetime(pcon) {} }
    let (process, out) = try pcon.startFollowing(["--json", "--limit", "1", "event:hot*"])
    #expect(out.lines(1).first?.contains("\"hot-before\"") == true, "follower never got ready")
    var latencies: [Double] = []
    for n in 0..<3 {
      let start = Date()
      try pcon.run(["publish", n == 1 ? "cold" : "hot\(n)", "--device", "lab"])
      if n == 1 { continue }
      let lines = out.lines(1)
      latencies.append(Date().timeIntervalSince(start))
      #expect(lines.count == 1)
      let event = try #require(try Pcon.json(lines.first ?? "") as? [String: Any])
      #expect(event["name"] as? String == "hot\(n)")
    }
    // Publish runs a whole process; the follower's own delay is what the 0.5 s bound is about.
    #expect(latencies.allSatisfy { $0 < 0.5 + 0.3 }, "\(latencies)")
    kill(process.processIdentifier, SIGINT)
    #expect(waitForExit(process), "SIGINT did not stop logs --follow")
    #expect(process.terminationStatus == 0)
    #expect(process.terminationReason == .exit)
  }

  @Test func followCrossesIntoANewMonthAndStopsOnSIGTERM() throws {
    let pcon = try fleet()
    try pcon.run(
      ["publish", "november", "--device", "lab"], env: ["PCON_NOW": "2026-11-30T23:59:59Z"])
    // The state directory goes with `pcon`: keep it while the follower runs.
    defer { withExtendedLifetime(pcon) {} }
    let (process, out) = try pcon.startFollowing(["--format", "json", "--limit", "1"])
    #expect(out.lines(1).first?.contains("\"november\"") == true, "follower never got ready")
    // The next event lands in a partition that did not exist when following began.
    try pcon.run(
      ["publish", "december", "--device", "lab"], env: ["PCON_NOW": "2026-12-01T00:00:01Z"])
    let lines = out.lines(1)
    #expect(lines.count == 1 && lines[0].contains("\"december\""))
    kill(process.processIdentifier, SIGTERM)
    #expect(waitForExit(process), "SIGTERM did not stop logs --follow")
    #expect(process.terminationStatus == 0)
  }

  @Test func followDoesNotHoldTheLock() throws {
    let pcon = try fleet()
    // The state directory goes with `pcon`: keep it while the follower runs.
    defer { withExtendedLifetime(pcon) {} }
    let (process, out) = try pcon.startFollowing([])
    defer {
      kill(process.processIdentifier, SIGINT)
      _ = waitForExit(process)
    }
    // The table header is the ready signal.
    #expect(out.lines(1).first?.hasPrefix("TIME") == true, "follower never got ready")
    // Writers get the exclusive lock at once while the follower waits.
    for n in 0..<5 {
      let result = try pcon.run(
        ["publish", "x\(n)", "--device", "lab"], env: ["PCON_LOCK_TIMEOUT": "0.3"])
      #expect(result.status == 0, "\(result.stderr)")
    }
    #expect(out.lines(5).count == 5)
  }
}
