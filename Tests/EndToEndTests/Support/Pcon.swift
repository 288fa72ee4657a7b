import Foundation
import Testing

/// What one run of the built `pcon` binary printed and how it exited.
struct RunResult {
  let stdout: String
  let stderr: String
  let status: Int32
  /// The process ended by a signal (a Swift trap is SIGILL or SIGTRAP), not by exiting.
  var signalled = false
}

/// Runs the built `pcon` binary against a temporary state directory of its own, removed with it.
final class Pcon: @unchecked Sendable {
  /// The prefix of every temporary directory this test process makes, so a check can count its
  /// own leftovers without seeing another run's.
  static let runPrefix = "pcon-e2e-\(ProcessInfo.processInfo.processIdentifier)-"
  /// The temporary directory that holds the state directory and anything else a test puts there.
  let base: String
  /// The state directory, inside `base`.
  let stateDir: String
  /// Extra environment for every run (PCON_NOW, NO_COLOR, …).
  var environment: [String: String] = [:]

  init() throws {
    let url = FileManager.default.temporaryDirectory.appendingPathComponent(
      Self.runPrefix + UUID().uuidString)
    try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    base = url.path
    stateDir = url.appendingPathComponent("state").path
  }

  deinit { try? FileManager.default.removeItem(atPath: base) }

  /// The built executable, next to the test bundle in `.build/<configuration>/`.
  static var binary: String {
    if let explicit = ProcessInfo.processInfo.environment["PCON_BINARY"] { return explicit }
    var url = Bundle.main.bundleURL
    while !FileManager.default.isExecutableFile(atPath: url.appendingPathComponent("pcon").path),
      url.path != "/"
    {
      url.deleteLastPathComponent()
    }
    return url.appendingPathComponent("pcon").path
  }

  /// Runs `pcon ARGS…` with PCON_STATE_DIR set, feeding `stdin` if given.
  @discardableResult
  func run(_ arguments: [String], stdin: String? = nil, env extra: [String: String] = [:]) throws
    -> RunResult
  {
    try execute(Pcon.binary, arguments, stdin: stdin, env: extra)
  }

  /// Runs `script` in `shell` with the same environment as `run`, `$PCON` naming the binary and
  /// its folder first on PATH, so a script can pipe pcon into pcon or redirect a device.
  func shell(_ script: String, in shell: String = "/bin/sh", env extra: [String: String] = [:])
    throws -> RunResult
  {
    let folder = URL(fileURLWithPath: Pcon.binary).deletingLastPathComponent().path
    let path = folder + ":" + (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin")
    let home = URL(fileURLWithPath: stateDir).deletingLastPathComponent().path
    var env = ["PCON": Pcon.binary, "PATH": path, "HOME": home]
    env.merge(extra) { $1 }
    return try execute(shell, ["-c", script], stdin: nil, env: env)
  }

  private func execute(
    _ executable: String, _ arguments: [String], stdin: String?, env extra: [String: String]
  ) throws -> RunResult {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: executable)
    process.arguments = arguments
    // Files a command writes by a relative name land in the test's own directory, removed with it.
    process.currentDirectoryURL = URL(fileURLWithPath: base)
    var env = ProcessInfo.processInfo.environment
    for key in ["PCON_TOKEN", "PCON_NOW", "NO_COLOR", "XDG_DATA_HOME", "PCON_LOCK_TIMEOUT"] {
      env[key] = nil
    }
    env["PCON_STATE_DIR"] = stateDir
    env.merge(environment) { $1 }
    env.merge(extra) { $1 }
    process.environment = env
    let out = Pipe()
    let err = Pipe()
    let input = Pipe()
    process.standardOutput = out
    process.standardError = err
    process.standardInput = input
    try process.run()
    if let stdin { input.fileHandleForWriting.write(Data(stdin.utf8)) }
    try input.fileHandleForWriting.close()
    // Read both pipes before waiting, so a large output cannot fill a pipe and stall the child.
    let group = DispatchGroup()
    nonisolated(unsafe) var errData = Data()
    DispatchQueue.global().async(group: group) {
      errData = err.fileHandleForReading.readDataToEndOfFile()
    }
    let outData = out.fileHandleForReading.readDataToEndOfFile()
    group.wait()
    process.waitUntilExit()
    return RunResult(
      stdout: String(decoding: outData, as: UTF8.self),
      stderr: String(decoding: errData, as: UTF8.self),
      status: process.terminationStatus,
      signalled: process.terminationReason == .uncaughtSignal)
  }

  /// Runs a command line given as one string split on spaces (no quoting).
  @discardableResult
  func run(_ line: String, stdin: String? = nil, env: [String: String] = [:]) throws -> RunResult {
    try run(line.split(separator: " ").map(String.init), stdin: stdin, env: env)
  }

  /// Runs and expects exit 0, returning stdout.
  @discardableResult
  func ok(_ line: String, sourceLocation: SourceLocation = #_sourceLocation) throws -> String {
    let result = try run(line)
    #expect(
      result.status == 0, "pcon \(line) failed: \(result.stderr)", sourceLocation: sourceLocation)
    return result.stdout
  }

  /// Parses stdout as JSON.
  static func json(_ text: String) throws -> Any {
    try JSONSerialization.jsonObject(with: Data(text.utf8), options: [.fragmentsAllowed])
  }

  /// Creates and logs in an account.
  func account(_ email: String = "ada@example.com") throws {
    try ok("account create \(email)")
  }

  /// Path inside the state directory.
  func file(_ relative: String) -> String { stateDir + "/" + relative }
}

/// A device ID made from a number, for tests that need many.
func deviceID(_ n: Int) -> String {
  let hex = String(n, radix: 16)
  return "e00fce68" + String(repeating: "0", count: 16 - hex.count) + hex
}

extension Pcon {
  /// Starts `pcon logs --follow ARGUMENTS` on this state, its stdout read line by line. The
  /// follower flushes its first output (history or header) only once it is watching, so the
  /// first line is its ready signal.
  func startFollowing(_ arguments: [String]) throws -> (Process, LineReader) {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: Pcon.binary)
    process.arguments = ["logs", "--follow"] + arguments
    var env = ProcessInfo.processInfo.environment
    env["PCON_STATE_DIR"] = stateDir
    env["PCON_NOW"] = nil
    process.environment = env
    let out = Pipe()
    process.standardOutput = out
    process.standardError = FileHandle.nullDevice
    try process.run()
    return (process, LineReader(out.fileHandleForReading.fileDescriptor))
  }
}

/// Reads whole lines from a child's pipe, blocking until they arrive; the timeout is only a safety
/// net so a broken child fails its test instead of hanging the suite.
final class LineReader {
  private let fd: Int32
  private var pending: [UInt8] = []

  init(_ fd: Int32) { self.fd = fd }

  /// The next `count` lines, or fewer if the pipe closes or `timeout` seconds pass first.
  func lines(_ count: Int, timeout: Double = 10) -> [String] {
    var lines: [String] = []
    let deadline = Date().addingTimeInterval(timeout)
    while lines.count < count {
      if let newline = pending.firstIndex(of: UInt8(ascii: "\n")) {
        lines.append(String(decoding: pending[..<newline], as: UTF8.self))
        pending.removeSubrange(...newline)
        continue
      }
      let left = Int32(max(0, deadline.timeIntervalSinceNow) * 1000)
      var poller = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
      guard left > 0, poll(&poller, 1, left) > 0 else { break }
      var buffer = [UInt8](repeating: 0, count: 4096)
      let n = read(fd, &buffer, buffer.count)
      if n <= 0 { break }
      pending += buffer[0..<n]
    }
    return lines
  }
}

/// Waits for `process` to exit, killing it after `seconds` (a safety net) so a child that does not
/// stop fails the test instead of hanging the suite.
func waitForExit(_ process: Process, seconds: Double = 10) -> Bool {
  let exited = DispatchSemaphore(value: 0)
  DispatchQueue.global().async {
    process.waitUntilExit()
    exited.signal()
  }
  if exited.wait(timeout: .now() + seconds) == .success { return true }
  kill(process.processIdentifier, SIGKILL)
  exited.wait()
  return false
}
