import Foundation
import Testing

@Suite struct OutputTests {
  static let deviceKeys = [
    "id", "name", "platform_id", "platform", "product_id", "owner", "online", "cellular", "iccid",
    "last_heard",
    "last_handshake_at", "last_ip_address", "system_firmware_version", "firmware_version",
    "desired_firmware_version",
    "targeted_firmware_release_version", "development", "groups", "notes", "quarantined",
  ]

  @Test func deviceJSONHasTheContractKeysInOrder() throws {
    let pcon = try Pcon()
    try pcon.account()
    try pcon.ok("device claim 0123456789abcdef01234567 --platform argon --name a")
    let text = try pcon.ok("device show a --json")
    let keys = text.split(separator: "\n").compactMap { line -> String? in
      let trimmed = line.trimmingCharacters(in: .whitespaces)
      guard trimmed.hasPrefix("\""), let end = trimmed.dropFirst().firstIndex(of: "\"") else {
        return nil
      }
      return String(trimmed[trimmed.index(after: trimmed.startIndex)..<end])
    }
    #expect(keys == Self.deviceKeys)
    let list = try #require(try Pcon.json(try pcon.ok("device list --json")) as? [[String: Any]])
    #expect(Set(list[0].keys) == Set(Self.deviceKeys))
  }

  /// The stored record keeps only what pcon needs; `platform` and `cellular` are derived for
  /// `--json`, and a shard an older pcon wrote with them still reads and loses them on write.
  @Test func storedDeviceRecordHoldsNoDerivedKeys() throws {
    let pcon = try Pcon()
    try pcon.account()
    try pcon.ok("device claim 0123456789abcdef01234567 --platform boron --name a")
    let shards = try FileManager.default.contentsOfDirectory(atPath: pcon.file("devices"))
      .filter { $0.hasSuffix(".json") }
    let shard = pcon.file("devices/" + (try #require(shards.first)))
    func storedDevice() throws -> [String: Any] {
      let file = try #require(
        try Pcon.json(try String(contentsOfFile: shard, encoding: .utf8)) as? [String: Any])
      return try #require((file["devices"] as? [[String: Any]])?.first)
    }
    let stored = try storedDevice()
    #expect(stored["platform"] == nil && stored["cellular"] == nil)
    #expect(stored["platform_id"] as? Int == 13)
    // `owner_kind` is the one stored-only key: whether the owner is a person or a customer.
    #expect(Set(stored.keys).isSubset(of: Set(Self.deviceKeys + ["owner_kind"])))
    #expect(stored["owner_kind"] as? String == "person")

    var old = stored
    old["platform"] = "boron"
    old["cellular"] = true
    let data = try JSONSerialization.data(withJSONObject: ["devices": [old]])
    try data.write(to: URL(fileURLWithPath: shard))
    let shown = try #require(try Pcon.json(try pcon.ok("device show a --json")) as? [String: Any])
    #expect(shown["platform"] as? String == "boron")
    #expect(shown["cellular"] as? Bool == true)
    try pcon.ok("device rename a b")
    #expect(try storedDevice()["platform"] == nil)
    #expect(try storedDevice()["cellular"] == nil)
  }

  @Test func tablesAlignAndNoHeadersDropsTheHeader() throws {
    let pcon = try Pcon()
    try pcon.account()
    try pcon.ok("device claim 0123456789abcdef01234567 --platform argon --name short")
    try pcon.ok("device claim 0123456789abcdef01234568 --platform boron --name a-much-longer-name")
    let lines = try pcon.ok("device list").split(separator: "\n").map(String.init)
    #expect(lines.count == 3)
    #expect(lines[0].hasPrefix("ID "))
    let column = try #require(lines[0].range(of: "PLATFORM")).lowerBound.utf16Offset(in: lines[0])
    for line in lines.dropFirst() {
      let platform = try #require(line.range(of: line.contains("argon") ? "argon" : "boron"))
        .lowerBound
      #expect(platform.utf16Offset(in: line) == column)
      #expect(!line.hasSuffix(" "))
    }
    let bare = try pcon.ok("device list --no-headers")
    #expect(bare.split(separator: "\n").count == 2)
    #expect(!bare.contains("PLATFORM"))
  }

  @Test func errorsGoToStderrAsOneLineOrJSON() throws {
    let pcon = try Pcon()
    try pcon.account()
    let plain = try pcon.run("device show missing")
    #expect(plain.stdout.isEmpty)
    #expect(plain.stderr == "error: no device 'missing' among the devices you can see\n")
    let json = try pcon.run("device show missing --json")
    let object = try #require(try Pcon.json(json.stderr) as? [String: [String: String]])
    #expect(object["error"]?["code"] == "not_found")
    #expect(json.status == 3)
  }

  /// Output that cannot be written (a full disk) fails the command, saying why; a reader that
  /// closed its pipe early (`| head`) does not.
  @Test func outputThatCannotBeWrittenFailsTheCommand() throws {
    let pcon = try Pcon()
    try pcon.account()
    let full = try pcon.shell(#""$PCON" whoami --json >/dev/full"#)
    #expect(full.status == 1)
    #expect(full.stderr.contains("error: cannot write standard output: No space left on device"))
    let head = try pcon.shell(#""$PCON" help | head -c 1 >/dev/null"#)
    #expect(head.status == 0 && head.stderr.isEmpty, "\(head.stderr)")
  }

  @Test(.enabled(if: Terminal.available))
  func colourOnlyOnATerminalAndNeverWithNoColor() throws {
    let pcon = try Pcon()
    try pcon.account()
    try pcon.ok("device claim 0123456789abcdef01234567 --platform argon --name a")
    let escape = "\u{1B}["
    #expect(try Terminal.run(pcon, "device list", colour: true).contains(escape))
    #expect(
      !(try Terminal.run(pcon, "device list", colour: true, env: ["NO_COLOR": "1"]).contains(escape))
    )
    #expect(!(try Terminal.run(pcon, "device list --no-color", colour: true).contains(escape)))
    #expect(!(try pcon.ok("device list").contains(escape)))
  }
}
