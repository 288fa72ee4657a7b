import Foundation
import Testing

/// A damaged file, an index that disagrees with the devices included, is a state fault: exit 5
/// naming the file, never a device that goes missing, "not found", or a Swift debug string.
@Suite struct StateFaultTests {
  /// ada's sandbox device 1 named lamp, and device 2 in her product 10001.
  func state() throws -> Pcon {
    let pcon = try Pcon()
    try pcon.account()
    try pcon.ok("device claim \(deviceID(1)) --platform argon --name lamp")
    try pcon.ok("product create Pumps --platform argon --id 10001")
    _ = try pcon.run("device import --product 10001 -", stdin: deviceID(2) + "\n")
    return pcon
  }

  /// The one file in `directory` of the state.
  func onlyFile(_ pcon: Pcon, in directory: String) throws -> String {
    let files = try FileManager.default.contentsOfDirectory(atPath: pcon.file(directory))
    try #require(files.count == 1)
    return "\(directory)/\(files[0])"
  }

  func expectStateFault(
    _ pcon: Pcon, _ line: String, naming file: String,
    sourceLocation: SourceLocation = #_sourceLocation
  ) throws {
    let result = try pcon.run(line)
    #expect(result.status == 5, "\(line): \(result.stderr)", sourceLocation: sourceLocation)
    #expect(
      result.stderr.hasPrefix("error: state file \(file): "), "\(result.stderr)",
      sourceLocation: sourceLocation)
  }

  @Test func aNameThatPointsToNoDeviceIsDamage() throws {
    let pcon = try state()
    let shard = try onlyFile(pcon, in: "names")
    let entry = #"{"names":[{"name":"lamp","owner":"ada@example.com","id":"\#(deviceID(7))"}]}"#
    try entry.write(toFile: pcon.file(shard), atomically: false, encoding: .utf8)
    try expectStateFault(pcon, "device show lamp", naming: shard)
    try expectStateFault(pcon, "device rename \(deviceID(1)) lamp", naming: shard)
  }

  @Test func anOwnerIndexThatListsAnotherDeviceIsDamage() throws {
    let pcon = try state()
    let index = try onlyFile(pcon, in: "owners")
    try #"{"devices":["\#(deviceID(2))"]}"#.write(
      toFile: pcon.file(index), atomically: false, encoding: .utf8)
    try expectStateFault(pcon, "device list", naming: index)
  }

  @Test func aProductIndexThatListsAMissingDeviceIsDamage() throws {
    let pcon = try state()
    let index = "product-devices/10001.json"
    try #"{"devices":["\#(deviceID(2))","\#(deviceID(8))"],"quarantined":[]}"#.write(
      toFile: pcon.file(index), atomically: false, encoding: .utf8)
    try expectStateFault(pcon, "device list --product 10001", naming: index)
    try expectStateFault(pcon, "logs --product 10001", naming: index)
  }

  @Test func aDamagedProductListIsNotAMissingInvitation() throws {
    let pcon = try state()
    try pcon.ok("account create bob@example.com")
    try pcon.ok("team invite bob@example.com --product 10001")
    try #"{"products":5}"#.write(
      toFile: pcon.file("products.json"), atomically: false, encoding: .utf8)
    try expectStateFault(pcon, "invite accept 10001 --as bob@example.com", naming: "products.json")
  }

  /// A captured record of the wrong shape is skipped with words, not a debug string.
  @Test func aMistypedCapturedRecordIsReportedInWords() throws {
    let pcon = try state()
    let record = #"{"name":5,"data":"1","published_at":"2026-11-26T10:00:00.000Z","coreid":"api"}"#
    let result = try pcon.run("logs ingest --format ndjson -", stdin: record + "\n")
    #expect(result.stderr.contains("expected a string or null, found a number at name"))
    #expect(!result.stderr.contains("ShapeError"))
  }
}
