import Foundation
import LocalHTTPServer
import Testing

/// A state for webhook delivery tests: ada with her sandbox device `lab`, her product 10001 with
/// device `pump`, a View-only member `vi` and a Developer `dev` on it, the clock fixed by
/// PCON_NOW so the throttle's retries move only when a test moves it.
final class HookWorld {
  let pcon: Pcon
  static let lab = "e00fce68000000000000a001"
  static let pump = "e00fce68000000000000b001"
  static let start = "2026-11-26T10:00:00Z"

  init(now: String = HookWorld.start) throws {
    pcon = try Pcon()
    pcon.environment["PCON_NOW"] = now
    try pcon.account()
    for line in [
      "device claim \(Self.lab) --platform argon --name lab",
      "product create Widgets --platform boron --id 10001",
      "account create vi@example.com", "account create dev@example.com",
      "team invite vi@example.com --product 10001 --role view-only",
      "invite accept 10001 --as vi@example.com",
      "team invite dev@example.com --product 10001 --role developer",
      "invite accept 10001 --as dev@example.com", "login ada@example.com",
    ] {
      try pcon.ok(line)
    }
    let imported = try pcon.run("device import --product 10001 -", stdin: "\(Self.pump)\n")
    #expect(imported.status == 0, "\(imported.stderr)")
    try pcon.ok("device rename \(Self.pump) pump")
  }

  /// Moves the clock.
  func at(_ time: String) { pcon.environment["PCON_NOW"] = time }

  /// Creates a hook from Particle's webhook JSON; its ID.
  @discardableResult
  func hook(
    _ json: String, product: String? = nil, sourceLocation: SourceLocation = #_sourceLocation
  )
    throws -> String
  {
    let result = try pcon.run(
      ["integration", "create", "--from-file", "-"] + (product.map { ["--product", $0] } ?? []),
      stdin: json)
    #expect(result.status == 0, "\(result.stderr)", sourceLocation: sourceLocation)
    return result.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
  }

  /// Publishes as a device (or as the account when `device` is nil).
  func publish(
    _ name: String, _ data: String, device: String? = HookWorld.lab,
    sourceLocation: SourceLocation = #_sourceLocation
  ) throws {
    let result = try pcon.run(
      ["publish", name, data] + (device.map { ["--device", $0] } ?? []))
    #expect(result.status == 0, "\(result.stderr)", sourceLocation: sourceLocation)
  }

  /// Runs the worker once (`integration deliver`), expecting it to succeed; its stdout.
  @discardableResult
  func deliver(_ extra: [String] = [], sourceLocation: SourceLocation = #_sourceLocation) throws
    -> String
  {
    let result = try pcon.run(["integration", "deliver"] + extra)
    #expect(result.status == 0, "\(result.stderr)", sourceLocation: sourceLocation)
    return result.stdout
  }

  /// The log of the sandbox, or of `product`, oldest first.
  func events(product: String? = nil) throws -> [[String: Any]] {
    let result = try pcon.run(["logs", "--json"] + (product.map { ["--product", $0] } ?? []))
    #expect(result.status == 0, "\(result.stderr)")
    return try result.stdout.split(separator: "\n").map {
      try #require(try Pcon.json(String($0)) as? [String: Any])
    }
  }

  /// The `(name, data)` of the log's hook events (published by `particle-internal`).
  func hookEvents(product: String? = nil) throws -> [(name: String, data: String)] {
    try events(product: product).filter { $0["coreid"] as? String == "particle-internal" }.map {
      ($0["name"] as? String ?? "", $0["data"] as? String ?? "")
    }
  }

  /// Starts `pcon ARGS…` as a child with this state and clock; stdout and stderr go to files in
  /// the test's directory, read with `output`.
  func start(_ arguments: [String], tag: String) throws -> Process {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: Pcon.binary)
    process.arguments = arguments
    var env = ProcessInfo.processInfo.environment
    env["PCON_STATE_DIR"] = pcon.stateDir
    env["PCON_TOKEN"] = nil
    env.merge(pcon.environment) { $1 }
    process.environment = env
    _ = FileManager.default.createFile(atPath: "\(pcon.base)/\(tag).out", contents: nil)
    _ = FileManager.default.createFile(atPath: "\(pcon.base)/\(tag).err", contents: nil)
    process.standardOutput = FileHandle(forWritingAtPath: "\(pcon.base)/\(tag).out")
    process.standardError = FileHandle(forWritingAtPath: "\(pcon.base)/\(tag).err")
    process.standardInput = FileHandle.nullDevice
    try process.run()
    return process
  }

  /// What a child started with `tag` has written to `stream` ("out" or "err") so far.
  func output(_ tag: String, _ stream: String) -> String {
    (try? String(contentsOfFile: "\(pcon.base)/\(tag).\(stream)", encoding: .utf8)) ?? ""
  }
}

/// Waits until `condition` holds, polling every few milliseconds, at most `timeout` seconds: a
/// deadline, not a sleep. Whether it came to hold.
func eventually(timeout: Double = 20, _ condition: () -> Bool) -> Bool {
  let deadline = Date(timeIntervalSinceNow: timeout)
  while Date() < deadline {
    if condition() { return true }
    usleep(5_000)
  }
  return condition()
}

extension RecordedRequest {
  /// The request target's path, without the query.
  var path: String { String(target.prefix { $0 != "?" }) }
  /// The query string, without `?`; empty when there is none.
  var query: String {
    guard let mark = target.firstIndex(of: "?") else { return "" }
    return String(target[target.index(after: mark)...])
  }
}
