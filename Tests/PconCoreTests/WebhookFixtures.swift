import Foundation

@testable import PconCore

/// The real webhook definitions in Tests/Fixtures/webhooks, read into `Webhook` values by their
/// Particle keys (only what rendering needs), and the events they are rendered for.
enum WebhookFixtures {
  static let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
    .appendingPathComponent("../Fixtures/webhooks").standardized.path

  static func text(_ name: String) throws -> String {
    try String(contentsOfFile: directory + "/" + name, encoding: .utf8)
  }

  struct Unreadable: Error { let why: String }

  static func hook(_ name: String, owner: Webhook.Owner = .account(id: "a1")) throws -> Webhook {
    let json = try JSONParser.parse(try text(name))
    func string(_ key: String) -> String? {
      if case .string(let s)? = json[key] { return s }
      return nil
    }
    func bool(_ key: String) -> Bool? {
      if case .bool(let b)? = json[key] { return b }
      return nil
    }
    func pairs(_ key: String) throws -> [(String, String)] {
      guard case .object(let items)? = json[key] else { return [] }
      return try items.map { key, value in
        guard case .string(let s) = value else { throw Unreadable(why: "\(key) is not a string") }
        return (key, s)
      }
    }
    var payload = Webhook.Payload.none
    if let value = json["json"] { payload = .json(value) }
    if json["form"] != nil { payload = .form(try pairs("form")) }
    if let body = string("body") { payload = .body(body) }
    guard let event = string("event") ?? string("eventName"), let url = string("url") else {
      throw Unreadable(why: "\(name) has no event or url")
    }
    var auth: Webhook.BasicAuth?
    if case .object? = json["auth"], case .string(let u)? = json["auth"]?["username"],
      case .string(let p)? = json["auth"]?["password"]
    {
      auth = Webhook.BasicAuth(username: u, password: p)
    }
    return Webhook(
      id: "5f0c1a2b3c4d5e6f70819203", owner: owner, name: string("name") ?? event, event: event,
      url: url, method: Webhook.Method(rawValue: string("requestType") ?? "POST") ?? .post,
      payload: payload, query: try pairs("query"), headers: try pairs("headers"), auth: auth,
      deviceID: string("deviceID"), disabled: bool("disabled") ?? false,
      noDefaults: bool("noDefaults") ?? false,
      rejectUnauthorized: bool("rejectUnauthorized") ?? true,
      responseTemplate: string("responseTemplate"), responseTopic: string("responseTopic"),
      errorResponseTopic: string("errorResponseTopic"), unchunked: bool("unchunked") ?? false,
      dataUrlResponseEvent: bool("dataUrlResponseEvent") ?? false,
      createdAt: Timestamp(millisecondsSince1970: 0))
  }

  static let device = "3f002b000000000000000000"
  /// 2017-02-01T21:08:05.763Z, the time of the documented default request.
  static let time = Timestamp(millisecondsSince1970: 1_485_983_285_763)

  static func input(
    name: String = "demo", data: String = "mydata", productID: Int? = nil,
    productVersion: Int? = nil, ownerID: String? = nil
  ) -> WebhookRender.Input {
    WebhookRender.Input(
      event: Event(
        id: 812, name: name, data: data, ttl: 60, publishedAt: time, coreid: device,
        productID: productID),
      productVersion: productVersion, ownerID: ownerID)
  }
}
