import PconCore

/// One event as `--json` prints it: CLI.md's keys in its order. Streams of events are
/// printed as their stored lines, which hold the same keys in the same order.
enum EventView {
  /// The event object of CLI.md.
  static func json(_ event: Event) -> JSON {
    .object([
      ("id", .int(event.id)), ("name", .string(event.name)), ("data", .string(event.data)),
      ("ttl", .int(Int64(event.ttl))), ("published_at", .string(event.publishedAt.iso8601)),
      ("coreid", .string(event.coreid)), ("product_id", .int(event.productID)),
    ])
  }

  /// JSON objects and arrays indented with sorted keys; anything else as it is.
  static func prettyData(_ data: String) -> String {
    guard let value = try? JSONParser.parse(data) else { return data }
    switch value {
    case .object, .array: return JSONWriter(pretty: true).string(sorted(value))
    default: return data
    }
  }

  private static func sorted(_ value: JSON) -> JSON {
    switch value {
    case .object(let pairs):
      return .object(pairs.sorted { $0.0 < $1.0 }.map { ($0.0, sorted($0.1)) })
    case .array(let items): return .array(items.map(sorted))
    default: return value
    }
  }
}
