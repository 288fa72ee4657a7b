/// An organization: products on the growth plan, bought in blocks, and a team of its own.
public struct Organization: Sendable, Equatable {
  /// The slug, which is also its ID on the command line.
  public var id: String
  public var name: String
  /// The growth-plan blocks it holds of each device class.
  public var blocks: BlockCounts
  public var owner: String
  public var createdAt: Timestamp
}

extension Organization {
  init(json: JSONObject) throws {
    self.init(
      id: try json.string("id"), name: try json.string("name"),
      blocks: try BlockCounts(stored: json, key: "blocks"),
      owner: try json.string("owner"),
      createdAt: try json.date("created_at"))
  }

  var storedJSON: JSON {
    .object([
      ("id", .string(id)), ("name", .string(name)), ("blocks", blocks.stored),
      ("owner", .string(owner)),
      ("created_at", .string(createdAt.iso8601)),
    ])
  }
}
