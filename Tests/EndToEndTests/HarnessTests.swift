import Foundation
import Testing

/// The harness itself: what every end-to-end test relies on to leave nothing behind.
@Suite struct HarnessTests {
  @Test func aHarnessRemovesItsDirectoryWhenItGoes() throws {
    func used() throws -> String {
      let pcon = try Pcon()
      try pcon.ok("demo")
      try "extra".write(toFile: pcon.base + "/other.txt", atomically: true, encoding: .utf8)
      #expect(FileManager.default.fileExists(atPath: pcon.file("pcon.json")))
      return pcon.base
    }
    let base = try used()
    #expect(URL(fileURLWithPath: base).lastPathComponent.hasPrefix(Pcon.runPrefix))
    #expect(!FileManager.default.fileExists(atPath: base), "\(base) was left behind")
  }

  @Test func linesArriveWholeAndAStuckChildIsKilled() throws {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/bin/sh")
    process.arguments = ["-c", "printf 'one\\ntw'; printf 'o\\n'; exec sleep 30"]
    let out = Pipe()
    process.standardOutput = out
    try process.run()
    let reader = LineReader(out.fileHandleForReading.fileDescriptor)
    #expect(reader.lines(2) == ["one", "two"])
    // The safety net: a child that does not stop is killed, and the wait says so.
    #expect(!waitForExit(process, seconds: 0.2))
    #expect(!process.isRunning && process.terminationReason == .uncaughtSignal)
  }
}
