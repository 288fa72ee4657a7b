import Foundation

/// Turns a webhook and one event into the exact HTTP request Particle would send.
///
/// Rules beyond Particle's documentation: values expanded into the URL are percent-encoded, so
/// event data can fill a path segment or a query value but never change the URL's structure;
/// the expanded URL must still be `http(s)://` with a host; header names and values must not
/// hold line breaks once expanded. Every template of one request shares one `Template.Budget`.
public enum WebhookRender {
  /// Why a request could not be rendered: recorded as the delivery's error, never thrown past
  /// the worker.
  public struct Failure: Error, Equatable, Sendable, CustomStringConvertible {
    public let reason: String
    public init(_ reason: String) { self.reason = reason }
    public var description: String { reason }
  }

  /// The User-Agent every webhook request carries.
  public static let userAgent = "ParticleBot/1.1 (https://docs.particle.io/webhooks)"
  /// Seconds a server has to answer before the delivery counts as failed.
  public static let timeout: Double = 20

  /// The request `hook` sends for `input`.
  public static func request(
    for hook: Webhook, from input: Input, budget: Template.Budget = .standard
  )
    throws(Failure) -> HTTPRequest
  {
    var expander = Expander(context: input.context, budget: budget)
    let defaults = hook.noDefaults ? [] : try expander.expand(defaultFields, field: "defaults")

    var url = try expander.expand(hook.url, field: "url", escaping: .url)
    var query = try expander.expand(hook.query, field: "query")
    let custom = try expander.expand(hook.headers, field: "headers")
    var headers: [(String, String)] = [("User-Agent", userAgent)]
    var body: [UInt8] = []

    switch hook.payload {
    case .none, .form:
      var fields = defaults
      if case .form(let form) = hook.payload {
        fields = merged(fields, try expander.expand(form, field: "form"))
      }
      if hook.method == .get {
        query = fields + query
      } else if !fields.isEmpty || hook.payload != .none {
        headers.append(("Content-Type", "application/x-www-form-urlencoded"))
        body = Array(formEncoded(fields).utf8)
      }
    case .json(let template):
      headers.append(("Content-Type", "application/json"))
      if case .string(let text) = template {
        body = Array(try expander.expand(text, field: "json").utf8)
      } else {
        var value = try expander.expand(template, field: "json")
        if case .object(let pairs) = value, !defaults.isEmpty {
          value = .object(merged(defaults.map { ($0.0, JSON.string($0.1)) }, pairs))
        }
        body = JSONWriter(pretty: false).bytes(value)
      }
    case .body(let template):
      body = Array(try expander.expand(template, field: "body").utf8)
    }

    if let auth = hook.auth {
      let user = try expander.expand(auth.username, field: "auth username")
      let password = try expander.expand(auth.password, field: "auth password")
      let token = Data("\(user):\(password)".utf8).base64EncodedString()
      headers = merged(headers, [("Authorization", "Basic \(token)")], ignoringCase: true)
    }
    for (name, value) in custom {
      guard TargetURL.isToken(name) else {
        throw Failure("header name '\(name)' is not a valid HTTP header name once expanded")
      }
      guard !value.utf8.contains(where: { ($0 < 0x20 && $0 != 0x09) || $0 == 0x7F }) else {
        throw Failure("header '\(name)' holds a line break or control character once expanded")
      }
    }
    // The client frames the message itself; a definition's own framing headers would contradict it.
    let framing: Set<String> = ["host", "content-length", "transfer-encoding", "connection"]
    headers = merged(
      headers, custom.filter { !framing.contains($0.0.lowercased()) }, ignoringCase: true)

    if !query.isEmpty { url = TargetURL.appending(query: formEncoded(query), to: url) }
    guard TargetURL(url) != nil else {
      // The URL is not quoted: it may hold a key, and the failure becomes an event others read.
      throw Failure("the URL is not an http:// or https:// URL with a host once expanded")
    }
    return HTTPRequest(
      method: hook.method.rawValue, url: TargetURL.withoutFragment(url), headers: headers,
      body: body,
      verifiesTLS: hook.rejectUnauthorized, timeout: timeout)
  }

  /// Particle's default fields, in the order its documented request sends them.
  static let defaultFields: [(String, String)] = [
    ("event", "{{{PARTICLE_EVENT_NAME}}}"), ("data", "{{{PARTICLE_EVENT_VALUE}}}"),
    ("published_at", "{{{PARTICLE_PUBLISHED_AT}}}"), ("coreid", "{{{PARTICLE_DEVICE_ID}}}"),
  ]

  /// `base` with each of `extra`'s pairs replacing a pair of the same name in place, or appended.
  static func merged<Value>(
    _ base: [(String, Value)], _ extra: [(String, Value)], ignoringCase: Bool = false
  ) -> [(String, Value)] {
    var result = base
    let key: (String) -> String = { ignoringCase ? $0.lowercased() : $0 }
    for (name, value) in extra {
      if let at = result.firstIndex(where: { key($0.0) == key(name) }) {
        result[at] = (name, value)
      } else {
        result.append((name, value))
      }
    }
    return result
  }

  /// `application/x-www-form-urlencoded` as Particle sends it: RFC 3986 percent-encoding, so a
  /// space is `%20` and `:` is `%3A`.
  public static func formEncoded(_ fields: [(String, String)]) -> String {
    fields.map { name, value in
      String(decoding: TemplateRenderer.percentEncoded(name), as: UTF8.self) + "="
        + String(decoding: TemplateRenderer.percentEncoded(value), as: UTF8.self)
    }.joined(separator: "&")
  }
}

/// Expands a definition's templates with one shared budget, naming the field at fault.
private struct Expander {
  let context: [JSON]
  var budget: Template.Budget

  mutating func expand(_ text: String, field: String, escaping: Template.Escaping = .html)
    throws(WebhookRender.Failure) -> String
  {
    let template: Template
    do {
      template = try Template.parse(text)
    } catch {
      throw WebhookRender.Failure("the \(field) template is malformed: \(error)")
    }
    do {
      return try template.render(context, escaping: escaping, budget: &budget)
    } catch {
      throw WebhookRender.Failure("the \(field) template cannot be expanded: \(error)")
    }
  }

  mutating func expand(_ pairs: [(String, String)], field: String) throws(WebhookRender.Failure)
    -> [(String, String)]
  {
    var out: [(String, String)] = []
    for (name, value) in pairs {
      out.append((try expand(name, field: field), try expand(value, field: "\(field) '\(name)'")))
    }
    return out
  }

  /// A `json` object or list: string keys and values expanded, other values kept.
  mutating func expand(_ value: JSON, field: String) throws(WebhookRender.Failure) -> JSON {
    switch value {
    case .string(let text): return .string(try expand(text, field: field))
    case .array(let items):
      var out: [JSON] = []
      for item in items { out.append(try expand(item, field: field)) }
      return .array(out)
    case .object(let pairs):
      var out: [(String, JSON)] = []
      for (key, item) in pairs {
        out.append((try expand(key, field: field), try expand(item, field: "\(field) '\(key)'")))
      }
      return .object(out)
    case .null, .bool, .int, .double: return value
    }
  }
}
