import Foundation
import LocalHTTPServer
import Testing

/// `integration deliver` run as the built binary against a real server on 127.0.0.1: the request
/// each template kind makes, the response and error events it logs, and which events a hook
/// sends at all.
@Suite struct IntegrationDeliveryTests {
  static let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
    .appendingPathComponent("../Fixtures/webhooks").standardized.path

  @Test func theDefaultRequestIsParticlesDocumentedOneByteForByte() throws {
    let text = try String(
      contentsOfFile: Self.fixtures + "/particle-docs-default-data-request.txt", encoding: .utf8)
    let request = try #require(text.components(separatedBy: "REQUEST\n").last)
    let parts = request.components(separatedBy: "\n\n")
    let head = parts[0].split(separator: "\n").map(String.init)
    let body = parts[1].trimmingCharacters(in: .newlines)
    // The documented event: "demo" "mydata" from 3f002b…, at 2017-02-01T21:08:05.763Z.
    let world = try HookWorld(now: "2017-02-01T21:08:05.763Z")
    let server = try LocalHTTPServer()
    try world.pcon.ok("device claim 3f002b000000000000000000 --platform photon --name doc")
    try world.hook(#"{"eventName":"demo","url":"\#(server.baseURL)"}"#)
    try world.publish("demo", "mydata", device: "3f002b000000000000000000")
    try world.deliver()
    let got = try #require(server.waitForRequests(1).first)
    #expect(server.requests.count == 1)
    #expect("\(got.method) \(got.target) HTTP/1.1" == head[0])
    for line in head.dropFirst() {
      let pair = line.split(separator: ":", maxSplits: 1).map(String.init)
      let expected = pair[1].trimmingCharacters(in: .whitespaces)
      if pair[0] == "host" {
        #expect(got.header("host") == "127.0.0.1:\(server.port)")
      } else {
        #expect(got.header(pair[0]) == expected, "\(pair[0])")
      }
    }
    #expect(got.bodyText == body)
  }

  /// The event every template test sends, from `lab`.
  static let data = #"{"temp":21.5,"room":"a b/c&d"}"#

  @Test func everyTemplateKindMakesTheRequestItDescribes() throws {
    let world = try HookWorld()
    let server = try LocalHTTPServer()
    let base = server.baseURL
    let defaults =
      "event=t&data=%7B%22temp%22%3A21.5%2C%22room%22%3A%22a%20b%2Fc%26d%22%7D"
      + "&published_at=2026-11-26T10%3A00%3A00.000Z&coreid=\(HookWorld.lab)"
    for json in [
      #"{"event":"t","url":"\#(base)/json","json":{"n":"{{{PARTICLE_EVENT_NAME}}}","t":"{{{temp}}}","d":"{{{PARTICLE_DEVICE_ID}}}"}}"#,
      #"{"event":"t","url":"\#(base)/jsonstring","json":"{\"v\":{{{temp}}},\"r\":\"{{{room}}}\"}"}"#,
      #"{"event":"t","url":"\#(base)/form","form":{"a":"{{{temp}}}"}}"#,
      #"{"event":"t","url":"\#(base)/formget","requestType":"GET","noDefaults":true,"form":{"a":"{{{room}}}","b":"{{{temp}}}"}}"#,
      #"{"event":"t","url":"\#(base)/body","body":"T={{{temp}}};R={{{room}}};E={{room}}","headers":{"Content-Type":"text/plain; charset=utf-8"}}"#,
      #"{"event":"t","url":"\#(base)/query?fixed=1","query":{"k":"{{{PARTICLE_EVENT_NAME}}}","r":"{{{room}}}"}}"#,
      #"{"event":"t","url":"\#(base)/headers","noDefaults":true,"headers":{"X-Device":"{{{PARTICLE_DEVICE_ID}}}","X-Temp":"{{{temp}}}"}}"#,
      #"{"event":"t","url":"\#(base)/auth","noDefaults":true,"auth":{"username":"u{{{PARTICLE_EVENT_NAME}}}","password":"p:{{{temp}}}"}}"#,
      #"{"event":"t","url":"\#(base)/dev/{{{PARTICLE_DEVICE_ID}}}/{{{room}}}","noDefaults":true}"#,
    ] {
      try world.hook(json)
    }
    try world.publish("t", Self.data)
    try world.deliver()
    let requests = server.waitForRequests(9)
    #expect(requests.count == 9)
    var byPath: [String: RecordedRequest] = [:]
    for request in requests {
      byPath[request.path.hasPrefix("/dev/") ? "/dev" : request.path] = request
      #expect(request.header("User-Agent") == "ParticleBot/1.1 (https://docs.particle.io/webhooks)")
      #expect(request.headers(named: "User-Agent").count == 1)
    }

    let json = try #require(byPath["/json"])
    #expect(json.method == "POST")
    #expect(json.header("Content-Type") == "application/json")
    let object = try #require(try Pcon.json(json.bodyText) as? [String: Any])
    #expect(Set(object.keys) == ["event", "data", "published_at", "coreid", "n", "t", "d"])
    #expect(object["n"] as? String == "t")
    #expect(object["t"] as? String == "21.5")
    #expect(object["d"] as? String == HookWorld.lab)
    #expect(object["data"] as? String == Self.data)

    let string = try #require(byPath["/jsonstring"])
    #expect(string.header("Content-Type") == "application/json")
    #expect(string.bodyText == #"{"v":21.5,"r":"a b/c&d"}"#)

    let form = try #require(byPath["/form"])
    #expect(form.method == "POST")
    #expect(form.header("Content-Type") == "application/x-www-form-urlencoded")
    #expect(form.bodyText == defaults + "&a=21.5")

    let get = try #require(byPath["/formget"])
    #expect(get.method == "GET")
    #expect(get.query == "a=a%20b%2Fc%26d&b=21.5")
    #expect(get.body.isEmpty)
    #expect(get.header("Content-Type") == nil)

    let body = try #require(byPath["/body"])
    #expect(body.header("Content-Type") == "text/plain; charset=utf-8")
    #expect(body.headers(named: "Content-Type").count == 1)
    #expect(body.bodyText == "T=21.5;R=a b/c&d;E=a b/c&amp;d")

    let query = try #require(byPath["/query"])
    #expect(query.query == "fixed=1&k=t&r=a%20b%2Fc%26d")
    #expect(query.bodyText == defaults)

    let headers = try #require(byPath["/headers"])
    #expect(headers.header("X-Device") == HookWorld.lab)
    #expect(headers.header("X-Temp") == "21.5")
    #expect(headers.body.isEmpty)

    let auth = try #require(byPath["/auth"])
    #expect(auth.header("Authorization") == "Basic " + Data("ut:p:21.5".utf8).base64EncodedString())

    let url = try #require(byPath["/dev"])
    #expect(url.target == "/dev/\(HookWorld.lab)/a%20b%2Fc%26d")
  }

  @Test func aProductHookKnowsItsProductAndTheVersionTheDeviceRuns() throws {
    let world = try HookWorld()
    let server = try LocalHTTPServer()
    try world.pcon.ok("device connect pump --firmware-version 7")
    try world.hook(
      #"{"event":"p","url":"\#(server.baseURL)/p","json":"{{{PRODUCT_ID}}}/{{{PRODUCT_VERSION}}}/{{{PARTICLE_DEVICE_ID}}}"}"#,
      product: "10001")
    try world.publish("p", "x", device: HookWorld.pump)
    try world.deliver(["--product", "10001"])
    let got = try #require(server.waitForRequests(1).first)
    #expect(got.bodyText == "10001/7/\(HookWorld.pump)")
  }

  /// 1,300 bytes that show where each 512-byte chunk starts.
  static let longBody = (0..<1300).map { String(UnicodeScalar(UInt8(97 + $0 % 26))) }.joined()

  @Test func aLongResponseIsLoggedIn512ByteChunksUnderEachOwnersTopic() throws {
    let world = try HookWorld()
    let server = try LocalHTTPServer { _ in ScriptedReply(body: Self.longBody) }
    try world.hook(#"{"event":"t","url":"\#(server.baseURL)/s"}"#)
    try world.hook(#"{"event":"p","url":"\#(server.baseURL)/p"}"#, product: "10001")
    try world.publish("t", "1")
    try world.publish("p", "2", device: HookWorld.pump)
    try world.deliver()
    let chunks = [0, 512, 1024].map {
      String(Self.longBody.dropFirst($0).prefix(512))
    }
    let sandbox = try world.hookEvents()
    #expect(sandbox.map(\.name) == ["hook-sent/t"] + (0...2).map { "hook-response/t/\($0)" })
    #expect(sandbox.dropFirst().map(\.data) == chunks)
    #expect(sandbox.first?.data == "undefined")
    let product = try world.hookEvents(product: "10001")
    #expect(
      product.map(\.name)
        == ["hook-sent/p"] + (0...2).map { "\(HookWorld.pump)/hook-response/p/\($0)" })
    #expect(product.dropFirst().map(\.data) == chunks)
  }

  @Test func unchunkedAndTemplatedResponsesAreOneEvent() throws {
    let world = try HookWorld()
    let server = try LocalHTTPServer { request in
      request.path == "/json"
        ? ScriptedReply(
          headers: [("Content-Type", "application/json")], body: #"{"a":{"b":"deep"}}"#)
        : ScriptedReply(body: Self.longBody)
    }
    try world.hook(#"{"event":"u","url":"\#(server.baseURL)/long","unchunked":true}"#)
    try world.hook(
      #"{"event":"r","url":"\#(server.baseURL)/json","responseTemplate":"got {{{a.b}}}","responseTopic":"answer/{{{PARTICLE_EVENT_NAME}}}"}"#
    )
    try world.publish("u", "1")
    try world.publish("r", "2")
    try world.deliver()
    let events = try world.hookEvents()
    let responses = events.filter { !$0.name.hasPrefix("hook-sent/") }
    #expect(responses.map(\.name) == ["hook-response/u/0", "answer/r/0"])
    // One event is at most 1,024 bytes: the unchunked answer is what fits.
    #expect(Self.longBody.hasPrefix(responses[0].data))
    #expect(responses[0].data.count >= 1000)
    #expect(responses[1].data == "got deep")
  }

  @Test func errorsAreLoggedUnderTheErrorTopicWithTheirReason() throws {
    let world = try HookWorld()
    let server = try LocalHTTPServer { request in
      request.path == "/missing"
        ? ScriptedReply(status: 404, body: "nope")
        : request.path == "/hang" ? .hangUp : ScriptedReply()
    }
    let closed = try LocalHTTPServer()
    let refusedURL = closed.baseURL
    closed.stop()
    try world.hook(#"{"event":"m","url":"\#(server.baseURL)/missing"}"#)
    try world.hook(
      #"{"event":"h","url":"\#(server.baseURL)/hang","errorResponseTopic":"oops/{{{PARTICLE_EVENT_NAME}}}"}"#
    )
    try world.hook(#"{"event":"c","url":"\#(refusedURL)/x"}"#)
    try world.publish("m", "1")
    try world.deliver()
    // One host's errors throttle it until a few seconds pass without one: PCON_NOW moves them.
    world.at("2026-11-26T10:01:00Z")
    try world.publish("h", "2")
    try world.deliver()
    world.at("2026-11-26T10:02:00Z")
    try world.publish("c", "3")
    try world.deliver()
    let errors = try world.hookEvents().filter { !$0.name.hasPrefix("hook-sent/") }
    #expect(errors.map(\.name) == ["hook-error/m/0", "oops/h/0", "hook-error/c/0"])
    #expect(errors.first?.data == "error status 404 from 127.0.0.1")
    #expect(errors.dropFirst().allSatisfy { $0.data.hasPrefix("error from 127.0.0.1: ") })
    #expect(errors.dropFirst().allSatisfy { $0.data.count > "error from 127.0.0.1: ".count })
  }

  @Test func onlyEnabledHooksSeeNewEventsOfTheirPrefixAndDevice() throws {
    let world = try HookWorld()
    let server = try LocalHTTPServer()
    let base = server.baseURL
    try world.pcon.ok("device claim e00fce68000000000000a002 --platform argon --name other")
    try world.publish("t", "before")
    let disabled = try world.hook(#"{"event":"t","url":"\#(base)/disabled"}"#)
    try world.pcon.ok("integration disable \(disabled)")
    try world.hook(#"{"event":"t","url":"\#(base)/late"}"#)
    try world.hook(#"{"event":"hook","url":"\#(base)/hooks"}"#)
    try world.hook(#"{"event":"T","url":"\#(base)/case"}"#)
    try world.hook(#"{"event":"t","url":"\#(base)/lab","deviceID":"\#(HookWorld.lab)"}"#)
    try world.publish("t", "from-other", device: "e00fce68000000000000a002")
    try world.publish("t", "from-lab")
    try world.deliver()
    // The worker's own events (hook-sent/…, hook-response/…) are in the log now; run again.
    try world.deliver()
    let requests = server.requests
    let seen = requests.map { "\($0.path) \(Self.field("data", $0.bodyText))" }.sorted()
    #expect(seen == ["/lab from-lab", "/late from-lab", "/late from-other"])
    // Re-enabled, the hook sees what is published from then on, not what it missed.
    try world.pcon.ok("integration enable \(disabled)")
    try world.publish("t", "after")
    try world.deliver()
    let after = server.requests.dropFirst(requests.count)
    #expect(
      after.map { "\($0.path) \(Self.field("data", $0.bodyText))" }.sorted()
        == ["/disabled after", "/lab after", "/late after"])
  }

  /// A form field's value, decoded.
  static func field(_ name: String, _ form: String) -> String {
    for pair in form.split(separator: "&") where pair.hasPrefix(name + "=") {
      return String(pair.dropFirst(name.count + 1)).removingPercentEncoding ?? ""
    }
    return ""
  }
}
