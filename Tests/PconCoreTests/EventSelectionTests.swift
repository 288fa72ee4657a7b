import Testing

@testable import PconCore

/// A query applied to events already read, as the live view re-filters what it holds.
@Suite struct EventSelectionTests {
  static let north = "e00fce68000000000000000a"
  static let south = "e00fce68000000000000000b"

  static func event(_ name: String, _ data: String, _ coreid: String = north) -> Event {
    Event(
      id: 1, name: name, data: data, ttl: 60,
      publishedAt: Timestamp(millisecondsSince1970: 1_795_000_000_000), coreid: coreid,
      productID: nil)
  }

  static func selection(
    _ text: String, device: String? = nil, publishers: Set<String>? = nil
  ) throws -> EventSelection {
    var query = EventQuery(stream: .account(id: "a"))
    query.filter = try FilterParser.parse(text)
    query.deviceNames = [north: "greenhouse", south: "cellar"]
    query.device = device
    query.publishers = publishers
    return EventSelection(query)
  }

  @Test func theFilterLanguageDecidesAsItDoesForTheLog() throws {
    let warm = try Self.selection("event:temp* range:20-30 -data:25")
    #expect(warm.admits(Self.event("temperature", "21.5")))
    #expect(!warm.admits(Self.event("temperature", "35")))
    #expect(!warm.admits(Self.event("temperature", "25")))
    #expect(!warm.admits(Self.event("humidity", "21.5")))
    // Words match the publisher's name, and data with escapes is matched decoded.
    let named = try Self.selection("greenhouse")
    #expect(named.admits(Self.event("x", "y", Self.north)))
    #expect(!named.admits(Self.event("x", "y", Self.south)))
    #expect(try Self.selection("quote").admits(Self.event("n", "say \"quote\"\n")))
    #expect(try Self.selection("device:cellar").admits(Self.event("n", "d", Self.south)))
  }

  @Test func aQueryLimitedToADeviceOrPublishersAdmitsNoOther() throws {
    let one = try Self.selection("", device: Self.north)
    #expect(one.admits(Self.event("a", "b", Self.north)))
    #expect(!one.admits(Self.event("a", "b", Self.south)))
    let own = try Self.selection("", publishers: [Self.south])
    #expect(!own.admits(Self.event("a", "b", Self.north)))
    #expect(own.admits(Self.event("a", "b", Self.south)))
  }
}
