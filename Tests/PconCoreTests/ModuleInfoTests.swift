import Foundation
import PconCore
import Testing

/// The module decoder against the real binaries in Tests/Fixtures/firmware, whose README lists
/// what Particle's own reader decodes from each, and against modules built to order.
@Suite struct ModuleInfoTests {
  static let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
    .appendingPathComponent("../Fixtures/firmware").standardized.path

  /// One row of the README's "Decoded fields" table.
  struct Row: CustomTestStringConvertible {
    let file: String
    let platform: Int
    let function: Int
    let index: Int
    let moduleVersion: Int
    let prefixOffset: Int
    let start: UInt32
    let end: UInt32
    let dependency: [Int]?
    let suffixSize: Int
    let productID: Int?
    let productVersion: Int?
    let crcValid: Bool
    let shaValid: Bool
    var testDescription: String { file }
  }

  /// The README's table, read as written: numbers are the first number in a cell, `−1` is
  /// "absent", bold marks are dropped.
  static func rows() throws -> [Row] {
    let text = try String(contentsOfFile: directory + "/README.md", encoding: .utf8)
    let table = try #require(text.components(separatedBy: "## Decoded fields").last)
    func number(_ cell: String) -> Int? {
      let cleaned = cell.replacingOccurrences(of: "*", with: "").replacingOccurrences(
        of: "−", with: "-"
      ).trimmingCharacters(in: .whitespaces)
      if cleaned.hasPrefix("0x") {
        return Int(cleaned.dropFirst(2).prefix { $0.isHexDigit }, radix: 16)
      }
      let digits = cleaned.prefix { $0 == "-" || $0.isNumber }
      return Int(digits)
    }
    var rows: [Row] = []
    for line in table.split(separator: "\n") where line.hasPrefix("| `") {
      let cells = line.split(separator: "|").map { $0.trimmingCharacters(in: .whitespaces) }
      guard cells.count == 12 else { continue }
      let function = cells[2]
      let addresses = cells[5].components(separatedBy: "→").map {
        UInt32($0.trimmingCharacters(in: .whitespaces), radix: 16)
      }
      let dependency =
        cells[6] == "none"
        ? nil
        : cells[6].trimmingCharacters(in: CharacterSet(charactersIn: "()")).split(separator: ",")
          .compactMap { Int($0) }
      let pid = number(cells[8])
      let pver = number(cells[9])
      rows.append(
        Row(
          file: cells[0].trimmingCharacters(in: CharacterSet(charactersIn: "`")),
          platform: try #require(number(cells[1])), function: try #require(number(function)),
          index: try #require(
            Int(function.split(separator: "(").last?.prefix { $0.isNumber } ?? "")),
          moduleVersion: try #require(number(cells[3])),
          prefixOffset: try #require(number(cells[4])),
          start: try #require(addresses.first ?? nil), end: try #require(addresses.last ?? nil),
          dependency: dependency, suffixSize: try #require(number(cells[7])),
          productID: pid == -1 ? nil : pid, productVersion: pver == -1 ? nil : pver,
          crcValid: cells[10].contains("yes"), shaValid: cells[11].contains("yes")))
    }
    return rows
  }

  static func bytes(_ file: String) throws -> [UInt8] {
    [UInt8](try Data(contentsOf: URL(fileURLWithPath: directory + "/" + file)))
  }

  @Test func theReadmeListsEveryFixture() throws {
    let files = try FileManager.default.contentsOfDirectory(atPath: Self.directory)
      .filter { $0.hasSuffix(".bin") }
    let rows = try Self.rows()
    #expect(rows.count == 10)
    #expect(Set(files) == Set(rows.map(\.file)))
  }

  @Test func everyFixtureDecodesToTheFieldsItsReadmeLists() throws {
    for row in try Self.rows() {
      let module = try ModuleInfo.decode(try Self.bytes(row.file), file: row.file)
      #expect(module.platformID == row.platform, "\(row.file)")
      #expect(module.function == row.function, "\(row.file)")
      #expect(module.index == row.index, "\(row.file)")
      #expect(module.moduleVersion == row.moduleVersion, "\(row.file)")
      #expect(module.prefixOffset == row.prefixOffset, "\(row.file)")
      #expect(module.prefix.startAddress == row.start, "\(row.file)")
      #expect(module.prefix.endAddress == row.end, "\(row.file)")
      #expect(
        module.dependencies.first.map { [$0.function, $0.index, $0.version] } == row.dependency,
        "\(row.file)")
      // Every fixture's second dependency slot is empty.
      #expect(module.dependencies.count == (row.dependency == nil ? 0 : 1), "\(row.file)")
      #expect(module.suffix.size == row.suffixSize, "\(row.file)")
      #expect(module.productID == row.productID, "\(row.file)")
      #expect(module.productVersion == row.productVersion, "\(row.file)")
      #expect(module.crcValid == row.crcValid, "\(row.file)")
      #expect(module.sha256Valid == row.shaValid, "\(row.file)")
    }
  }

  @Test func theFixturesAreTheFilesTheReadmeHashes() throws {
    let text = try String(contentsOfFile: Self.directory + "/README.md", encoding: .utf8)
    for row in try Self.rows() {
      #expect(text.contains("`\(SHA256.hex(try Self.bytes(row.file)))`"), "\(row.file)")
    }
  }

  @Test(arguments: [
    (12, 0, 0, UInt8(5), UInt8(2)), (13, 10_001, 7, 5, 1), (26, 26, 65_534, 5, 2),
    (6, 0xFFFF, 1, 2, 0), (32, 32, 4, 4, 1),
  ])
  func aBuiltModuleDecodesToWhatWasBuilt(
    platform: Int, productID: Int, version: Int, function: UInt8, index: UInt8
  ) throws {
    var builder = ModuleBuilder(platformID: platform, productID: productID, productVersion: version)
    builder.function = function
    builder.index = index
    builder.payload = Array(repeating: 0xA5, count: 300)
    let bytes = builder.build()
    let module = try ModuleInfo.decode(bytes, file: "built.bin")
    #expect(module.platformID == platform && module.productID == productID)
    #expect(module.productVersion == version && module.function == Int(function))
    #expect(module.index == Int(index) && module.prefixOffset == 0 && module.size == bytes.count)
    #expect(module.crcValid && module.sha256Valid && module.suffix.size == 40)
    #expect(module.prefix.startAddress == builder.startAddress)
    #expect(module.isApplication == (function == 5))
  }

  @Test func aChangedByteBreaksTheChecksums() throws {
    var bytes = ModuleBuilder(platformID: 12, productID: 12, productVersion: 3).build()
    bytes[30] ^= 0xFF
    let module = try ModuleInfo.decode(bytes, file: "changed.bin")
    #expect(!module.crcValid && !module.sha256Valid)
  }

  @Test(arguments: [
    ([UInt8](), "it is 0 bytes"),
    ([UInt8](repeating: 0, count: 63), "it is 63 bytes"),
    ([UInt8](repeating: 0, count: 4096), "no module prefix"),
    ([UInt8](repeating: 0xFF, count: 4096), "no module prefix"),
  ])
  func whatCannotBeAModuleIsOneLineNamingTheFile(bytes: [UInt8], reason: String) {
    #expect {
      try ModuleInfo.decode(bytes, file: "bad.bin")
    } throws: { error in
      guard let error = error as? PconError, case .notAModule = error else { return false }
      return error.message.hasPrefix("bad.bin is not a Particle module: ")
        && error.message.contains(reason) && !error.message.contains("\n")
        && error.kind == .refused
    }
  }

  @Test func anEndAddressThatLiesAboutTheLengthIsNotAPrefix() throws {
    var bytes = ModuleBuilder(platformID: 12, productID: 12, productVersion: 3).build()
    // The module now claims to be a megabyte long: no prefix may extend past the file.
    bytes[6] = 0x20
    #expect(throws: PconError.self) { try ModuleInfo.decode(bytes, file: "lying.bin") }
    bytes[6] = 0
    bytes[4] = 0
    bytes[5] = 0x30  // end below start
    #expect(throws: PconError.self) { try ModuleInfo.decode(bytes, file: "lying.bin") }
  }

  @Test func aSuffixSizeThatLiesIsReportedNotFollowed() throws {
    var bytes = ModuleBuilder(platformID: 12, productID: 12, productVersion: 3).build()
    let n = bytes.count
    bytes[n - 6] = 0xFF
    bytes[n - 5] = 0xFF
    let module = try ModuleInfo.decode(bytes, file: "suffix.bin")
    #expect(module.suffix.size == 0xFFFF && !module.crcValid && module.productVersion == 3)
    bytes[n - 6] = 36
    bytes[n - 5] = 0
    #expect(try ModuleInfo.decode(bytes, file: "suffix.bin").productVersion == nil)
  }
}
