/// One published event, in Particle's shape plus pcon's id and product.
public struct Event: Sendable, Equatable {
  /// Strictly increasing across the whole state directory.
  public var id: Int64
  public var name: String
  public var data: String
  public var ttl: Int
  public var publishedAt: Timestamp
  /// The publishing device's ID, or `api`, `particle-internal`, … for the cloud's own events.
  public var coreid: String
  public var productID: Int?

  public init(
    id: Int64, name: String, data: String, ttl: Int, publishedAt: Timestamp, coreid: String,
    productID: Int?
  ) {
    self.id = id
    self.name = name
    self.data = data
    self.ttl = ttl
    self.publishedAt = publishedAt
    self.coreid = coreid
    self.productID = productID
  }

  /// The coreid of events published through the API rather than by a device.
  public static let apiPublisher = "api"
  /// The default time to live, in seconds.
  public static let defaultTTL = 60

  /// The record as stored, keys in DESIGN.md's order; `line` writes the same compactly.
  var stored: JSON {
    .object([
      ("id", .int(id)), ("name", .string(name)), ("data", .string(data)), ("ttl", .int(Int64(ttl))),
      ("published_at", .string(publishedAt.iso8601)), ("coreid", .string(coreid)),
      ("product_id", .int(productID)),
    ])
  }

  /// The stored line: `stored` written compactly, and a newline. Written field by field, since
  /// a large ingest writes millions of them.
  public var line: [UInt8] {
    var out: [UInt8] = []
    out.reserveCapacity(128 + name.utf8.count + data.utf8.count + coreid.utf8.count)
    out.append(contentsOf: #"{"id":"#.utf8)
    out.append(contentsOf: String(id).utf8)
    out.append(contentsOf: #","name":"#.utf8)
    JSONWriter.writeString(name, into: &out)
    out.append(contentsOf: #","data":"#.utf8)
    JSONWriter.writeString(data, into: &out)
    out.append(contentsOf: #","ttl":"#.utf8)
    out.append(contentsOf: String(ttl).utf8)
    out.append(contentsOf: #","published_at":"#.utf8)
    JSONWriter.writeString(publishedAt.iso8601, into: &out)
    out.append(contentsOf: #","coreid":"#.utf8)
    JSONWriter.writeString(coreid, into: &out)
    out.append(contentsOf: #","product_id":"#.utf8)
    out.append(contentsOf: (productID.map { String($0) } ?? "null").utf8)
    out.append(contentsOf: "}\n".utf8)
    return out
  }

  /// An event as a partition line holds it.
  init(stored json: JSONObject) throws {
    self.init(
      id: Int64(try json.int("id")), name: try json.string("name"), data: try json.string("data"),
      ttl: try json.int("ttl"),
      publishedAt: try json.date("published_at"), coreid: try json.string("coreid"),
      productID: try json.optionalInt("product_id"))
  }
}
