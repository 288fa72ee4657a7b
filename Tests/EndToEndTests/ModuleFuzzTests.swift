import Foundation
import PconCore
import Testing

/// Hostile binaries: thousands of mutated and truncated real modules decode to a result or to
/// one clean error, never a trap; and the built pcon answers one line and exit 1 for them.
@Suite struct ModuleFuzzTests {
  static let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
    .appendingPathComponent("../Fixtures/firmware").standardized.path

  static func fixtures() throws -> [(String, [UInt8])] {
    try FileManager.default.contentsOfDirectory(atPath: directory).filter { $0.hasSuffix(".bin") }
      .sorted().map {
        ($0, [UInt8](try Data(contentsOf: URL(fileURLWithPath: directory + "/" + $0))))
      }
  }

  /// Decodes `bytes`; a failure must be the one-line "not a module" error, a success must have
  /// read only inside the file.
  static func decodeCleanly(_ bytes: [UInt8], _ what: String) {
    do {
      let module = try ModuleInfo.decode(bytes, file: "fuzz.bin")
      #expect(module.size == bytes.count, "\(what)")
      #expect(module.prefixOffset >= 0 && module.prefixOffset + 24 <= bytes.count, "\(what)")
      #expect(UInt64(module.prefix.endAddress) > UInt64(module.prefix.startAddress), "\(what)")
      #expect(
        UInt64(bytes.count) >= UInt64(module.prefix.endAddress - module.prefix.startAddress) + 4,
        "\(what)")
    } catch let error as PconError {
      guard case .notAModule = error else {
        Issue.record("\(what): unexpected error \(error)")
        return
      }
      #expect(!error.message.contains("\n") && error.message.hasPrefix("fuzz.bin "), "\(what)")
    } catch {
      Issue.record("\(what): unexpected error \(error)")
    }
  }

  @Test func everyTruncationOfAModuleDecodesCleanly() throws {
    let real = try #require(try Self.fixtures().first { $0.0 == "040_user-part.bin" }?.1)
    let built = ModuleBuilder(platformID: 12, productID: 12, productVersion: 3).build()
    for length in 0...real.count {
      Self.decodeCleanly(Array(real[..<length]), "040_user-part.bin cut to \(length)")
    }
    for length in 0...built.count {
      Self.decodeCleanly(Array(built[..<length]), "built module cut to \(length)")
      // The tail alone, as a file whose start was lost.
      Self.decodeCleanly(Array(built[(built.count - length)...]), "built module from \(length)")
    }
  }

  @Test(arguments: [1 as UInt64, 2, 3])
  func thousandsOfMutatedModulesDecodeCleanly(seed: UInt64) throws {
    var g = SeededGenerator(seed: seed)
    let fixtures = try Self.fixtures()
    // Each mutation keeps a fixture's shape but lies somewhere a reader trusts.
    for round in 0..<1_000 {
      var (name, bytes) = g.pick(fixtures)
      let n = bytes.count
      let kind = Int(g.next() % 7)
      switch kind {
      case 0:  // a few random bytes anywhere
        for _ in 0..<(1 + Int(g.next() % 8)) {
          bytes[Int(g.next() % UInt64(n))] = UInt8(g.next() & 0xFF)
        }
      case 1:  // start and end addresses that lie, at every place a prefix may be
        for offset in [0, 0x10C, 0x184, 0x200] where offset + 8 <= n {
          for i in 0..<8 { bytes[offset + i] = UInt8(g.next() & 0xFF) }
        }
      case 2:  // a suffix size that lies
        bytes[n - 6] = UInt8(g.next() & 0xFF)
        bytes[n - 5] = UInt8(g.next() & 0xFF)
      case 3:  // cut short at a random length
        bytes = Array(bytes[..<Int(g.next() % UInt64(n))])
      case 4:  // random bytes of a random length
        bytes = (0..<Int(g.next() % 9_000)).map { _ in UInt8(g.next() & 0xFF) }
      case 5:  // junk appended
        bytes += (0..<Int(g.next() % 600)).map { _ in UInt8(g.next() & 0xFF) }
      default:  // the whole prefix area replaced
        for i in 0..<min(n, 0x220) { bytes[i] = UInt8(g.next() & 0xFF) }
      }
      Self.decodeCleanly(bytes, "seed \(seed) round \(round): \(name), mutation \(kind)")
      name = ""
    }
  }

  @Test func theCommandAnswersHostileFilesInOneLineAndExitOne() throws {
    let pcon = try Pcon()
    var g = SeededGenerator(seed: 42)
    for (index, bytes) in [
      [UInt8](), [UInt8](repeating: 0, count: 63),
      (0..<5_000).map { _ in UInt8(g.next() & 0xFF) },
    ].enumerated() {
      let path = pcon.base + "/hostile-\(index).bin"
      try Data(bytes).write(to: URL(fileURLWithPath: path))
      let result = try pcon.run(["firmware", "inspect", path])
      #expect(result.status == 1 && !result.signalled)
      #expect(result.stdout.isEmpty)
      #expect(result.stderr.hasPrefix("error: \(path) is not a Particle module: "))
      #expect(result.stderr.split(separator: "\n").count == 1, "\(result.stderr)")
    }
  }
}
