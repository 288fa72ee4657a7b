import Testing

@testable import PconCLI
@testable import PconCore

/// A pipe is copied aside before the lock is taken; an endless one stops at the spool limit
/// with an error naming it, rather than filling the disk.
@Suite struct SpoolTests {
  @Test func aPipeLongerThanTheLimitIsRefusedNamingIt() throws {
    var long = MemorySource([UInt8](repeating: 0x41, count: 300_000), name: "stdin")
    #expect(throws: PconError.inputTooLarge(input: "stdin", limit: 200_000, unit: "bytes")) {
      _ = try InputFile.spooled(&long, temporaryDirectory: "/tmp", limit: 200_000)
    }
    var short = MemorySource([UInt8](repeating: 0x41, count: 100_000), name: "stdin")
    let copy = try InputFile.spooled(&short, temporaryDirectory: "/tmp", limit: 200_000)
    #expect(copy.isRegularFile)
  }
}
