import Foundation
import Testing

@testable import PconCore

@Suite struct FleetTests {
  func setUp() throws -> (StateStore, Account) {
    let store = temporaryStore()
    let account = try store.write { tx in
      try Accounts.create(email: "a@example.com", name: nil, in: tx, random: counter)
    }
    return (store, account)
  }

  @Test(arguments: [
    ("", "it is empty"), (String(repeating: "n", count: 64), "it is longer than 63 characters"),
    ("two words", "use only letters, digits, '_' and '-'"),
    ("émile", "use only letters, digits, '_' and '-'"),
    ("abcdefabcdefabcdefabcdef", "24 hex digits would read as a device ID"),
    ("-lamp", "it starts with '-', so it would read as an option"),
  ])
  func badNamesAreRefused(name: String, reason: String) {
    #expect(throws: PconError.invalidDeviceName(name, reason: reason)) {
      try Fleet.validate(name: name)
    }
  }

  /// The product index is derived from every device write: joining quarantine, admission,
  /// moving product and removal each keep it in step with no rule writing it by hand.
  @Test func theProductIndexFollowsEveryDeviceWrite() throws {
    let store = temporaryStore()
    var device = Device(id: deviceHex(1), platformID: 12, owner: nil)
    let other = Device(id: deviceHex(2), platformID: 12, owner: nil)
    func index(_ product: Int) throws -> [String] {
      try store.read { tx in
        let index = try tx.productIndex(product)
        return index.members.map { "m:" + $0 } + index.quarantined.map { "q:" + $0 }
      }
    }
    device.productID = 10
    device.quarantined = true
    var otherMember = other
    otherMember.productID = 10
    try store.write { tx in try tx.save([device, otherMember]) }
    #expect(try index(10) == ["m:" + other.id, "q:" + device.id])
    device.quarantined = false
    try store.write { tx in try tx.save(device) }
    #expect(try index(10) == ["m:" + other.id, "m:" + device.id])
    device.productID = 20
    try store.write { tx in try tx.save(device) }
    #expect(try index(10) == ["m:" + other.id])
    #expect(try index(20) == ["m:" + device.id])
    try store.write { tx in try tx.removeDevices([device.id, other.id]) }
    #expect(try index(10).isEmpty && index(20).isEmpty)
  }

  /// Spaces around a name given on the command line are not part of it; all spaces is empty.
  @Test func givenNamesAreTrimmedOfSpaces() throws {
    #expect(try Fleet.deviceName("  lamp ") == "lamp")
    #expect(throws: PconError.invalidDeviceName("", reason: "it is empty")) {
      try Fleet.deviceName("   ")
    }
  }

  @Test func sixtyThreeCharactersIsAllowed() throws {
    try Fleet.validate(name: String(repeating: "n", count: 63))
  }

  @Test func theHundredAndFirstClaimIsRefused() throws {
    let (store, account) = try setUp()
    defer { discard(store) }
    _ = try store.write { tx in
      for n in 0..<100 {
        _ = try Fleet.claim(
          id: deviceHex(n), platform: try Platform.named("argon"), name: nil, iccid: nil,
          by: account, in: tx)
      }
    }
    #expect(
      throws: PconError.planLimit(
        what: "the free plan (sandbox and free products together)", limit: 100, count: 100,
        unit: "devices")
    ) {
      _ = try store.write { tx in
        try Fleet.claim(
          id: deviceHex(100), platform: try Platform.named("argon"), name: nil, iccid: nil,
          by: account, in: tx)
      }
    }
  }

  @Test func unclaimReportsABilledSIMOnlyWhileKnownAndActive() throws {
    let (store, account) = try setUp()
    defer { discard(store) }
    let boron = try Platform.named("boron")
    let billed = try store.write { tx in
      _ = try Fleet.claim(
        id: deviceHex(1), platform: boron, name: nil, iccid: "89014103271203845123",
        by: .person(account),
        in: tx)
      return try Fleet.unclaim(deviceHex(1), by: .person(account), in: tx).billedSIM
    }
    #expect(billed == "89014103271203845123")
    let paused = try store.write { tx in
      _ = try Fleet.claim(
        id: deviceHex(2), platform: boron, name: nil, iccid: "89014103271203845124",
        by: .person(account),
        in: tx)
      _ = try SIMs.perform(.pause, sim: "89014103271203845124", by: .person(account), in: tx)
      return try Fleet.unclaim(deviceHex(2), by: .person(account), in: tx).billedSIM
    }
    #expect(paused == nil)
    let unknownSIM = try store.write { tx in
      _ = try Fleet.claim(
        id: deviceHex(3), platform: boron, name: nil, iccid: nil, by: account, in: tx)
      return try Fleet.unclaim(deviceHex(3), by: .person(account), in: tx).billedSIM
    }
    // A cellular device whose SIM pcon does not know warns of nothing it cannot name.
    #expect(unknownSIM == nil)
  }

  @Test(arguments: ["6.3.0", "5.9.0-rc.1", "1.5"])
  func deviceOSVersionsAreAccepted(version: String) {
    #expect(Fleet.isVersion(version))
  }

  @Test(arguments: ["6", "x.y.z", "6..3", "", "1.2.3.4.5"])
  func malformedVersionsAreRefused(version: String) {
    #expect(!Fleet.isVersion(version))
  }
}

func deviceHex(_ n: Int) -> String { "e00fce68" + String(format: "%016x", n) }
