import PconCore

/// Webhooks as tables. Table cells make control characters visible, so nothing a definition
/// holds reaches the terminal raw.
enum IntegrationView {
  /// What the table shows instead of a secret.
  static let mask = "********"

  /// `integration list`: one row a hook.
  static func table(_ hooks: [Webhook]) -> Table {
    var table = Table(["ID", "NAME", "EVENT", "URL", "OWNER", "STATE"])
    for hook in hooks {
      table.add(
        hook.id, Views.oneLine(hook.name), hook.event, maskedURL(hook.url), owner(hook.owner),
        hook.disabled ? "disabled" : "enabled")
    }
    return table
  }

  /// `integration show`: a field a row, credentials masked.
  static func detail(_ hook: Webhook) -> Table {
    var table = Table(["FIELD", "VALUE"])
    table.add("id", hook.id)
    table.add("name", Views.oneLine(hook.name))
    table.add("owner", owner(hook.owner))
    table.add("state", hook.disabled ? "disabled" : "enabled")
    table.add("event", hook.event)
    if let device = hook.deviceID { table.add("device", device) }
    table.add("method", hook.method.rawValue)
    table.add("url", maskedURL(hook.url))
    for (name, value) in hook.query { table.add("query \(name)", masked(name, value)) }
    for (name, value) in hook.headers { table.add("header \(name)", masked(name, value)) }
    if let auth = hook.auth { table.add("auth", "\(auth.username):\(mask)") }
    switch hook.payload {
    case .none: table.add("body", hook.noDefaults ? "(none)" : "default fields")
    case .json(let json):
      table.add(
        "json",
        Views.oneLine(String(decoding: JSONWriter(pretty: false).bytes(json), as: UTF8.self)))
    case .form(let fields):
      for (name, value) in fields { table.add("form \(name)", masked(name, value)) }
    case .body(let body): table.add("body", Views.oneLine(body))
    }
    table.add("default fields", hook.noDefaults ? "no" : "yes")
    table.add("response topic", hook.effectiveResponseTopic)
    table.add("error topic", hook.effectiveErrorTopic)
    if let template = hook.responseTemplate {
      table.add("response template", Views.oneLine(template))
    }
    if !hook.rejectUnauthorized { table.add("TLS checks", "off") }
    if hook.unchunked { table.add("unchunked", "yes") }
    if hook.dataUrlResponseEvent { table.add("data URL responses", "yes") }
    table.add("created", Views.time(hook.createdAt))
    table.add("watching since", Views.time(hook.watchingSince))
    return table
  }

  static func owner(_ owner: Webhook.Owner) -> String {
    switch owner {
    case .account: return "sandbox"
    case .product(let id): return "product \(id)"
    }
  }

  /// Words in a field name that say its value is a credential.
  static let secretWords = ["auth", "token", "key", "secret", "password", "signature", "sas"]

  /// `url` with the value of every query parameter whose name says it is a credential masked,
  /// as the separate query fields are.
  static func maskedURL(_ url: String) -> String {
    guard let question = url.firstIndex(of: "?") else { return url }
    let fragment = url[question...].firstIndex(of: "#").map { url[$0...] } ?? ""
    let query = url[
      url.index(after: question)..<(url[question...].firstIndex(of: "#") ?? url.endIndex)]
    let parameters = query.split(separator: "&", omittingEmptySubsequences: false).map { pair in
      guard let equals = pair.firstIndex(of: "=") else { return String(pair) }
      let name = String(pair[..<equals])
      return name + "=" + masked(name, String(pair[pair.index(after: equals)...]))
    }
    return String(url[...question]) + parameters.joined(separator: "&") + fragment
  }

  /// `value`, or the mask when `name` says it is a credential and it is not a template (a
  /// template names where the secret comes from, which is no secret).
  static func masked(_ name: String, _ value: String) -> String {
    let lower = name.lowercased()
    guard secretWords.contains(where: lower.contains), !value.hasPrefix("{{") else { return value }
    return mask
  }
}
