import Foundation
import PconCore
import Testing

/// The first command in a new directory initialises it under the exclusive lock: killed at any
/// step it leaves a directory the next command uses, and first commands racing each other all
/// succeed.
@Suite struct FirstCommandTests {
  /// The steps a first command passes before its own change: the directory made, the lock
  /// taken, then `pcon.json` written to a temporary file and renamed.
  static let initialisation: [CrashPoint] = [
    .directoryCreated, .lockCreated, .beforeRename, .afterRename,
  ]

  @Test(arguments: initialisation.map(\.rawValue))
  func aFirstCommandKilledAtEachStepLeavesAUsableDirectory(point: String) throws {
    let pcon = try Pcon()
    let killed = try pcon.run(
      ["account", "create", "ada@example.com"], env: ["PCON_CRASH_AT": point])
    #expect(killed.status == 9, "not killed at \(point): \(killed.stderr)")
    // Whatever it left, a reader sees an empty state, and changes nothing but lock files.
    func files() throws -> [String] {
      try FileManager.default.contentsOfDirectory(atPath: pcon.stateDir).filter {
        $0 != "lock" && $0 != "intent"
      }.sorted()
    }
    let listing = try files()
    #expect(try pcon.run("account list --as ada@example.com").status == 3)
    #expect(try files() == listing)
    // The next writer finishes the directory and makes its own change.
    try pcon.ok("account create ada@example.com")
    #expect(try pcon.ok("whoami") == "ada@example.com\n")
    let doctor = try pcon.run("doctor")
    #expect(doctor.status == 0, "\(doctor.stdout)\(doctor.stderr)")
    let left = try FileManager.default.contentsOfDirectory(atPath: pcon.stateDir)
    #expect(!left.contains { $0.contains(".tmp-") }, "\(left)")
  }

  @Test func strayLockAndTemporaryFilesDoNotDisownADirectory() throws {
    let pcon = try Pcon()
    try FileManager.default.createDirectory(
      atPath: pcon.stateDir, withIntermediateDirectories: false,
      attributes: [.posixPermissions: 0o700])
    // What a first command killed by anyone (a reboot, an OOM kill) may leave, from processes
    // whose IDs are long gone.
    for name in [
      "lock", "intent", "pcon.json.tmp-1-1", "pcon.json.tmp-999999-1", "pcon.json.tmp-4242",
    ] {
      #expect(FileManager.default.createFile(atPath: pcon.file(name), contents: Data("{".utf8)))
    }
    let reader = try pcon.run("account list --as ada@example.com")
    #expect(reader.status == 3, "\(reader.stderr)")
    try pcon.ok("account create ada@example.com")
    #expect(try pcon.ok("whoami") == "ada@example.com\n")
  }

  @Test func aTemporaryFileNotOfPconJSONStillMarksAForeignDirectory() throws {
    let pcon = try Pcon()
    try FileManager.default.createDirectory(
      atPath: pcon.stateDir, withIntermediateDirectories: false,
      attributes: [.posixPermissions: 0o700])
    // Only pcon.json's own temporary file is debris of a first command; anything else is not
    // pcon's, and must be neither adopted nor swept away.
    for name in ["lock", "notes.tmp-draft", "report.txt.tmp-12-1"] {
      #expect(FileManager.default.createFile(atPath: pcon.file(name), contents: Data("x".utf8)))
    }
    let result = try pcon.run("account create ada@example.com")
    #expect(result.status == 5)
    #expect(result.stderr.contains("not a pcon state directory"), "\(result.stderr)")
    #expect(
      try FileManager.default.contentsOfDirectory(atPath: pcon.stateDir).sorted() == [
        "lock", "notes.tmp-draft", "report.txt.tmp-12-1",
      ])
  }

  @Test func eightFirstCommandsInParallelAllSucceed() throws {
    for _ in 0..<3 {
      let pcon = try Pcon()
      // Half create accounts (writers), half read as an account that does not exist, all at once.
      let lines = (0..<8).map { n in
        n % 2 == 0 ? "account create w\(n)@example.com" : "device list --as nobody@example.com"
      }
      let results = Results(count: lines.count)
      DispatchQueue.concurrentPerform(iterations: lines.count) { n in
        results.set(n, try? pcon.run(lines[n]))
      }
      for (n, result) in results.all.enumerated() {
        let expected: Int32 = n % 2 == 0 ? 0 : 3
        #expect(result?.status == expected, "\(lines[n]): \(result?.stderr ?? "did not run")")
      }
      let accounts = try pcon.ok("account list --as w0@example.com --json")
      let emails = try #require(try Pcon.json(accounts) as? [[String: Any]]).compactMap {
        $0["email"] as? String
      }
      #expect(emails.sorted() == (0..<4).map { "w\($0 * 2)@example.com" })
    }
  }
}

/// Results gathered from concurrent runs.
private final class Results: @unchecked Sendable {
  private let lock = NSLock()
  private var results: [RunResult?]

  init(count: Int) { results = Array(repeating: nil, count: count) }

  func set(_ n: Int, _ result: RunResult?) {
    lock.lock()
    results[n] = result
    lock.unlock()
  }

  var all: [RunResult?] {
    lock.lock()
    defer { lock.unlock() }
    return results
  }
}
