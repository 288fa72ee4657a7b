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
}
