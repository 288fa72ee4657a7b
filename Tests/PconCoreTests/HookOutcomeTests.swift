import Foundation
import Testing

@testable import PconCore

/// What a delivery publishes: hook-sent, the response in chunks or whole, errors, topics, and
/// every draft one the event log stores and reads back.
@Suite struct HookOutcomeTests {
  typealias F = WebhookFixtures

  static let request = HTTPRequest(method: "POST", url: "https://api.example.com:8443/in")

  static func hook(
    owner: Webhook.Owner = .account(id: "a1"), responseTemplate: String? = nil,
    responseTopic: String? = nil, errorTopic: String? = nil, unchunked: Bool = false,
    dataURL: Bool = false
  ) -> Webhook {
    Webhook(
      id: "5f0c1a2b3c4d5e6f70819203", owner: owner, name: "t", event: "demo",
      url: "https://api.example.com/in", responseTemplate: responseTemplate,
      responseTopic: responseTopic, errorResponseTopic: errorTopic, unchunked: unchunked,
      dataUrlResponseEvent: dataURL, createdAt: Timestamp(millisecondsSince1970: 0))
  }

  static func answered(
    _ body: [UInt8], status: Int = 200, headers: [(String, String)] = [],
    hook: Webhook = hook(), input: WebhookRender.Input = F.input()
  ) -> [EventLog.Draft] {
    let drafts = HookOutcome.answered(
      HTTPResponse(status: status, headers: headers, body: body), to: request, by: hook,
      for: input, at: F.time)
    for draft in drafts { expectStorable(draft) }
    return drafts
  }

  /// The log's own check, which refuses what its reader would not read back.
  static func expectStorable(_ draft: EventLog.Draft) {
    let event = Event(
      id: 1, name: draft.name, data: draft.data, ttl: draft.ttl, publishedAt: draft.publishedAt,
      coreid: draft.coreid, productID: draft.productID)
    #expect(throws: Never.self) { try EventRules.checkStorable(event) }
    #expect(event.line.count < PartitionReader.maxLineLength)
  }

  @Test func hookSentIsParticleInternalWithUndefinedData() {
    let draft = HookOutcome.sent(F.input(productID: 77), at: F.time)
    #expect(draft.name == "hook-sent/demo" && draft.data == "undefined")
    #expect(draft.coreid == "particle-internal" && draft.productID == 77)
    #expect(draft.publishedAt == F.time)
    Self.expectStorable(draft)
  }

  @Test func aSuccessPublishesTheBodyUnderTheOwnersDefaultTopic() {
    let sandbox = Self.answered(Array("hello".utf8), status: 201)
    #expect(sandbox.map(\.name) == ["hook-response/demo/0"])
    #expect(sandbox[0].data == "hello" && sandbox[0].coreid == "particle-internal")
    let product = Self.answered(Array("hi".utf8), hook: Self.hook(owner: .product(id: 5)))
    #expect(product.map(\.name) == ["\(F.device)/hook-response/demo/0"])
    // An empty responseTopic, as the Memfault template writes it, is the default.
    let empty = Self.answered([], hook: Self.hook(responseTopic: ""))
    #expect(empty.map(\.name) == ["hook-response/demo/0"])
  }

  @Test(arguments: [
    (0, [0]), (1, [1]), (511, [511]), (512, [512]), (513, [512, 1]),
    (1024, [512, 512]), (102_400, Array(repeating: 512, count: 200)),
    (102_401, Array(repeating: 512, count: 200)),
  ])
  func chunksAre512BytesUpToTheFirst100KB(size: Int, expected: [Int]) {
    let body = (0..<size).map { UInt8(ascii: "a") + UInt8($0 % 26) }
    let drafts = Self.answered(body)
    #expect(drafts.map { $0.data.utf8.count } == expected)
    #expect(drafts.map(\.name) == expected.indices.map { "hook-response/demo/\($0)" })
    #expect(drafts.map(\.data).joined().utf8.elementsEqual(body.prefix(102_400)))
  }

  @Test func aChunkNeverSplitsACharacter() {
    let text = String(repeating: "a", count: 511) + "é" + String(repeating: "€", count: 200) + "b"
    let drafts = Self.answered(Array(text.utf8))
    #expect(drafts.map(\.data).joined() == text)
    #expect(drafts[0].data.utf8.count == 511)
    #expect(drafts.allSatisfy { $0.data.utf8.count <= 512 })
    // Plain ASCII keeps Particle's exact 512.
    #expect(
      HookOutcome.chunks(String(repeating: "x", count: 1030)).map(\.utf8.count) == [512, 512, 6])
  }

  @Test func bytesThatAreNotUTF8BecomeReplacementCharacters() {
    let drafts = Self.answered([0x61, 0xFF, 0x62])
    #expect(drafts.map(\.data) == ["a\u{FFFD}b"])
  }

  @Test func unchunkedIsOneEvent() {
    let body = Array(String(repeating: "z", count: 5000).utf8)
    let drafts = Self.answered(body, hook: Self.hook(unchunked: true))
    #expect(drafts.count == 1 && drafts[0].name == "hook-response/demo/0")
    #expect(drafts[0].data.utf8.count == 5000)
    let tooLarge = Self.answered(
      Array(repeating: 0xFF, count: 50_000), hook: Self.hook(unchunked: true))
    #expect(tooLarge.map(\.name) == ["hook-error/demo/0"])
  }

  @Test func theResponseTemplateRendersOverTheParsedResponse() throws {
    let notes = try F.hook("rickkas7-DeviceNotesHelperRK-DeviceNotesGet.json")
    let drafts = Self.answered(
      Array(#"{"id":"x","notes":"left <b> & right"}"#.utf8), hook: notes,
      input: F.input(name: "DeviceNotesGet"))
    #expect(drafts.map(\.name) == ["DeviceNotesResponse/0"])
    #expect(drafts[0].data == "left <b> & right")
    let thingspeak = try F.hook("sentientthings-IoTNodeThingSpeak-TSBulkWriteCSV.json")
    let csv = Self.answered(
      Array(#"{"success":true}"#.utf8), hook: thingspeak, input: F.input(name: "TSBulkWriteCSV"))
    #expect(csv.map(\.name) == ["\(F.device)/hook-response/TSBulkWriteCSV/0"])
    #expect(csv[0].data == "true")
    // A body that is not JSON leaves the template with the event's variables only.
    let plain = Self.answered(
      Array("OK".utf8), hook: Self.hook(responseTemplate: "{{PARTICLE_EVENT_NAME}}:{{ok}}"))
    #expect(plain[0].data == "demo:")
    let list = Self.answered(
      Array(#"{"results":[{"location":{"lat":1.5}}]}"#.utf8),
      hook: Self.hook(responseTemplate: "{{{results.0.location.lat}}}"))
    #expect(list[0].data == "1.5")
    let broken = Self.answered(Array("{}".utf8), hook: Self.hook(responseTemplate: "{{#x}}"))
    #expect(broken.map(\.name) == ["hook-error/demo/0"])
    #expect(broken[0].data == "the response template is malformed: unclosed section 'x' at byte 0")
  }

  @Test func dataURLResponsesCarryTheBytesInBase64() {
    // The binary example of Particle's "Encode as data URL" section.
    let hex =
      "a722981c401b9b80bb9dd9c013bb4ed0a3c0ae81c593912a838e6927b0c6172685"
      + "93b7a6f569c04c9e3d5349b547f044269b8a1de4bc73f94da4e834c25617c9"
    var bytes: [UInt8] = []
    var index = hex.startIndex
    while index < hex.endIndex {
      let next = hex.index(index, offsetBy: 2)
      bytes.append(UInt8(hex[index..<next], radix: 16)!)
      index = next
    }
    let drafts = Self.answered(bytes, hook: Self.hook(dataURL: true))
    #expect(
      drafts.map(\.data).joined()
        == "data:application/octet-stream;base64,pyKYHEAbm4C7ndnAE7tO0KPAroHFk5Eqg45pJ7DGFyaFk7em9WnATJ49U0m1R/BEJpuKHeS8c/lNpOg0wlYXyQ=="
    )
    let typed = Self.answered(
      [1, 2], headers: [("content-type", "Image/PNG; q=1")], hook: Self.hook(dataURL: true))
    #expect(typed[0].data == "data:image/png;base64,AQI=")
    let junk = Self.answered(
      [1], headers: [("Content-Type", "a b/c")], hook: Self.hook(dataURL: true))
    #expect(junk[0].data == "data:application/octet-stream;base64,AQ==")
  }

  @Test func aNon2xxIsAnErrorNamingTheStatusAndHost() {
    for status in [301, 404, 500] {
      let drafts = Self.answered(Array("nope".utf8), status: status)
      #expect(drafts.map(\.name) == ["hook-error/demo/0"])
      #expect(drafts.map(\.data) == ["error status \(status) from api.example.com"])
    }
  }

  @Test func failuresAndThrottlingAreErrorsToo() {
    let failed = HookOutcome.failed(
      "timed out after 20 s", to: Self.request, by: Self.hook(), for: F.input(), at: F.time)
    #expect(failed.name == "hook-error/demo/0")
    #expect(failed.data == "error from api.example.com: timed out after 20 s")
    let unrendered = HookOutcome.failed(
      "bad url", to: nil, by: Self.hook(), for: F.input(), at: F.time)
    #expect(unrendered.data == "error: bad url")
    let throttled = HookOutcome.throttled(by: Self.hook(), for: F.input(), at: F.time)
    #expect(throttled.data == "Sleeping, too many errors, please wait and try again")
    let long = HookOutcome.failed(
      String(repeating: "é", count: 2000), to: nil, by: Self.hook(), for: F.input(), at: F.time)
    #expect(long.data.utf8.count <= EventRules.maxDataBytes)
    for draft in [failed, unrendered, throttled, long] { Self.expectStorable(draft) }
  }

  @Test func topicsAreTemplates() {
    let hook = Self.hook(
      responseTopic: "{{PARTICLE_DEVICE_ID}}/hook-response/weather",
      errorTopic: "save_failed_for_{{PARTICLE_DEVICE_ID}}")
    #expect(Self.answered([1], hook: hook)[0].name == "\(F.device)/hook-response/weather/0")
    #expect(Self.answered([1], status: 500, hook: hook)[0].name == "save_failed_for_\(F.device)/0")
    // A malformed topic falls back to the default rather than lose the outcome.
    let broken = Self.hook(responseTopic: "{{oops", errorTopic: "{{#x}}")
    #expect(Self.answered([1], hook: broken)[0].name == "hook-response/demo/0")
    #expect(Self.answered([1], status: 500, hook: broken)[0].name == "hook-error/demo/0")
  }

  @Test func namesAreMadeValidAndCutTo64Characters() {
    let long = String(repeating: "n", count: 64)
    let input = F.input(name: long, data: #"{"v":"a.b ü"}"#)
    #expect(HookOutcome.sent(input, at: F.time).name == "hook-sent/" + String(long.prefix(54)))
    let chunks = Self.answered(Array(repeating: 0x41, count: 600), input: input)
    #expect(
      chunks.map(\.name) == [
        "hook-response/" + String(long.prefix(48)) + "/0",
        "hook-response/" + String(long.prefix(48)) + "/1",
      ])
    let odd = Self.answered([1], hook: Self.hook(responseTopic: "resp {{{v}}}"), input: input)
    #expect(odd.map(\.name) == ["resp_a_b__/0"])
  }
}
