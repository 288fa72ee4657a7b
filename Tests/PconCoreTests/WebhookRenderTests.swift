import Foundation
import Testing

@testable import PconCore

/// Webhook definitions (real ones from Tests/Fixtures/webhooks, and made-up ones for each rule)
/// rendered into the exact requests they send.
@Suite struct WebhookRenderTests {
  typealias F = WebhookFixtures

  static func request(_ hook: Webhook, _ input: WebhookRender.Input = F.input()) throws
    -> HTTPRequest
  {
    try WebhookRender.request(for: hook, from: input)
  }

  static func hook(
    url: String = "https://example.com/in", method: Webhook.Method = .post,
    payload: Webhook.Payload = .none, query: [(String, String)] = [],
    headers: [(String, String)] = [], auth: Webhook.BasicAuth? = nil, noDefaults: Bool = false
  ) -> Webhook {
    Webhook(
      id: "5f0c1a2b3c4d5e6f70819203", owner: .account(id: "a1"), name: "t", event: "demo",
      url: url, method: method, payload: payload, query: query, headers: headers, auth: auth,
      noDefaults: noDefaults, createdAt: Timestamp(millisecondsSince1970: 0))
  }

  static func text(_ body: [UInt8]) -> String { String(decoding: body, as: UTF8.self) }

  @Test func theDefaultRequestIsParticlesDocumentedOneByteForByte() throws {
    let fixture = try F.text("particle-docs-default-data-request.txt")
    let lines = fixture.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
    let request = lines.drop { $0 != "REQUEST" }.dropFirst()
    let body = Array(try #require(request.last { !$0.isEmpty }).utf8)
    #expect(body.count == 96)
    // The fixture's webhook is the legacy `eventName` form; the firmware publishes "mydata".
    let hook = try F.defaultDataHook(fixture)
    let rendered = try Self.request(hook)
    #expect(rendered.method == "POST")
    #expect(rendered.url == "http://host.com")
    #expect(rendered.body == body)
    #expect(request.contains("content-length: \(rendered.body.count)"))
    for (name, value) in rendered.headers {
      #expect(request.contains { $0.lowercased() == "\(name): \(value)".lowercased() })
    }
    #expect(rendered.headers.map(\.0) == ["User-Agent", "Content-Type"])
    #expect(rendered.timeout == 20 && rendered.verifiesTLS)
  }

  @Test func getWithQueryAndADeviceInThePath() throws {
    let request = try Self.request(try F.hook("rickkas7-DeviceNotesHelperRK-DeviceNotesGet.json"))
    #expect(request.method == "GET")
    #expect(
      request.url
        == "https://api.particle.io/v1/devices/3f002b000000000000000000?access_token=REDACTED")
    #expect(request.body.isEmpty)
    #expect(request.headers.map(\.0) == ["User-Agent"])
  }

  @Test func putWithAJSONObjectEscapesTheValueAsJSON() throws {
    let hook = try F.hook("rickkas7-DeviceNotesHelperRK-DeviceNotesPut.json")
    let request = try Self.request(hook, F.input(data: #"he said "hi" \ ok"#))
    #expect(request.method == "PUT")
    #expect(Self.text(request.body) == #"{"notes":"he said \"hi\" \\ ok"}"#)
    #expect(request.headers.last! == ("Content-Type", "application/json"))
    #expect(request.url.hasSuffix("?access_token=REDACTED"))
  }

  @Test func aQueryWrittenInTheURLIsKept() throws {
    let claim = try Self.request(try F.hook("rickkas7-DeviceClaimRK-deviceClaim.json"))
    #expect(
      claim.url
        == "https://api.particle.io/v1/devices/?access_token=ff662975ee26911d72da36c5b078d951b0766a63"
    )
    #expect(Self.text(claim.body) == #"{"id":"3f002b000000000000000000"}"#)
    let test = try Self.request(try F.hook("rickkas7-DeviceClaimRK-deviceTest.json"))
    #expect(test.method == "GET" && test.body.isEmpty)
    #expect(
      test.url
        == "https://api.particle.io/v1/devices/3f002b000000000000000000?access_token=ff662975ee26911d72da36c5b078d951b0766a63"
    )
  }

  @Test func aJSONObjectGetsTheDefaultFieldsUnlessNoDefaults() throws {
    let hook = try F.hook("nicjansma-dht-logger-particle-webhook.json")
    let request = try Self.request(hook, F.input(name: "dht-logger-log", data: "21.5"))
    #expect(
      Self.text(request.body)
        == #"{"event":"dht-logger-log","data":"21.5","published_at":"2017-02-01T21:08:05.763Z","#
        + #""coreid":"3f002b000000000000000000","from":"particle"}"#)
    #expect(request.headers.map(\.0) == ["User-Agent", "Content-Type", "x-api-key"])
    #expect(request.headers[2].1 == "YOURAPIKEY")

    let signl4 = try Self.request(
      try F.hook("particle-docs-signl4.json"),
      F.input(data: #"{"subject":"Motion <door>","temperature":21.5}"#))
    #expect(Self.text(signl4.body) == #"{"subject":"Motion <door>","temperature":"21.5"}"#)
    // A literal single-brace placeholder is the author's text, not a template.
    #expect(signl4.url == "https://connect.signl4.com/webhook/{team-secret}")
  }

  @Test func aJSONStringIsExpandedAndSentAsItIs() throws {
    let hook = Self.hook(
      payload: .json(.string(#"{"t": {{t}}, "n": "{{{PARTICLE_EVENT_NAME}}}"}"#)))
    let request = try Self.request(hook, F.input(data: #"{"t":21.1}"#))
    #expect(Self.text(request.body) == #"{"t": 21.1, "n": "demo"}"#)
    #expect(request.headers.last! == ("Content-Type", "application/json"))
  }

  @Test func aFormWithATemplatedURLAndItsOwnContentType() throws {
    let hook = try F.hook("sentientthings-IoTNodeThingSpeak-TSBulkWriteCSV.json")
    let data = #"{"c":"12345","k":"KEY","t":"absolute","d":"2018-06-14T12:00:00-0400,1,2|x,3,4"}"#
    let request = try Self.request(hook, F.input(name: "TSBulkWriteCSV", data: data))
    #expect(request.url == "https://api.thingspeak.com/channels/12345/bulk_update.csv")
    #expect(
      Self.text(request.body)
        == "write_api_key=KEY&time_format=absolute&updates=2018-06-14T12%3A00%3A00-0400%2C1%2C2%7Cx%2C3%2C4"
    )
    // The definition's Content-Type replaces the automatic one rather than doubling it.
    #expect(request.headers.map(\.0) == ["User-Agent", "Content-Type"])
  }

  @Test func valuesInTheURLCannotChangeItsStructure() throws {
    let hook = try F.hook("sentientthings-IoTNodeThingSpeak-TSBulkWriteCSV.json")
    let request = try Self.request(hook, F.input(data: #"{"c":"../admin?x=1#f"}"#))
    #expect(
      request.url == "https://api.thingspeak.com/channels/..%2Fadmin%3Fx%3D1%23f/bulk_update.csv")
    let host = try Self.request(
      Self.hook(url: "https://{{h}}/x"), F.input(data: #"{"h":"a.b@evil"}"#))
    #expect(WebhookRender.TargetURL(host.url)?.host == "a.b%40evil")
  }

  @Test func aFormPostAndAGetWithDefaultsInTheQuery() throws {
    let pushover = try Self.request(
      try F.hook("particle-docs-pushover.json"), F.input(data: "Door open!"))
    #expect(
      Self.text(pushover.body)
        == "token=azGDORePK8gMaC0QOYAMyEEuzJnyUi&user=uQiRzpo4DXghDmr9QzzfQu27cmVRsG&message=Door%20open%21"
    )
    let get = Self.hook(
      method: .get, payload: .form([("a", "{{x}}"), ("data", "mine")]), query: [("q", "1 2")])
    let request = try Self.request(get, F.input(data: #"{"x":"<&>"}"#))
    #expect(request.body.isEmpty)
    #expect(request.headers.map(\.0) == ["User-Agent"])
    #expect(
      request.url
        == "https://example.com/in?event=demo&data=mine&published_at=2017-02-01T21%3A08%3A05.763Z"
        + "&coreid=3f002b000000000000000000&a=%26lt%3B%26amp%3B%26gt%3B&q=1%202")
    let plainGet = try Self.request(Self.hook(method: .get))
    #expect(plainGet.url.hasPrefix("https://example.com/in?event=demo&data=mydata&"))
  }

  @Test func aGetWithAQueryOfTemplates() throws {
    let hook = try F.hook("particle-docs-blynk.json")
    let data = #"{"t":"tok","v14":1,"v15":2.5,"v16":"a b","v17":true}"#
    let request = try Self.request(hook, F.input(data: data))
    #expect(
      request.url
        == "https://ny3.blynk.cloud/external/api/batch/update?token=tok&V6=2017-02-01T21%3A08%3A05.763Z"
        + "&V14=1&V15=2.5&V16=a%20b&V17=true")
  }

  @Test func aRawBodyHasNoAutomaticContentType() throws {
    let request = try Self.request(try F.hook("particle-docs-memfault.json"), F.input(data: "AAEC"))
    #expect(request.url == "https://chunks.memfault.com/api/v0/chunks/3f002b000000000000000000")
    #expect(request.body == Array("AAEC".utf8))
    #expect(
      request.headers.map(\.0)
        == ["User-Agent", "Memfault-Project-Key", "Content-Type", "Content-Encoding"])
    #expect(request.headers[2].1 == "application/octet-stream")
  }

  @Test func authBecomesABasicHeader() throws {
    let hook = Self.hook(auth: .init(username: "{{u}}", password: "p:w"), noDefaults: true)
    let request = try Self.request(hook, F.input(data: #"{"u":"user"}"#))
    #expect(request.headers.contains { $0 == ("Authorization", "Basic dXNlcjpwOnc=") })
    #expect(request.body.isEmpty && request.headers.count == 2)
  }

  @Test func rejectUnauthorizedFalseTurnsOffTLSChecks() throws {
    var hook = Self.hook()
    hook.rejectUnauthorized = false
    #expect(try !Self.request(hook).verifiesTLS)
  }

  @Test func headersAreTemplatesButCannotInjectLinesOrFraming() throws {
    let hook = Self.hook(headers: [("X-Dev", "{{{PARTICLE_DEVICE_ID}}}"), ("Host", "evil")])
    let request = try Self.request(hook)
    #expect(request.headers.contains { $0 == ("X-Dev", F.device) })
    #expect(!request.headers.contains { $0.0 == "Host" })
    let injected = Self.hook(headers: [("X-V", "{{{v}}}")])
    #expect(throws: WebhookRender.Failure.self) {
      try Self.request(injected, F.input(data: #"{"v":"x\r\nEvil: 1"}"#))
    }
    let badName = Self.hook(headers: [("{{{v}}}", "1")])
    #expect(throws: WebhookRender.Failure.self) {
      try Self.request(badName, F.input(data: #"{"v":"a b"}"#))
    }
  }

  @Test func aURLThatIsNotHTTPOnceExpandedIsAFailureValue() throws {
    #expect(throws: WebhookRender.Failure.self) {
      try Self.request(try F.hook("FirstBuild-DryAgeMeat-webhook.json"))
    }
    for url in ["https://{{h}}/x", "ftp://x/", "https://h:99999/", "https://h/a b"] {
      #expect(throws: WebhookRender.Failure.self) { try Self.request(Self.hook(url: url)) }
    }
    let failure = #expect(throws: WebhookRender.Failure.self) {
      try Self.request(Self.hook(url: "https://{{h}}/x"))
    }
    #expect(
      failure?.reason
        == "the URL is not an http:// or https:// URL with a host once expanded")
  }

  @Test func malformedAndOversizedTemplatesAreFailureValues() throws {
    let malformed = #expect(throws: WebhookRender.Failure.self) {
      try Self.request(Self.hook(payload: .body("x {{oops")))
    }
    #expect(malformed?.reason == "the body template is malformed: unclosed '{{' at byte 2")
    let list = "[" + Array(repeating: "1", count: 500).joined(separator: ",") + "]"
    let big = Self.hook(
      payload: .body("{{#l}}{{#l}}{{#l}}{{{PARTICLE_EVENT_JSON}}}{{/l}}{{/l}}{{/l}}"))
    let huge = #expect(throws: WebhookRender.Failure.self) {
      try Self.request(big, F.input(data: #"{"l":"# + list + "}"))
    }
    #expect(huge?.reason.hasPrefix("the body template cannot be expanded") == true)
  }

  @Test func everyVariable() throws {
    let names = [
      "PARTICLE_DEVICE_ID", "PARTICLE_EVENT_NAME", "PARTICLE_EVENT_VALUE", "PARTICLE_PUBLISHED_AT",
      "PARTICLE_EVENT_ID", "PRODUCT_ID", "PRODUCT_USER_ID", "PRODUCT_VERSION", "SPARK_EVENT_VALUE",
      "SPARK_EVENT_NAME", "SPARK_PUBLISHED_AT", "SPARK_CORE_ID",
    ]
    let body = names.map { "{{{\($0)}}}" }.joined(separator: "|")
    let input = F.input(data: "v", productID: 1234, productVersion: 7, ownerID: "o@x.io")
    let request = try Self.request(Self.hook(payload: .body(body)), input)
    #expect(
      Self.text(request.body)
        == "\(F.device)|demo|v|2017-02-01T21:08:05.763Z|812|1234|o@x.io|7|v|demo|2017-02-01T21:08:05.763Z|\(F.device)"
    )
    let sandbox = try Self.request(
      Self.hook(payload: .body("[{{PRODUCT_ID}}{{PRODUCT_USER_ID}}{{PRODUCT_VERSION}}]")))
    #expect(Self.text(sandbox.body) == "[]")
  }

  @Test func theWholeEventAsJSONAndBase64() throws {
    let input = F.input(data: #"say "hi""#, productID: 9)
    let request = try Self.request(
      Self.hook(payload: .body("{{{PARTICLE_EVENT_JSON}}}\n{{{PARTICLE_EVENT_BASE64}}}")), input)
    let parts = Self.text(request.body).split(separator: "\n").map(String.init)
    let json = JSONWriter(pretty: false).string(input.event.stored)
    #expect(parts[0] == json)
    #expect(
      parts[0]
        == #"{"id":812,"name":"demo","data":"say \"hi\"","ttl":60,"published_at":"2017-02-01T21:08:05.763Z","coreid":"3f002b000000000000000000","product_id":9}"#
    )
    #expect(Data(base64Encoded: parts[1]).map { String(decoding: $0, as: UTF8.self) } == json)
  }

  @Test func theKeysOfJSONDataButNeverInPlaceOfAPredefinedVariable() throws {
    let hook = Self.hook(payload: .body("{{{a.b}}} {{{c.0.d}}} {{{PARTICLE_DEVICE_ID}}}"))
    let data = #"{"a":{"b":"x"},"c":[{"d":5}],"PARTICLE_DEVICE_ID":"spoofed"}"#
    #expect(Self.text(try Self.request(hook, F.input(data: data)).body) == "x 5 \(F.device)")
    let list = Self.hook(payload: .body("{{0}} {{1.k}}"))
    #expect(Self.text(try Self.request(list, F.input(data: #"[10,{"k":"v"}]"#)).body) == "10 v")
    let plain = Self.hook(payload: .body("[{{a}}]{{PARTICLE_EVENT_VALUE}}"))
    #expect(Self.text(try Self.request(plain, F.input(data: "a & b")).body) == "[]a &amp; b")
  }
}

extension WebhookFixtures {
  /// The webhook of the documented default request: its JSON is the text after "WEBHOOK".
  static func defaultDataHook(_ fixture: String) throws -> Webhook {
    let start = try #require(fixture.range(of: "{"))
    let end = try #require(fixture.range(of: "}"))
    let json = try JSONParser.parse(String(fixture[start.lowerBound...end.lowerBound]))
    guard case .string(let event)? = json["eventName"], case .string(let url)? = json["url"] else {
      throw Unreadable(why: "no eventName or url")
    }
    return Webhook(
      id: "5f0c1a2b3c4d5e6f70819203", owner: .account(id: "a1"), name: event, event: event,
      url: url, createdAt: Timestamp(millisecondsSince1970: 0))
  }
}

extension WebhookRenderTests {
  @Test func everyFixtureHasWellFormedTemplates() throws {
    let names = try FileManager.default.contentsOfDirectory(atPath: F.directory)
      .filter { $0.hasSuffix(".json") }
    #expect(names.count == 11)
    for name in names { try WebhookRender.checkTemplates(of: try F.hook(name)) }
  }

  @Test(arguments: [
    (
      Webhook.Payload.none, "https://x/{{a", [("q", "1")],
      "the url template is malformed: unclosed '{{' at byte 10"
    ),
    (
      .json(.object([("k", .array([.string("{{#s}}")]))])), "https://x/", [],
      "the json 'k' template is malformed: unclosed section 's' at byte 0"
    ),
    (
      .form([("{{}}", "v")]), "https://x/", [],
      "the form template is malformed: empty tag name at byte 0"
    ),
    (
      .body("ok"), "https://x/", [("k", "{{/a}}")],
      "the query 'k' template is malformed: '{{/a}}' closes a section that was never opened at byte 0"
    ),
  ])
  func checkingNamesTheFieldTheFaultAndTheByte(
    payload: Webhook.Payload, url: String, query: [(String, String)], reason: String
  ) {
    let hook = Self.hook(url: url, payload: payload, query: query)
    let failure = #expect(throws: WebhookRender.Failure.self) {
      try WebhookRender.checkTemplates(of: hook)
    }
    #expect(failure?.reason == reason)
    // Rendering reports the same fault in the same words.
    let rendered = #expect(throws: WebhookRender.Failure.self) { try Self.request(hook) }
    #expect(rendered?.reason == reason)
  }

  @Test func theResponseTemplateAndTopicsAreChecked() {
    var hook = Self.hook()
    for (keyPath, field) in [
      (\Webhook.responseTemplate, "response template"), (\Webhook.responseTopic, "response topic"),
      (\Webhook.errorResponseTopic, "error topic"),
    ] {
      var broken = hook
      broken[keyPath: keyPath] = "{{x"
      let failure = #expect(throws: WebhookRender.Failure.self) {
        try WebhookRender.checkTemplates(of: broken)
      }
      #expect(failure?.reason == "the \(field) template is malformed: unclosed '{{' at byte 0")
    }
    hook.auth = .init(username: "u", password: "{{{p}}")
    #expect(throws: WebhookRender.Failure.self) { try WebhookRender.checkTemplates(of: hook) }
  }
}
