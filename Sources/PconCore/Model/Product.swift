/// A product: a fleet of one platform with a numeric ID, a team and customers.
public struct Product: Sendable, Equatable {
  public var id: Int
  public var slug: String
  public var name: String
  public var platformID: Int
  public var description: String?
  /// The organization that owns it, if any (its plan comes from there).
  public var orgID: String?
  /// The account that created it: its Administrator (Owner).
  public var owner: String
  public var createdAt: Timestamp

  public var platform: Platform? { Platform.withID(platformID) }

  /// A URL-safe slug from a name: lower-case letters, digits and single dashes.
  public static func slug(for name: String) -> String {
    var slug = ""
    for character in name.lowercased() {
      if character.isASCII && (character.isLetter || character.isNumber) {
        slug.append(character)
      } else if !slug.isEmpty && slug.last != "-" {
        slug.append("-")
      }
    }
    while slug.hasSuffix("-") { slug.removeLast() }
    return slug.isEmpty ? "product" : slug
  }
}

extension Product {
  /// A product as `products.json` stores it. Files written before `platform` was derived
  /// still carry that key; it is ignored.
  init(stored json: JSONObject) throws {
    self.init(
      id: try json.int("id"), slug: try json.string("slug"), name: try json.string("name"),
      platformID: try json.int("platform_id"),
      description: try json.optionalString("description"), orgID: try json.optionalString("org"),
      owner: try json.string("owner"),
      createdAt: try json.date("created_at"))
  }

  /// The stored form: only what cannot be derived (no platform name).
  var stored: JSON {
    .object([
      ("id", .int(id)), ("slug", .string(slug)), ("name", .string(name)),
      ("platform_id", .int(platformID)), ("description", .string(description)),
      ("org", .string(orgID)), ("owner", .string(owner)),
      ("created_at", .string(createdAt.iso8601)),
    ])
  }
}
