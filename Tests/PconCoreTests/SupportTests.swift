import Testing

@testable import PconCore

@Suite struct SupportTests {
  @Test(arguments: [
    ("", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"),
    ("abc", "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"),
    (
      "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq",
      "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1"
    ),
  ])
  func sha256MatchesTheStandardVectors(input: String, digest: String) {
    #expect(SHA256.hex(input) == digest)
  }

  @Test func sha256OfAMillionAs() {
    #expect(
      SHA256.hex([UInt8](repeating: 0x61, count: 1_000_000))
        == "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0")
  }

  @Test func sha256InPiecesOfAnySizeMatchesOneShot() {
    // Spill files are hashed as they are written, in pieces that rarely fall on a block edge.
    let bytes = (0..<1000).map { UInt8(truncatingIfNeeded: $0 &* 7) }
    for piece in [1, 3, 63, 64, 65, 200] {
      var hash = SHA256()
      var start = 0
      while start < bytes.count {
        let end = min(start + piece, bytes.count)
        bytes[start..<end].withUnsafeBytes { hash.update($0) }
        start = end
      }
      #expect(Hex.encode(hash.finalize()) == SHA256.hex(bytes), "pieces of \(piece)")
    }
    // A sequence without contiguous storage takes the same path.
    #expect(SHA256.hex(bytes.lazy.map { $0 }) == SHA256.hex(bytes))
  }

  @Test(arguments: [
    ("2026-11-26", "2026-11-26T00:00:00.000Z"),
    ("2026-11-26T10:00:00Z", "2026-11-26T10:00:00.000Z"),
    ("2026-11-26T10:00", "2026-11-26T10:00:00.000Z"),
    ("2026-11-26T10:00:00.5Z", "2026-11-26T10:00:00.500Z"),
    ("2026-11-26T10:00:00.123456Z", "2026-11-26T10:00:00.123Z"),
    ("2026-11-26T12:00:00+02:00", "2026-11-26T10:00:00.000Z"),
    ("2024-02-29T23:59:59.999Z", "2024-02-29T23:59:59.999Z"),
    ("1969-12-31T23:59:59.999Z", "1969-12-31T23:59:59.999Z"),
  ])
  func timestampsParseAndPrint(text: String, iso: String) throws {
    #expect(try #require(Timestamp(iso8601: text)).iso8601 == iso)
  }

  @Test(arguments: [
    "", "2026", "2026-13-01", "2025-02-29", "2026-11-26T25:00", "2026-11-26T10:00:00Q", "yesterday",
  ])
  func badTimestampsAreRejected(text: String) {
    #expect(Timestamp(iso8601: text) == nil)
  }

  @Test func shardNamesSpreadIDsThatShareAPrefix() {
    var shards = Set<String>()
    for n in 0..<1000 { shards.insert(StateLayout.deviceShard("e00fce68" + String(format16(n)))) }
    #expect(shards.count > 700)
    #expect(StateLayout.deviceShard("e00fce680000000000000001").hasPrefix("devices/"))
  }

  private func format16(_ n: Int) -> String {
    let hex = String(n, radix: 16)
    return String(repeating: "0", count: 16 - hex.count) + hex
  }
}
