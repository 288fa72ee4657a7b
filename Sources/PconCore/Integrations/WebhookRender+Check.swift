extension WebhookRender {
  /// Every template a definition holds, named as errors name them, in the order they are read.
  public static func templates(of hook: Webhook) -> [(field: String, text: String)] {
    var out: [(String, String)] = [("url", hook.url)]
    for (name, value) in hook.query { out += [("query", name), ("query '\(name)'", value)] }
    for (name, value) in hook.headers { out += [("headers", name), ("headers '\(name)'", value)] }
    switch hook.payload {
    case .none: break
    case .json(let json): out += jsonTemplates(json, field: "json")
    case .form(let fields):
      for (name, value) in fields { out += [("form", name), ("form '\(name)'", value)] }
    case .body(let body): out.append(("body", body))
    }
    if let auth = hook.auth {
      out += [("auth username", auth.username), ("auth password", auth.password)]
    }
    if let template = hook.responseTemplate { out.append(("response template", template)) }
    if let topic = hook.responseTopic { out.append(("response topic", topic)) }
    if let topic = hook.errorResponseTopic { out.append(("error topic", topic)) }
    return out
  }

  /// Checks that every template of `hook` is well-formed, naming the first that is not, its
  /// fault and the byte where it starts: what a definition is checked against when it is saved.
  public static func checkTemplates(of hook: Webhook) throws(Failure) {
    for (field, text) in templates(of: hook) {
      do {
        _ = try Template.parse(text)
      } catch {
        throw Failure("the \(field) template is malformed: \(error)")
      }
    }
  }

  private static func jsonTemplates(_ value: JSON, field: String) -> [(String, String)] {
    switch value {
    case .string(let text): return [(field, text)]
    case .array(let items): return items.flatMap { jsonTemplates($0, field: field) }
    case .object(let pairs):
      return pairs.flatMap { key, item in
        [(field, key)] + jsonTemplates(item, field: "\(field) '\(key)'")
      }
    case .null, .bool, .int, .double: return []
    }
  }
}
