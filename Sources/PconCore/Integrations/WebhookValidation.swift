/// The checks a webhook definition passes before it is stored, each refusing with one line that
/// names Particle's key at fault. Nothing here needs the state: who owns the hook and which
/// device it watches are the storing rule's to check.
public enum WebhookValidation {
  /// The most characters an event name prefix may have: Particle's limit on event names.
  public static let maxEventLength = 64
  /// The most characters a hook's name may have.
  public static let maxNameLength = 255

  /// Every check on `hook`.
  public static func check(_ hook: Webhook) throws {
    try checkEvent(hook.event)
    try checkName(hook.name)
    try checkURL(hook.url)
    for (name, _) in hook.headers { try checkHeaderName(name) }
    for (key, fields) in [("query", hook.query), ("headers", hook.headers)] {
      for (name, _) in fields where name.isEmpty {
        throw PconError.invalidWebhook(field: key, reason: "a name is empty")
      }
    }
    if case .form(let fields) = hook.payload, fields.contains(where: { $0.0.isEmpty }) {
      throw PconError.invalidWebhook(field: "form", reason: "a field name is empty")
    }
    for (field, text) in WebhookRender.templates(of: hook)
    where text.unicodeScalars.contains(where: isBreak) {
      // A line break in a URL or a header would let the definition write its own request line.
      if field == "url" || field.hasPrefix("headers") || field.hasPrefix("query") {
        throw PconError.invalidWebhook(field: field, reason: "holds a line break or NUL")
      }
    }
    try checkTemplates(hook)
  }

  /// A non-empty case-sensitive prefix of event names, with no wildcard: a prefix matches
  /// every name it begins already.
  static func checkEvent(_ event: String) throws {
    guard !event.isEmpty else {
      throw PconError.invalidWebhook(
        field: "event", reason: "empty: give the event name prefix to watch")
    }
    guard event.count <= maxEventLength else {
      throw PconError.invalidWebhook(
        field: "event", reason: "longer than \(maxEventLength) characters")
    }
    guard !event.contains("*") else {
      throw PconError.invalidWebhook(
        field: "event",
        reason:
          "'\(event)' holds '*': the event is a prefix, so '\(event.prefix { $0 != "*" })' already matches every name it begins"
      )
    }
    guard !event.unicodeScalars.contains(where: DisplayName.isControl) else {
      throw PconError.invalidWebhook(field: "event", reason: "holds a control character")
    }
  }

  static func checkName(_ name: String) throws {
    guard name.count <= maxNameLength,
      !name.unicodeScalars.contains(where: {
        DisplayName.isControl($0) || DisplayName.isInvisible($0)
      })
    else {
      throw PconError.invalidWebhook(
        field: "name",
        reason:
          "expected at most \(maxNameLength) characters with no control or invisible character")
    }
  }

  /// `http://` or `https://`, then a host with no template (the host decides where event data
  /// goes, so it is fixed when the hook is made); templates may follow in the path and query.
  static func checkURL(_ url: String) throws {
    let lower = url.lowercased()
    guard let scheme = ["http://", "https://"].first(where: { lower.hasPrefix($0) }) else {
      throw PconError.invalidWebhook(
        field: "url", reason: "'\(url)' does not start with http:// or https://")
    }
    let rest = url.dropFirst(scheme.count)
    let authority = rest.prefix { !"/?#".contains($0) }
    // Credentials in the URL would be printed wherever the URL is, and no request sends them.
    guard !authority.contains("@") else {
      throw PconError.invalidWebhook(
        field: "url",
        reason:
          "has a user name in it; put credentials in the auth field (\"auth\": {\"username\", \"password\"})"
      )
    }
    var host = authority
    if host.hasPrefix("[") {
      host = host.prefix { $0 != "]" }.dropFirst()
    } else if let colon = host.lastIndex(of: ":") {
      let port = host[host.index(after: colon)...]
      guard !port.isEmpty, port.count <= 5, port.allSatisfy(\.isASCIIDigit),
        let number = Int(port), (1...65535).contains(number)
      else {
        throw PconError.invalidWebhook(
          field: "url", reason: "'\(url)' has a port that is not 1 to 65535")
      }
      host = host[..<colon]
    }
    guard !host.isEmpty else {
      throw PconError.invalidWebhook(field: "url", reason: "'\(url)' names no host")
    }
    guard !host.contains("{") && !host.contains("}") else {
      throw PconError.invalidWebhook(
        field: "url",
        reason: "'\(url)' has a template in its host; templates may be in the path and query only")
    }
    let bracketed = authority.hasPrefix("[")
    guard
      host.allSatisfy({
        $0.isASCII && ($0.isLetter || $0.isNumber || "-._".contains($0) || (bracketed && $0 == ":"))
      })
    else {
      throw PconError.invalidWebhook(
        field: "url", reason: "'\(url)' has a host that is not a name or address")
    }
    guard !url.unicodeScalars.contains(where: { $0 == " " || DisplayName.isControl($0) }) else {
      throw PconError.invalidWebhook(field: "url", reason: "holds a space or a control character")
    }
  }

  /// A header name is an HTTP token (RFC 9110 §5.6.2).
  static func checkHeaderName(_ name: String) throws {
    let punctuation = "!#$%&'*+-.^_`|~"
    guard !name.isEmpty,
      name.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || punctuation.contains($0)) })
    else {
      throw PconError.invalidWebhook(
        field: "headers",
        reason: "'\(name)' is not a header name (letters, digits and !#$%&'*+-.^_`|~)")
    }
  }

  /// Every template must parse: the renderer's own parser decides, so what is saved renders.
  static func checkTemplates(_ hook: Webhook) throws {
    do {
      try WebhookRender.checkTemplates(of: hook)
    } catch {
      throw PconError.invalidWebhook(field: "template", reason: error.reason)
    }
  }

  private static func isBreak(_ scalar: Unicode.Scalar) -> Bool {
    scalar == "\r" || scalar == "\n" || scalar == "\0"
  }
}

extension Character {
  fileprivate var isASCIIDigit: Bool { isASCII && isNumber }
}
