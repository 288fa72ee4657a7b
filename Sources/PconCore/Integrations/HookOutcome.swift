import Foundation

/// The events the cloud publishes about one delivery, as drafts the worker logs:
/// `hook-sent/<event>`, then `hook-response/<event>/<n>` or `hook-error/<event>/0`, under the
/// hook's topics (themselves templates).
///
/// Every draft is one the log stores and reads back: names are cut to 64 characters with any
/// character an event name may not hold replaced by `_`, and data stays within its limits.
public enum HookOutcome {
  /// The publisher of every hook event.
  public static let publisher = "particle-internal"
  /// The data of `hook-sent`.
  public static let sentData = "undefined"
  /// The most response bytes published, chunked or not (Particle: "the first 100 KB").
  public static let maxResponseBytes = 100 * 1024
  /// The size of a response chunk.
  public static let chunkBytes = 512

  /// `hook-sent/<event>`: the request went out.
  public static func sent(_ input: WebhookRender.Input, at time: Timestamp) -> EventLog.Draft {
    draft(name: eventName("hook-sent/" + input.event.name), data: sentData, input, at: time)
  }

  /// The events for a server's answer: the response chunks on 2xx, else one error naming the
  /// status and host.
  public static func answered(
    _ response: HTTPResponse, to request: HTTPRequest, by hook: Webhook,
    for input: WebhookRender.Input, at time: Timestamp
  ) -> [EventLog.Draft] {
    guard (200...299).contains(response.status) else {
      return [
        error("error status \(response.status) from \(host(of: request))", hook, input, at: time)
      ]
    }
    let text: String
    switch responseText(response, hook: hook, input: input) {
    case .success(let value): text = value
    case .failure(let failure): return [error(failure.reason, hook, input, at: time)]
    }
    let topic = self.topic(hook.effectiveResponseTopic, fallback: defaultResponseTopic(hook), input)
    if hook.unchunked {
      return [draft(name: eventName(topic, suffix: "/0"), data: text, input, at: time)]
    }
    return chunks(text).enumerated().map { n, chunk in
      draft(name: eventName(topic, suffix: "/\(n)"), data: chunk, input, at: time)
    }
  }

  /// The event for a request that got no answer (or could not be sent): `reason` says why.
  public static func failed(
    _ reason: String, to request: HTTPRequest?, by hook: Webhook,
    for input: WebhookRender.Input, at time: Timestamp
  ) -> EventLog.Draft {
    let text = request.map { "error from \(host(of: $0)): \(reason)" } ?? "error: \(reason)"
    return error(text, hook, input, at: time)
  }

  /// The event for a request dropped because its host is throttled (`HostThrottle`).
  public static func throttled(
    by hook: Webhook, for input: WebhookRender.Input, at time: Timestamp
  ) -> EventLog.Draft {
    error(HostThrottle.droppedMessage, hook, input, at: time)
  }

  /// `hook-error/<event>/0` (or the hook's error topic) carrying `text`.
  static func error(
    _ text: String, _ hook: Webhook, _ input: WebhookRender.Input, at time: Timestamp
  ) -> EventLog.Draft {
    let topic = self.topic(
      hook.effectiveErrorTopic, fallback: "hook-error/{{PARTICLE_EVENT_NAME}}", input)
    return draft(
      name: eventName(topic, suffix: "/0"), data: prefix(text, bytes: EventRules.maxDataBytes),
      input, at: time)
  }

  static func draft(
    name: String, data: String, _ input: WebhookRender.Input, at time: Timestamp
  ) -> EventLog.Draft {
    EventLog.Draft(
      name: name, data: data, publishedAt: time, coreid: publisher, productID: input.productID)
  }

  /// The host a request went to, for error texts.
  static func host(of request: HTTPRequest) -> String {
    WebhookRender.TargetURL(request.url)?.host ?? "the server"
  }
}
