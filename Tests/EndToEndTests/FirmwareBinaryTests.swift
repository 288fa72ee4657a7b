import Foundation
import PconCore
import Testing

/// `firmware upload|list|show|edit|delete|download` run as the built binary: every refusal the
/// console makes on real Particle binaries and built ones, the exact bytes back, the doctor on a
/// changed binary, and the Tracker catalogue.
@Suite struct FirmwareBinaryTests {
  static let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
    .appendingPathComponent("../Fixtures/firmware").standardized.path

  static func fixture(_ name: String) -> String { fixtures + "/" + name }

  /// A state with an account and the products the fixtures were built for.
  static func fleet() throws -> Pcon {
    let pcon = try Pcon()
    try pcon.account()
    try pcon.ok("login ada@example.com")
    for (name, platform, id) in [
      ("Asset", "electron", 8178), ("Greenhouse", "argon", 20001), ("Lobby", "p2", 20002),
      ("Porch", "photon", 20003), ("Fleet", "tracker", 20004),
    ] {
      try pcon.ok("product create \(name) --platform \(platform) --id \(id)")
    }
    return pcon
  }

  /// Writes a built module into the test's directory and returns its path.
  static func write(_ bytes: [UInt8], _ name: String, in pcon: Pcon) throws -> String {
    let path = pcon.base + "/" + name
    try Data(bytes).write(to: URL(fileURLWithPath: path))
    return path
  }

  /// Runs an upload and expects a one-line refusal naming the file and the field.
  static func expectRefused(
    _ pcon: Pcon, _ file: String, product: Int, version: Int, field: String, saying: String,
    sourceLocation: SourceLocation = #_sourceLocation
  ) throws {
    let result = try pcon.run([
      "firmware", "upload", file, "--product", String(product), "--version", String(version),
      "--title", "Attempt",
    ])
    #expect(result.status == 1, "\(result.stderr)", sourceLocation: sourceLocation)
    #expect(
      result.stderr.hasPrefix("error: \(file) cannot be uploaded: its \(field) "),
      "\(result.stderr)", sourceLocation: sourceLocation)
    #expect(result.stderr.contains(saying), "\(result.stderr)", sourceLocation: sourceLocation)
    #expect(
      result.stderr.split(separator: "\n").count == 1, "\(result.stderr)",
      sourceLocation: sourceLocation)
    #expect(result.stdout.isEmpty, sourceLocation: sourceLocation)
  }

  static func versions(_ pcon: Pcon, _ product: Int) throws -> [[String: Any]] {
    try #require(
      try Pcon.json(try pcon.ok("firmware list --product \(product) --json")) as? [[String: Any]])
  }

  @Test func realBinariesAreRefusedForWhatTheyAre() throws {
    let pcon = try Self.fleet()
    try Self.expectRefused(
      pcon, Self.fixture("argon-bootloader-620.bin"), product: 20001, version: 1,
      field: "module function", saying: "bootloader (2), not an application")
    try Self.expectRefused(
      pcon, Self.fixture("argon-tinker-620.bin"), product: 8178, version: 1, field: "platform",
      saying: "argon (12), but product 8178 is for electron (10)")
    // Built without PRODUCT_VERSION: zeros in a 40-byte suffix, or no product fields at all.
    try Self.expectRefused(
      pcon, Self.fixture("argon-tinker-620.bin"), product: 20001, version: 1,
      field: "product version", saying: "is missing")
    try Self.expectRefused(
      pcon, Self.fixture("040_user-part.bin"), product: 20003, version: 1,
      field: "product version", saying: "is missing")
    try Self.expectRefused(
      pcon, Self.fixture("product_firmware.bin"), product: 8178, version: 12,
      field: "product version", saying: "is 13, but version 12 was given; they must match")
    #expect(try Self.versions(pcon, 8178).isEmpty)
    #expect(try Self.versions(pcon, 20001).isEmpty)
    // The binary built with PRODUCT_ID(8178), and one built with PRODUCT_ID(PLATFORM_ID).
    try pcon.ok(
      "firmware upload \(Self.fixture("product_firmware.bin")) --product 8178 --version 13 --title Thirteen"
    )
    try pcon.ok(
      "firmware upload \(Self.fixture("tinker-5.0.0-p2.bin")) --product 20002 --version 4 --title Tinker"
    )
    try Self.expectRefused(
      pcon, Self.fixture("product_firmware.bin"), product: 8178, version: 13,
      field: "product version", saying: "is 13, not above version 13 already uploaded")
  }

  @Test func builtBinariesAreRefusedForEachField() throws {
    let pcon = try Self.fleet()
    var damaged = ModuleBuilder(platformID: 12, productID: 20001, productVersion: 1).build()
    damaged[30] ^= 0x01
    try Self.expectRefused(
      pcon, try Self.write(damaged, "damaged.bin", in: pcon), product: 20001, version: 1,
      field: "CRC-32", saying: "does not match its bytes")
    var systemPart = ModuleBuilder(platformID: 12, productID: 12, productVersion: 1)
    systemPart.function = 4
    try Self.expectRefused(
      pcon, try Self.write(systemPart.build(), "system.bin", in: pcon), product: 20001,
      version: 1, field: "module function", saying: "system-part (4)")
    let foreign = ModuleBuilder(platformID: 12, productID: 4242, productVersion: 1).build()
    try Self.expectRefused(
      pcon, try Self.write(foreign, "foreign.bin", in: pcon), product: 20001, version: 1,
      field: "product ID", saying: "is 4242: neither product 20001, the platform ID (12) nor unset")
    // Unset product IDs (0 and 0xFFFF), the platform's and the product's own are all accepted.
    for (version, id) in [(1, 0), (2, 0xFFFF), (3, 12), (4, 20001 & 0xFFFF)] {
      let bytes = ModuleBuilder(platformID: 12, productID: id, productVersion: version).build()
      let path = try Self.write(bytes, "v\(version).bin", in: pcon)
      try pcon.ok(
        "firmware upload \(path) --product 20001 --version \(version) --title V\(version)")
    }
    let old = try Self.write(
      ModuleBuilder(platformID: 12, productID: 12, productVersion: 3).build(), "old.bin", in: pcon)
    try Self.expectRefused(
      pcon, old, product: 20001, version: 3, field: "product version",
      saying: "is 3, not above version 4 already uploaded")
    // A hostile file is not a module at all: one line, exit 1.
    let junk = try Self.write(Array(repeating: 0x42, count: 300), "junk.bin", in: pcon)
    let result = try pcon.run([
      "firmware", "upload", junk, "--product", "20001", "--version", "5", "--title", "Junk",
    ])
    #expect(
      result.status == 1 && result.stderr.hasPrefix("error: \(junk) is not a Particle module"))
  }

  @Test func aVersionRoundTripsThroughListShowEditDownloadAndDelete() throws {
    let pcon = try Self.fleet()
    pcon.environment["PCON_NOW"] = "2026-11-26T10:00:00Z"
    let source = Self.fixture("product_firmware.bin")
    try pcon.ok("firmware upload \(source) --product 8178 --version 13 --title Thirteen")
    // Two devices run it, one another version.
    try pcon.run(
      ["device", "import", "--product", "8178", "-"],
      stdin: "\(deviceID(1))\n\(deviceID(2))\n\(deviceID(3))\n")
    try pcon.ok("device connect \(deviceID(1)) --firmware-version 13")
    try pcon.ok("device connect \(deviceID(2)) --firmware-version 13")
    try pcon.ok("device connect \(deviceID(3)) --firmware-version 12")
    let listed = try #require(try Self.versions(pcon, 8178).first)
    #expect(listed["version"] as? Int == 13 && listed["title"] as? String == "Thirteen")
    #expect(
      listed["size"] as? Int == 19_884 && listed["uploaded_by"] as? String == "ada@example.com")
    #expect(listed["uploaded_at"] as? String == "2026-11-26T10:00:00.000Z")
    #expect(listed["running_devices"] as? Int == 2 && listed["product_default"] as? Bool == false)
    let table = try pcon.ok("firmware list --product 8178")
    #expect(table.contains("Thirteen") && table.contains("ada@example.com"))

    try pcon.run([
      "firmware", "edit", "13", "--product", "8178", "--title", "Faster", "--description",
      "sampling every minute",
    ])
    let shown = try #require(
      try Pcon.json(try pcon.ok("firmware show 13 --product 8178 --json")) as? [String: Any])
    #expect(shown["title"] as? String == "Faster")
    #expect(shown["description"] as? String == "sampling every minute")

    let output = pcon.base + "/copy.bin"
    try pcon.ok("firmware download 13 --product 8178 --output \(output)")
    #expect(
      try Data(contentsOf: URL(fileURLWithPath: output))
        == Data(contentsOf: URL(fileURLWithPath: source)))
    // An existing file is kept unless --force.
    try Data("keep".utf8).write(to: URL(fileURLWithPath: output))
    let refused = try pcon.run("firmware download 13 --product 8178 --output \(output)")
    #expect(refused.status == 1 && refused.stderr.contains("already exists"))
    #expect(try String(contentsOfFile: output, encoding: .utf8) == "keep")
    try pcon.ok("firmware download 13 --product 8178 --output \(output) --force")
    #expect(
      try Data(contentsOf: URL(fileURLWithPath: output))
        == Data(contentsOf: URL(fileURLWithPath: source)))

    let sha = try #require(listed["sha256"] as? String)
    #expect(FileManager.default.fileExists(atPath: pcon.file("firmware-binaries/\(sha).bin")))
    try pcon.ok("firmware delete 13 --product 8178 --yes")
    #expect(try Self.versions(pcon, 8178).isEmpty)
    #expect(!FileManager.default.fileExists(atPath: pcon.file("firmware-binaries/\(sha).bin")))
    #expect(try pcon.run("firmware show 13 --product 8178").status == 3)
    // A deleted version may come back.
    try pcon.ok("firmware upload \(source) --product 8178 --version 13 --title Again")
    #expect(try pcon.run("doctor").status == 0)
  }

  @Test func twoProductsShareOneStoredBinaryUntilTheLastVersionGoes() throws {
    let pcon = try Self.fleet()
    try pcon.ok("product create Orchard --platform argon --id 20010")
    let bytes = ModuleBuilder(platformID: 12, productID: 0, productVersion: 5).build()
    let path = try Self.write(bytes, "shared.bin", in: pcon)
    for product in [20001, 20010] {
      try pcon.ok("firmware upload \(path) --product \(product) --version 5 --title Shared")
    }
    let stored = pcon.file("firmware-binaries/\(SHA256.hex(bytes)).bin")
    try pcon.ok("firmware delete 5 --product 20001 --yes")
    #expect(FileManager.default.fileExists(atPath: stored))
    let copy = pcon.base + "/copy.bin"
    try pcon.ok("firmware download 5 --product 20010 --output \(copy)")
    #expect([UInt8](try Data(contentsOf: URL(fileURLWithPath: copy))) == bytes)
    try pcon.ok("firmware delete 5 --product 20010 --yes")
    #expect(!FileManager.default.fileExists(atPath: stored))
    #expect(try pcon.run("doctor").status == 0)
  }

  @Test func oversizedFilesAndDescriptionsAreRefused() throws {
    let pcon = try Self.fleet()
    let huge = try Self.write(
      [UInt8](repeating: 0, count: Firmware.binarySizeLimit + 1), "huge.bin", in: pcon)
    let result = try pcon.run(["firmware", "inspect", huge])
    #expect(result.status == 1 && result.stderr.contains("holds more than 8 MiB"))
    let path = try Self.write(
      ModuleBuilder(platformID: 12, productID: 0, productVersion: 1).build(), "v1.bin", in: pcon)
    let long = try pcon.run([
      "firmware", "upload", path, "--product", "20001", "--version", "1", "--title", "T",
      "--description", String(repeating: "x", count: 4097),
    ])
    #expect(long.status == 2 && long.stderr.contains("at most 4096 bytes"))
    #expect(try Self.versions(pcon, 20001).isEmpty)
  }

  @Test func aReleasedVersionIsNotDeleted() throws {
    let pcon = try Self.fleet()
    try pcon.ok(
      "firmware upload \(Self.fixture("product_firmware.bin")) --product 8178 --version 13 --title T"
    )
    // Released to a group, as a release writes it into the product's firmware file.
    try pcon.ok("group create north --product 8178")
    let path = pcon.file("firmware/8178.json")
    let text = try String(contentsOfFile: path, encoding: .utf8)
    try text.replacingOccurrences(of: #""groups":[]"#, with: #""groups":["north"]"#)
      .data(using: .utf8)?.write(to: URL(fileURLWithPath: path))
    let result = try pcon.run("firmware delete 13 --product 8178 --yes")
    #expect(result.status == 1)
    #expect(result.stderr.contains("is released to group north; unrelease it before deleting it"))
    #expect(try Self.versions(pcon, 8178).count == 1)
    #expect(try pcon.run("doctor").status == 0)
  }

  @Test func theDoctorFindsAChangedMissingOrStrayBinary() throws {
    let pcon = try Self.fleet()
    try pcon.ok(
      "firmware upload \(Self.fixture("product_firmware.bin")) --product 8178 --version 13 --title T"
    )
    let sha = "e492ebb653124bd2381c7d424cac30fe3290c02cdee1e1fb0df046f3feb6e5bc"
    let binary = pcon.file("firmware-binaries/\(sha).bin")
    var bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: binary)))
    bytes[100] ^= 0xFF
    try Data(bytes).write(to: URL(fileURLWithPath: binary))
    let doctor = try pcon.run("doctor")
    #expect(doctor.status != 0)
    #expect(
      doctor.stdout.contains("firmware-binaries/\(sha).bin")
        && doctor.stdout.contains("was changed"))
    // The changed bytes are never handed out as the upload.
    let download = try pcon.run("firmware download 13 --product 8178 --output \(pcon.base)/x.bin")
    #expect(download.status == 5 && download.stderr.contains("was changed"))
    #expect(!FileManager.default.fileExists(atPath: pcon.base + "/x.bin"))

    try FileManager.default.removeItem(atPath: binary)
    let missing = try pcon.run("doctor")
    #expect(missing.status != 0 && missing.stdout.contains("which is not in firmware-binaries"))

    let stray = pcon.file("firmware-binaries/\(String(repeating: "0", count: 64)).bin")
    try Data([1, 2, 3]).write(to: URL(fileURLWithPath: stray))
    let strayReport = try pcon.run("doctor")
    #expect(strayReport.stdout.contains("no firmware version names this binary"))
  }

  @Test func aTrackerProductStartsWithTheTrackerEdgeReleases() throws {
    let pcon = try Self.fleet()
    let versions = try Self.versions(pcon, 20004)
    #expect(versions.count == TrackerCatalogue.releases.count)
    #expect(
      versions.allSatisfy {
        $0["catalogue"] as? Bool == true && $0["uploaded_by"] as? String == "particle"
      })
    #expect(versions.last?["title"] as? String == "Tracker Edge Firmware v23")
    #expect(try Self.versions(pcon, 20001).isEmpty)
    // Its binaries are real Tracker applications of their version.
    let output = pcon.base + "/v23.bin"
    try pcon.ok("firmware download 23 --product 20004 --output \(output)")
    let inspected = try #require(
      try Pcon.json(try pcon.ok("firmware inspect \(output) --json")) as? [String: Any])
    #expect(inspected["platform_id"] as? Int == 26 && inspected["product_version"] as? Int == 23)
    #expect(inspected["crc_valid"] as? Bool == true && inspected["sha256_valid"] as? Bool == true)
    // A custom upload goes above them; the Tracker fixture's version 3 does not.
    try Self.expectRefused(
      pcon, Self.fixture("tracker-tinker-5.3.1.bin"), product: 20004, version: 3,
      field: "product version", saying: "not above version 23")
    let custom = try Self.write(
      ModuleBuilder(platformID: 26, productID: 26, productVersion: 24).build(), "c.bin", in: pcon)
    try pcon.ok("firmware upload \(custom) --product 20004 --version 24 --title Custom")
    #expect(try Self.versions(pcon, 20004).count == TrackerCatalogue.releases.count + 1)
    #expect(try pcon.run("doctor").status == 0)
  }

  @Test func inspectPrintsCLIKeysFirst() throws {
    let pcon = try Pcon()
    let text = try pcon.ok("firmware inspect \(Self.fixture("product_firmware.bin")) --json")
    let keys = text.split(separator: "\n").compactMap { line -> String? in
      let trimmed = line.trimmingCharacters(in: .whitespaces)
      guard trimmed.hasPrefix("\""), let end = trimmed.dropFirst().firstIndex(of: "\"") else {
        return nil
      }
      return String(trimmed[trimmed.index(after: trimmed.startIndex)..<end])
    }
    #expect(
      Array(keys.prefix(10)) == [
        "platform_id", "platform", "module_function", "module_index", "module_version",
        "product_id", "product_version", "crc_valid", "sha256_valid", "size",
      ])
    let json = try #require(try Pcon.json(text) as? [String: Any])
    #expect(json["product_id"] as? Int == 8178 && json["product_version"] as? Int == 13)
    // A 36-byte suffix has no product fields: null, not a number.
    let old = try #require(
      try Pcon.json(try pcon.ok("firmware inspect \(Self.fixture("040_user-part.bin")) --json"))
        as? [String: Any])
    #expect(old["product_id"] is NSNull && old["product_version"] is NSNull)
    // Standard input works as well as a file, and needs no state.
    let piped = try pcon.shell(
      "cat '\(Self.fixture("core_tinker.bin"))' | $PCON firmware inspect -")
    #expect(piped.status == 0 && piped.stdout.contains("monolithic (3)"))
    #expect(!FileManager.default.fileExists(atPath: pcon.stateDir + "/pcon.json"))
  }
}
