import Foundation
import Testing

@testable import PconCore

let testNow = Timestamp(iso8601: "2026-11-26T10:00:00Z") ?? Timestamp(millisecondsSince1970: 0)

/// A fresh, empty state in memory: what core rules are tested on.
func temporaryStore(
  clock: Clock = .fixed(testNow), crash: @escaping @Sendable (CrashPoint) throws -> Void = { _ in },
  spillThreshold: Int = StateStore.defaultSpillThreshold, storage: any Storage = MemoryStorage()
) -> StateStore {
  StateStore(
    storage: storage, lockTimeout: 1, clock: clock, crash: crash, spillThreshold: spillThreshold)
}

/// Removes a store's directory when it has one on disk, so no test leaves a directory behind;
/// in-memory stores have nothing to remove.
func discard(_ store: StateStore) {
  guard store.root.hasPrefix("/") else { return }
  try? FileManager.default.removeItem(atPath: store.root)
}

let counter = RandomSource { count in (0..<count).map { _ in UInt8.random(in: 0...255) } }

@Suite struct StoreTests {
  @Test func locationFollowsFlagThenEnvironmentThenXDGThenHome() throws {
    let env = ["PCON_STATE_DIR": "/env", "XDG_DATA_HOME": "/xdg", "HOME": "/home/u"]
    #expect(
      try StateStore.location(flag: "rel/dir", environment: env, workingDirectory: "/srv/fleet")
        == "/srv/fleet/rel/dir")
    #expect(try StateStore.location(flag: nil, environment: env, workingDirectory: "/") == "/env")
    #expect(
      try StateStore.location(
        flag: nil, environment: ["XDG_DATA_HOME": "/xdg", "HOME": "/h"], workingDirectory: "/")
        == "/xdg/pcon")
    #expect(
      try StateStore.location(
        flag: nil, environment: ["XDG_DATA_HOME": "x", "HOME": "/h"], workingDirectory: "/")
        == "/h/.local/share/pcon")
    #expect(
      try StateStore.location(flag: "/a/./b/../c", environment: [:], workingDirectory: "/")
        == "/a/c")
    #expect(throws: PconError.self) {
      try StateStore.location(flag: nil, environment: [:], workingDirectory: "/")
    }
  }

  @Test func aFailedCommandWritesNothing() throws {
    let store = temporaryStore()
    defer { discard(store) }
    _ = try store.write { tx in
      try Accounts.create(email: "a@example.com", name: nil, in: tx, random: counter)
    }
    struct Boom: Error {}
    #expect(throws: Boom.self) {
      _ = try store.write { tx in
        try Accounts.create(email: "b@example.com", name: nil, in: tx, random: counter)
        throw Boom()
      }
    }
    #expect(try store.read { try $0.accounts().map(\.email) } == ["a@example.com"])
  }

  @Test func showAndRenameTouchTheSameFilesAtAnySize() throws {
    // The cost of one device's command is what it reads, which must not grow with the fleet.
    func filesTouched(fleet: Int) throws -> (show: Int, rename: Int, renameBytes: Int) {
      let store = temporaryStore()
      defer { discard(store) }
      let account = try store.write { tx in
        try Accounts.create(email: "a@example.com", name: nil, in: tx, random: counter)
      }
      _ = try store.write { tx in
        let devices = (0..<fleet).map { n -> Device in
          var device = Device(
            id: "e00fce68" + String(format: "%016x", n), platformID: 12, owner: account.email)
          device.name = "d\(n)"
          return device
        }
        try tx.save(devices)
      }
      let show = try store.read { tx in
        _ = try Fleet.resolve("d7", for: account, in: tx)
        return tx.filesRead
      }
      let rename = try store.write { tx in
        _ = try Fleet.rename("d7", to: "renamed", by: .person(account), in: tx)
        return (tx.filesRead, tx.bytesRead)
      }
      return (show, rename.0, rename.1)
    }
    let small = try filesTouched(fleet: 20)
    let large = try filesTouched(fleet: 5000)
    #expect(small.show == large.show && small.rename == large.rename)
    #expect(large.show <= 3 && large.rename <= 6)
    // A few small shards, never an index of the whole fleet (5,000 IDs would be 135 KB).
    #expect(large.renameBytes < 8_000, "rename read \(large.renameBytes) bytes")
  }
}

/// Products keep only what cannot be derived, and still read files that stored more.
@Suite struct ProductCodecTests {
  @Test func storedProductsOmitThePlatformNameAndOldFilesStillRead() throws {
    let old = try JSONParser.parse(
      #"{"id":7,"slug":"p","name":"P","platform_id":13,"platform":"boron","description":null,"org":null,"owner":"a@x","created_at":"2026-01-01T00:00:00.000Z"}"#
    )
    let product = try Product(stored: JSONObject(old, path: "products.json"))
    #expect(product.platformID == 13 && product.slug == "p")
    guard case .object(let stored) = product.stored else {
      Issue.record("not an object")
      return
    }
    #expect(!stored.contains { $0.0 == "platform" })
    #expect(try Product(stored: JSONObject(product.stored, path: "products.json")) == product)
  }
}
