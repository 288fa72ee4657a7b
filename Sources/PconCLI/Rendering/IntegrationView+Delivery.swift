import PconCore

/// Deliveries as the worker prints them, a test's answer, and a hook's history. What a server
/// answered is text from elsewhere: it reaches the terminal with control characters visible.
extension IntegrationView {
  /// One delivery as the worker prints it: time, hook, event, status, latency, outcome.
  static func deliveryLine(_ result: Delivery.Result) -> String {
    let status = result.outcome?.response.map { String($0.status) } ?? "-"
    let latency = result.outcome.map { "\($0.latencyMs) ms" } ?? "-"
    var line =
      "\(Views.time(result.at))  \(result.item.hook.id)  \(Visible.text(result.item.input.event.name))  \(status)  \(latency)  \(result.kind.rawValue)"
    if let reason = result.outcome?.failure?.message ?? result.renderFailure {
      line += "  \(Visible.text(reason))"
    }
    return line + "\n"
  }

  /// One delivery as `deliver --json` prints it, a line each.
  static func deliveryJSON(_ result: Delivery.Result) -> JSON {
    .object([
      ("time", .string(result.at.iso8601)), ("integration_id", .string(result.item.hook.id)),
      ("event", .string(result.item.input.event.name)),
      ("event_id", result.item.input.event.id > 0 ? .int(result.item.input.event.id) : .null),
      ("status", .int(result.outcome?.response?.status)),
      ("latency_ms", .int(result.outcome?.latencyMs)),
      ("outcome", .string(result.kind.rawValue)),
      ("error", .string(result.outcome?.failure?.message ?? result.renderFailure)),
    ])
  }

  /// A test's answer: the status line, then the body.
  static func testText(_ result: Delivery.Result) -> String {
    guard let outcome = result.outcome, let response = outcome.response else {
      return ""
    }
    let body = String(decoding: response.body, as: UTF8.self)
    return
      "HTTP \(response.status) \(reason(response.status)) (\(outcome.latencyMs) ms)\n"
      + (body.isEmpty ? "" : Visible.lines(body) + (body.hasSuffix("\n") ? "" : "\n"))
  }

  /// A test as `--json` gives it.
  static func testJSON(_ result: Delivery.Result) -> JSON {
    .object([
      ("status", .int(result.outcome?.response?.status)),
      ("latency_ms", .int(result.outcome?.latencyMs)),
      (
        "body",
        .string(result.outcome?.response.map { String(decoding: $0.body, as: UTF8.self) })
      ),
      ("error", .string(result.outcome?.failure?.message ?? result.renderFailure)),
    ])
  }

  /// Why a test failed, for the error line.
  static func failureText(_ result: Delivery.Result) -> String {
    if let status = result.outcome?.response?.status {
      return "the server answered \(status) \(reason(status))"
    }
    return "the request failed: "
      + (result.outcome?.failure?.message ?? result.renderFailure ?? "no answer")
  }

  /// The last deliveries, oldest first.
  static func deliveries(_ recent: [DeliveryState.Delivery]) -> Table {
    var table = Table(["TIME", "EVENT", "STATUS", "LATENCY", "OUTCOME"])
    for delivery in recent {
      table.add(
        Views.time(delivery.at), delivery.eventName, delivery.status.map(String.init) ?? "-",
        delivery.latencyMs.map { "\($0) ms" } ?? "-",
        delivery.outcome.rawValue + (delivery.error.map { ": \($0)" } ?? ""))
    }
    return table
  }

  /// Outcomes per day.
  static func days(_ days: [DeliveryState.DayCount]) -> Table {
    var table = Table(["DAY", "SUCCESS", "FAILURE", "SKIPPED"])
    for day in days {
      table.add(day.date, String(day.success), String(day.failure), String(day.skipped))
    }
    return table
  }

  /// `history --json`.
  static func historyJSON(_ state: DeliveryState) -> JSON {
    .object([
      (
        "deliveries",
        .array(
          state.recent.map { delivery in
            .object([
              ("time", .string(delivery.at.iso8601)),
              ("event_id", .int(delivery.eventID.map { Int($0) })),
              ("event", .string(delivery.eventName)), ("status", .int(delivery.status)),
              ("latency_ms", .int(delivery.latencyMs)),
              ("outcome", .string(delivery.outcome.rawValue)), ("error", .string(delivery.error)),
            ])
          })
      ),
      (
        "days",
        .array(
          state.days.map { day in
            .object([
              ("date", .string(day.date)), ("success", .int(day.success)),
              ("failure", .int(day.failure)), ("skipped", .int(day.skipped)),
            ])
          })
      ),
    ])
  }

  /// The reason phrase of common statuses, for the status line.
  static func reason(_ status: Int) -> String {
    switch status {
    case 200: return "OK"
    case 201: return "Created"
    case 202: return "Accepted"
    case 204: return "No Content"
    case 301: return "Moved Permanently"
    case 302: return "Found"
    case 400: return "Bad Request"
    case 401: return "Unauthorized"
    case 403: return "Forbidden"
    case 404: return "Not Found"
    case 429: return "Too Many Requests"
    case 431: return "Request Header Fields Too Large"
    case 500: return "Internal Server Error"
    case 502: return "Bad Gateway"
    case 503: return "Service Unavailable"
    case 504: return "Gateway Timeout"
    default: return ""
    }
  }
}
