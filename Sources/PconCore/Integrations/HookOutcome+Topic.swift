extension HookOutcome {
  /// A topic template expanded for `input`; the fallback when it is malformed, too large or
  /// expands to nothing.
  static func topic(_ source: String, fallback: String, _ input: WebhookRender.Input) -> String {
    var budget = Template.Budget(outputBytes: 4096, steps: 10_000)
    for candidate in [source, fallback] {
      if let template = try? Template.parse(candidate),
        let text = try? template.render(input.context, budget: &budget), !text.isEmpty
      {
        return text
      }
    }
    return "hook-response"
  }

  /// The default response topic for `hook`'s owner.
  static func defaultResponseTopic(_ hook: Webhook) -> String {
    var plain = hook
    plain.responseTopic = nil
    return plain.effectiveResponseTopic
  }

  /// `base` + `suffix` as a valid event name: characters an event name may not hold become `_`
  /// (one per character), and `base` is cut so the whole is at most 64 characters.
  static func eventName(_ base: String, suffix: String = "") -> String {
    var name = ""
    for scalar in base.unicodeScalars {
      let allowed =
        scalar.isASCII
        && (("a"..."z").contains(scalar) || ("A"..."Z").contains(scalar)
          || ("0"..."9").contains(scalar) || scalar == "_" || scalar == "-" || scalar == "/")
      name.unicodeScalars.append(allowed ? scalar : "_")
    }
    return String(name.prefix(64 - suffix.count)) + suffix
  }
}
