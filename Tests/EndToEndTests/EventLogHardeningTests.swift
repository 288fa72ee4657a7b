import Foundation
import Testing

/// The event log never stores what its reader refuses, refuses times and IDs it cannot hold,
/// and repairs or reports a damaged partition instead of making it fatal.
@Suite struct EventLogHardeningTests {
  func file(_ bytes: [UInt8], named name: String, for pcon: Pcon) throws -> String {
    let path = pcon.base + "/" + name
    try Data(bytes).write(to: URL(fileURLWithPath: path))
    return path
  }

  func record(coreid: String, published: String = "2026-11-01T10:00:00Z") -> String {
    #"{"name":"t","data":"1","published_at":"\#(published)","coreid":\#(coreid)}"#
  }

  func partition(of pcon: Pcon) throws -> String {
    let events = pcon.stateDir + "/events"
    let stream = try #require(
      try FileManager.default.contentsOfDirectory(atPath: events).first { $0.hasPrefix("a-") })
    let month = try #require(
      try FileManager.default.contentsOfDirectory(atPath: events + "/" + stream).first {
        $0.hasSuffix(".ndjson")
      })
    return "events/\(stream)/\(month)"
  }

  @Test func aPublisherThatIsNoDeviceIDIsSkippedAndTheMonthStaysReadable() throws {
    let pcon = try Pcon()
    try pcon.account()
    let lines = [
      record(coreid: #""a\\b""#), record(coreid: #""a\"b""#), record(coreid: #""a\u0001b""#),
      record(coreid: #""xxx""#), record(coreid: #""E00FCE68AAAAAAAAAAAAAAAA""#),
      record(coreid: #""particle-internal""#),
    ]
    let path = try file(
      Array((lines.joined(separator: "\n") + "\n").utf8), named: "c.ndjson", for: pcon)
    let result = try pcon.run(["logs", "ingest", path])
    #expect(result.status == 0, "\(result.stderr)")
    #expect(result.stderr.split(separator: "\n").count == 4, "\(result.stderr)")
    #expect(result.stderr.contains(":1: skipped: coreid 'a\\b' is neither a device ID"))
    let logs = try pcon.run("logs --all --json")
    #expect(logs.status == 0, "\(logs.stderr)")
    #expect(
      logs.stdout.contains("e00fce68aaaaaaaaaaaaaaaa") && logs.stdout.contains("particle-internal"))
  }

  @Test func timesOutsideYearsZeroToNineThousandAreRefused() throws {
    let pcon = try Pcon()
    try pcon.account()
    let lines = [
      record(coreid: #""api""#, published: "9999-12-31T23:00:00-14:00"),
      record(coreid: #""api""#, published: "0000-01-01T00:00:00+00:01"),
      record(coreid: #""api""#, published: "9999-12-31T23:59:59.999Z"),
      record(coreid: #""api""#, published: "0000-01-01T00:00:00Z"),
    ]
    let path = try file(Array(lines.joined(separator: "\n").utf8), named: "t.ndjson", for: pcon)
    let ingest = try pcon.run(["logs", "ingest", path])
    #expect(ingest.status == 0)
    #expect(ingest.stderr.contains(":1: skipped: published_at '9999-12-31T23:00:00-14:00'"))
    #expect(ingest.stderr.contains(":2: skipped:"))
    let logs = try pcon.run("logs --all --json")
    #expect(logs.status == 0 && logs.stdout.contains("9999-12-31T23:59:59.999Z"), "\(logs.stderr)")
    #expect(logs.stdout.contains("0000-01-01T00:00:00.000Z"))
    for option in ["--since", "--until"] {
      let result = try pcon.run(["logs", "--all", option, "9999-12-31T23:00:00-14:00"])
      #expect(result.status == 2, "\(option): \(result.stderr)")
    }
    let now = try pcon.run("whoami", env: ["PCON_NOW": "9999-12-31T23:00:00-14:00"])
    #expect(now.status == 2 && now.stderr.hasPrefix("error: PCON_NOW="), "\(now.stderr)")
    // A token made at the last instant pcon can store, to live a century more: accounts.json
    // stays readable, and the token simply never expires.
    let late = ["PCON_NOW": "9999-12-31T23:59:59Z"]
    let token = try pcon.run("token create --expires-in 3153600000", env: late)
    #expect(token.status == 0, "\(token.stderr)")
    #expect(try pcon.run("token list", env: late).status == 0)
    #expect(try pcon.run("whoami").status == 0)
    #expect(try pcon.run("doctor").status == 0)
  }

  func setSequence(_ text: String, in pcon: Pcon) throws {
    try Data((#"{"next_id":\#(text)}"# + "\n").utf8).write(
      to: URL(fileURLWithPath: pcon.stateDir + "/events/sequence.json"))
  }

  @Test func aSequenceOutOfRangeIsRefusedNamingItAndTheLastIDStillReads() throws {
    let pcon = try Pcon()
    try pcon.account()
    try pcon.ok("publish first")
    for text in ["9223372036854775807", "1000000000000000000", "0", "-5"] {
      try setSequence(text, in: pcon)
      let result = try pcon.run("publish again")
      #expect(!result.signalled)
      #expect(result.status == 5, "\(text): \(result.stderr)")
      #expect(
        result.stderr.hasPrefix("error: state file events/sequence.json: next_id"),
        "\(result.stderr)")
    }
    // The largest ID the log holds is given, read back, and then the sequence is spent.
    try setSequence("999999999999999999", in: pcon)
    try pcon.ok("publish last")
    let logs = try pcon.run("logs --all --json")
    #expect(logs.status == 0 && logs.stdout.contains("999999999999999999"), "\(logs.stderr)")
    let spent = try pcon.run("publish more")
    #expect(spent.status == 5 && spent.stderr.contains("is used"), "\(spent.stderr)")
    // Doctor sees the same fault the next publish hits.
    let doctor = try pcon.run("doctor")
    #expect(
      doctor.status == 5 && doctor.stdout.contains("events/sequence.json"), "\(doctor.stdout)")
  }

  @Test func aDeletedOrRolledBackSequenceNeverReusesAnID() throws {
    let pcon = try Pcon()
    try pcon.account()
    try pcon.ok("publish one")
    try pcon.ok("publish two")
    try pcon.ok("publish three")
    try setSequence("2", in: pcon)
    let rolledBack = try pcon.run("publish again")
    #expect(rolledBack.status == 5, "\(rolledBack.stderr)")
    #expect(
      rolledBack.stderr.hasPrefix(
        "error: state file events/sequence.json: next_id 2 is not above event 3"),
      "\(rolledBack.stderr)")
    // Doctor says once what next_id must become, not once per event.
    let doctor = try pcon.run("doctor")
    #expect(doctor.status == 5)
    #expect(
      doctor.stdout.components(separatedBy: "events/sequence.json").count == 2
        && doctor.stdout.contains("set next_id to 4"), "\(doctor.stdout)")
    try FileManager.default.removeItem(atPath: pcon.stateDir + "/events/sequence.json")
    let own = try pcon.run("publish again")
    #expect(own.status == 5 && own.stderr.contains("events/sequence.json"), "\(own.stderr)")
    let ids = try pcon.ok("logs --all --json").components(separatedBy: "\"id\":").dropFirst()
      .map { $0.prefix { $0.isNumber } }
    #expect(ids == ["1", "2", "3"])
  }

  @Test(arguments: [[UInt8](repeating: 0, count: 300), Array(#"{"id":9,"na"#.utf8), [0x7B]])
  func aBrokenTailIsReportedThenCutAwayByTheNextAppend(tail: [UInt8]) throws {
    let pcon = try Pcon()
    try pcon.account()
    try pcon.ok("publish before")
    let relative = try partition(of: pcon)
    let handle = try #require(FileHandle(forWritingAtPath: pcon.stateDir + "/" + relative))
    handle.seekToEndOfFile()
    handle.write(Data(tail))
    handle.closeFile()
    let doctor = try pcon.run("doctor")
    #expect(doctor.status == 5)
    #expect(
      doctor.stdout.contains("does not end with a newline: \(tail.count) bytes"), "\(doctor.stdout)"
    )
    #expect(doctor.stdout.contains("holds a NUL byte") == tail.contains(0))
    let publish = try pcon.run("publish after")
    #expect(publish.status == 0)
    #expect(
      publish.stderr
        == "warning: \(relative): removed \(tail.count) bytes after the last complete event, left by an interrupted or damaged write\n"
    )
    let logs = try pcon.run("logs --all")
    #expect(logs.status == 0 && logs.stdout.contains("before") && logs.stdout.contains("after"))
    #expect(try pcon.run("doctor").status == 0)
  }

  @Test func aLongRunOfZerosCostsNoMoreMemoryThanASmallFile() throws {
    let pcon = try Pcon()
    try pcon.account()
    try pcon.ok("publish before")
    let path = pcon.stateDir + "/" + (try partition(of: pcon))
    // Sparse: half a gigabyte of zeros that takes no disk.
    #expect(truncate(path, off_t(512 << 20)) == 0)
    // Under a 400 MB address-space limit, which a whole-line read of the zeros would pass.
    for command in ["doctor", "logs --all", "publish after", "logs --all"] {
      let result = try pcon.shell("ulimit -v 400000; $PCON \(command)")
      #expect(!result.signalled && !result.stderr.contains("Fatal"), "\(command): \(result.stderr)")
      #expect([0, 5].contains(result.status), "\(command): \(result.stderr)")
    }
    #expect(try pcon.ok("logs --all").contains("after"))
  }

  @Test func aCaptureWithNoRecordIsRefusedAndBareCREndsSSELines() throws {
    let pcon = try Pcon()
    try pcon.account()
    for (name, text) in [
      ("html.sse", "<html>\n<body>not a capture</body>\n"), ("ok.sse", ":ok\n\n"),
    ] {
      let path = try file(Array(text.utf8), named: name, for: pcon)
      let result = try pcon.run(["logs", "ingest", "--format", "sse", path])
      #expect(result.status == 1, "\(result.stderr)")
      #expect(
        result.stderr.hasPrefix("error: no event was stored: the input holds no event record"))
    }
    let capture =
      ":ok\r\revent: cr\rdata: {\"data\":\"1\",\"published_at\":\"2026-11-01T10:00:00Z\",\"coreid\":\"api\"}\r\r"
    let path = try file(Array(capture.utf8), named: "cr.sse", for: pcon)
    let result = try pcon.run(["logs", "ingest", path])
    #expect(result.status == 0, "\(result.stderr)")
    #expect(try pcon.ok("logs --all").contains("cr"))
  }
}
