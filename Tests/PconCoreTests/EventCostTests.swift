import Foundation
import Testing

@testable import PconCore

/// What one-device event commands read: bounded by what they touch, never by the size of the
/// fleet, and for `logs show` never a whole partition the event is not in.
@Suite struct EventCostTests {
  /// Files opened by `logs --device target --limit 1` (as the owner and as the customer owning
  /// the device) and by `logs show` of the target's event in the oldest month.
  struct Cost: Equatable {
    var listing = 0
    var customerListing = 0
    var show = 0
    var customerShow = 0
  }

  func cost(devices: Int, months: Int) throws -> Cost {
    let store = temporaryStore()
    defer { discard(store) }
    let (owner, customer, target) = try store.write { tx in
      let account = try Accounts.create(
        email: "owner@example.com", name: nil, in: tx, random: counter)
      let owner = Actor.person(account)
      for id in [10001, 10002] {
        _ = try Products.create(
          name: "P\(id)", platform: try Platform.named("boron"), description: nil, org: nil,
          id: id, by: owner, in: tx)
      }
      let ids = (0..<devices).map { deviceHex($0) }.joined(separator: "\n")
      _ = try DeviceImport.run(ids + "\n", into: "10001", by: owner, in: tx)
      _ = try Fleet.rename(deviceHex(7), to: "target", by: owner, in: tx)
      let customer = try Customers.create(
        "cust@example.com", product: "10001", password: false, by: owner, in: tx)
      _ = try Customers.claim(
        "target", for: "cust@example.com", product: "10001", by: owner, in: tx)
      return (owner, Actor.customer(customer), account)
    }
    // Several streams, each with a partition per month; the target publishes in every month.
    var oldest: Int64 = 0
    for month in 0..<months {
      let year = 2024 + month / 12
      let stamp = String(format: "%04d-%02d-15T10:00:00Z", year, month % 12 + 1)
      let time = try #require(Timestamp(iso8601: stamp))
      func drafts(_ publishers: [String], product: Int?) -> [EventLog.Draft] {
        publishers.map {
          EventLog.Draft(
            name: "temp", data: "21", publishedAt: time, coreid: $0, productID: product)
        }
      }
      let others = (0..<20).map { deviceHex(($0 * 37) % devices) }.filter { $0 != deviceHex(7) }
      let appended = try store.write { tx in
        let events = try EventLog.append(
          drafts([deviceHex(7)] + others, product: 10001), to: .product(id: 10001), in: tx)
        try EventLog.append(drafts(others, product: 10002), to: .product(id: 10002), in: tx)
        try EventLog.append(
          drafts([Event.apiPublisher], product: nil), to: .account(id: target.id), in: tx)
        return events
      }
      if month == 0 { oldest = appended[0].id }
    }
    var cost = Cost()
    for (actor, isCustomer) in [(owner, false), (customer, true)] {
      let listing = try store.read { tx in
        let listing = try Events.listing(
          device: "target", product: isCustomer ? "10001" : nil, filter: EventFilter(),
          since: nil, until: nil, limit: 1, includeCleared: false, by: actor, in: tx)
        var seen: [String] = []
        try listing.read(in: tx) { seen.append($0.event.coreid) }
        #expect(seen == [deviceHex(7)])
        return tx.filesRead
      }
      let show = try store.read { tx in
        let shown = try Events.show(id: String(oldest), by: actor, in: tx)
        #expect(shown.event.id == oldest && shown.event.coreid == deviceHex(7))
        #expect(shown.deviceNames == [deviceHex(7): "target"])
        return tx.filesRead
      }
      if isCustomer {
        (cost.customerListing, cost.customerShow) = (listing, show)
      } else {
        (cost.listing, cost.show) = (listing, show)
      }
    }
    return cost
  }

  @Test func oneDeviceCommandsReadTheSameFilesWhateverTheFleetSize() throws {
    let small = try cost(devices: 10, months: 2)
    let large = try cost(devices: 1000, months: 2)
    #expect(small == large)
  }

  @Test func listingOneDeviceReadsOnlyTheNewestPartitionItNeeds() throws {
    let few = try cost(devices: 50, months: 2)
    let many = try cost(devices: 50, months: 24)
    #expect(few.listing == many.listing && few.customerListing == many.customerListing)
  }

  @Test func showingAnEventReadsNoWholePartitionItIsNotIn() throws {
    // Each readable stream's ID index names the one partition that holds the ID, and a search
    // inside it finds the line: the same files however many months the streams hold.
    let few = try cost(devices: 50, months: 2)
    let many = try cost(devices: 50, months: 24)
    #expect(many.show == few.show)
    #expect(many.customerShow == few.customerShow)
  }

  @Test func theSearchInsideAPartitionFindsEveryIDAndNothingElse() throws {
    // Long enough (about 1 MB) that the search probes by byte offset before reading forward.
    let store = temporaryStore()
    defer { discard(store) }
    let time = try #require(Timestamp(iso8601: "2025-03-15T10:00:00Z"))
    let stream = EventStream.product(id: 10001)
    let events = try store.write { tx in
      _ = try EventLog.append(
        [EventLog.Draft(name: "other", data: "", publishedAt: testNow, coreid: "api")],
        to: stream, in: tx)
      return try EventLog.append(
        (0..<6000).map {
          EventLog.Draft(
            name: "temp", data: String(repeating: "v", count: $0 % 300), publishedAt: time,
            coreid: deviceHex($0))
        }, to: stream, in: tx)
    }
    let path = StateLayout.partition(stream, month: "2025-03")
    try store.read { tx in
      for index in [0, 1, 2, 999, 3000, 4321, 5998, 5999] {
        let found = try EventLocator.find(events[index].id, in: path, transaction: tx)
        #expect(found == events[index])
      }
      #expect(try EventLocator.find(events[0].id - 1, in: path, transaction: tx) == nil)
      #expect(try EventLocator.find(events[5999].id + 1, in: path, transaction: tx) == nil)
    }
  }
}
