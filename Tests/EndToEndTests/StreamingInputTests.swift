import Foundation
import Testing

/// `logs ingest` and `device import` read files and standard input as streams: the same events
/// either way, and hostile input refused at once with one line naming it.
@Suite struct StreamingInputTests {
  static let capture =
    "$ particle subscribe mine\r\n"
    + #"{"name":"t","data":"21.5","ttl":"60","published_at":"2026-11-01T10:00:00.000Z","coreid":"E00FCE68AAAAAAAAAAAAAAAA"}"#
    + "\r\n"
    + #"{"name":"loc","data":"{\"lat\":1}","ttl":60,"published_at":"2026-11-01T10:00:01Z","coreid":"api","productID":7}"#
    + "\n{broken\n"
    + #"{"name":"é","data":"x","published_at":"2026-11-01T10:00:02Z","coreid":"api"}"#
    + "\n"
    + #"{"name":"last","data":{"n":1},"published_at":"2026-10-31T23:59:59.999Z","coreid":"api"}"#

  /// A file next to the state directory holding `bytes`.
  func write(_ bytes: [UInt8], named name: String, for pcon: Pcon) throws -> String {
    let path = URL(fileURLWithPath: pcon.stateDir).deletingLastPathComponent()
      .appendingPathComponent(name).path
    try Data(bytes).write(to: URL(fileURLWithPath: path))
    return path
  }

  /// Runs `pcon ARGS… < FILE` through the shell, so standard input can be a device.
  func run(_ pcon: Pcon, _ arguments: String, stdinFrom file: String) throws -> RunResult {
    try pcon.shell("exec \"$PCON\" \(arguments) < \(file)")
  }

  /// A reader of the state piping into an ingest of the same state: the ingest drains the pipe
  /// before it locks, so the reader (which holds its lock while it writes) is never left waiting
  /// on a full pipe until the lock times out.
  @Test func ingestFromAPipedReaderOfTheSameStateDoesNotWaitOnItsLock() throws {
    let pcon = try Pcon()
    try pcon.run("demo")
    // More than a pipe's buffer of history, so the reader blocks while holding its lock.
    let lines = (0..<3000).map { n in
      #"{"name":"t","data":"\#(n) \#(String(repeating: "x", count: 50))","published_at":"2026-11-26T09:00:00Z","coreid":"api"}"#
    }
    let file = try write(Array(lines.joined(separator: "\n").utf8), named: "c.ndjson", for: pcon)
    #expect(try pcon.run(["logs", "ingest", file]).status == 0)
    let piped = try pcon.shell(
      #""$PCON" logs --all --format sse | "$PCON" logs ingest --product 10001 --json"#,
      env: ["PCON_LOCK_TIMEOUT": "5"])
    #expect(piped.status == 0, "\(piped.stderr)")
    let report = try #require(try Pcon.json(piped.stdout) as? [String: Any])
    #expect((report["stored"] as? Int ?? 0) >= 3000)
  }

  @Test func ingestFromAFileAndFromStdinStoresTheSameEvents() throws {
    let fromFile = try Pcon()
    try fromFile.account()
    let file = try write(Array(Self.capture.utf8), named: "capture.ndjson", for: fromFile)
    let viaFile = try fromFile.run(["logs", "ingest", file, "--json"])
    #expect(viaFile.status == 0, "\(viaFile.stderr)")
    let report = try #require(try Pcon.json(viaFile.stdout) as? [String: Any])
    #expect(report["stored"] as? Int == 3 && report["first_id"] as? Int == 1)
    #expect(report["last_id"] as? Int == 3)
    #expect((report["skipped"] as? [[String: Any]])?.compactMap { $0["line"] as? Int } == [4, 5])
    #expect(viaFile.stderr.contains("capture.ndjson:4: skipped: invalid JSON"))

    let fromStdin = try Pcon()
    try fromStdin.account()
    let viaStdin = try fromStdin.run(["logs", "ingest"], stdin: Self.capture)
    #expect(viaStdin.stdout == "stored 3 events, skipped 2\n")
    #expect(viaStdin.stderr.contains("stdin:5: skipped: invalid event name"))

    let stored = try fromFile.ok("logs --all --json")
    #expect(stored == (try fromStdin.ok("logs --all --json")))
    #expect(
      stored.split(separator: "\n").first
        == #"{"id":3,"name":"last","data":"{\"n\":1}","ttl":60,"published_at":"2026-10-31T23:59:59.999Z","coreid":"api","product_id":null}"#
    )
    #expect(stored.contains(#""coreid":"e00fce68aaaaaaaaaaaaaaaa","product_id":null"#))
    #expect(
      stored.contains(#""data":"{\"lat\":1}","ttl":60"#) && stored.contains(#""product_id":7"#))
  }

  @Test func anOverlongLineIsSkippedWithAWarningAndTheRestStored() throws {
    let pcon = try Pcon()
    try pcon.account()
    let good = Array(
      (#"{"name":"t","data":"1","published_at":"2026-11-01T10:00:00Z","coreid":"api"}"# + "\n\n")
        .utf8)
    let file = try write(
      good + [UInt8](repeating: UInt8(ascii: "x"), count: (1 << 20) + 1) + [0x0A],
      named: "long.txt", for: pcon)
    let result = try pcon.run(["logs", "ingest", file])
    #expect(result.status == 0)
    #expect(result.stderr == "warning: \(file):3: skipped: longer than 1048576 bytes\n")
    #expect(try pcon.ok("logs --all --json").contains(#""name":"t""#))
  }

  @Test func deviceImportRefusesDevicesDirectoriesAndEndlessInputAtOnce() throws {
    let pcon = try Pcon()
    try pcon.account()
    try pcon.ok("product create Widgets --platform boron --id 10001")
    let started = Date()
    let device = try pcon.run(["device", "import", "--product", "10001", "/dev/zero"])
    #expect(device.status == 2)
    #expect(
      device.stderr
        == "error: cannot read /dev/zero: it is a character device, not a file or a pipe\n")
    let directory = try pcon.run(["device", "import", "--product", "10001", "/"])
    #expect(directory.stderr == "error: cannot read /: it is a directory, not a file or a pipe\n")
    // Standard input may be anything, so an endless one fails at its first long line.
    let endless = try run(pcon, "device import --product 10001 -", stdinFrom: "/dev/zero")
    #expect(endless.status == 2)
    #expect(endless.stderr == "error: line 1 of stdin is longer than 4096 bytes\n")
    #expect(Date().timeIntervalSince(started) < 10)
    // A list of good IDs on a long line of its own is refused the same way, naming the file.
    let ids = (1...3).map { deviceID(10_000 + $0) }.joined(separator: "\n") + "\n"
    let file = try write(
      Array(ids.utf8) + [UInt8](repeating: 0x20, count: 5000), named: "ids.txt", for: pcon)
    let long = try pcon.run(["device", "import", "--product", "10001", file])
    #expect(long.status == 2)
    #expect(long.stderr == "error: line 4 of \(file) is longer than 4096 bytes\n")
    #expect(try pcon.ok("device list --product 10001 --json") == "[]\n")
    // The same list through a pipe, with CRLF endings, imports.
    let crlf = try pcon.run(
      ["device", "import", "--product", "10001", "-"],
      stdin: ids.replacingOccurrences(of: "\n", with: "\r\n"))
    #expect(crlf.stdout.hasPrefix("imported 3,"), "\(crlf.stderr)")
  }
}
