/// Particle's `text/event-stream` wire format, as its stream endpoints send it.
public enum EventStreamFormat {
  /// The comment a stream opens with.
  public static let opening: [UInt8] = Array(":ok\n\n".utf8)

  /// One event: `event: NAME`, `data: {"data","ttl","published_at","coreid"}`, a blank line.
  /// Product events add `productID`, as product streams do.
  public static func encode(_ event: Event) -> [UInt8] {
    var fields: [(String, JSON)] = [
      ("data", .string(event.data)), ("ttl", .int(Int64(event.ttl))),
      ("published_at", .string(event.publishedAt.iso8601)),
      ("coreid", .string(event.coreid)),
    ]
    if let product = event.productID { fields.append(("productID", .int(Int64(product)))) }
    var out = Array("event: \(event.name)\ndata: ".utf8)
    out.append(contentsOf: JSONWriter(pretty: false).bytes(.object(fields)))
    out.append(contentsOf: [0x0A, 0x0A])
    return out
  }
}
