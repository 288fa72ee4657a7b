/// A customer of a product: owns the product devices they claim, sees nothing else.
public struct Customer: Sendable, Equatable {
  public var productID: Int
  public var email: String
  /// Simple auth (a password) or two-legged (`--no-password`).
  public var hasPassword: Bool
  public var createdAt: Timestamp
}

/// A token a customer acts with.
public struct CustomerToken: Sendable, Equatable {
  public var id: String
  public var productID: Int
  public var email: String
  public var tokenHash: String
  public var createdAt: Timestamp
  public var expiresAt: Timestamp
}

/// An OAuth client of a product; its secret is shown once and stored as a hash.
public struct OAuthClient: Sendable, Equatable {
  public var id: String
  public var productID: Int
  public var name: String
  public var type: String
  public var redirectURI: String?
  public var secretHash: String
  public var createdAt: Timestamp
}

extension Customer {
  init(json: JSONObject) throws {
    self.init(
      productID: try json.int("product_id"), email: try json.string("email"),
      hasPassword: try json.bool("password", default: false),
      createdAt: try json.date("created_at"))
  }

  var storedJSON: JSON {
    .object([
      ("product_id", .int(productID)), ("email", .string(email)), ("password", .bool(hasPassword)),
      ("created_at", .string(createdAt.iso8601)),
    ])
  }
}

extension CustomerToken {
  init(json: JSONObject) throws {
    self.init(
      id: try json.string("id"), productID: try json.int("product_id"),
      email: try json.string("email"),
      tokenHash: try json.string("sha256"), createdAt: try json.date("created_at"),
      expiresAt: try json.date("expires_at"))
  }

  var storedJSON: JSON {
    .object([
      ("id", .string(id)), ("product_id", .int(productID)), ("email", .string(email)),
      ("sha256", .string(tokenHash)),
      ("created_at", .string(createdAt.iso8601)), ("expires_at", .string(expiresAt.iso8601)),
    ])
  }
}

extension OAuthClient {
  init(json: JSONObject) throws {
    self.init(
      id: try json.string("id"), productID: try json.int("product_id"),
      name: try json.string("name"), type: try json.string("type"),
      redirectURI: try json.optionalString("redirect_uri"),
      secretHash: try json.string("secret_sha256"),
      createdAt: try json.date("created_at"))
  }

  var storedJSON: JSON {
    .object([
      ("id", .string(id)), ("product_id", .int(productID)), ("name", .string(name)),
      ("type", .string(type)),
      ("redirect_uri", .string(redirectURI)), ("secret_sha256", .string(secretHash)),
      ("created_at", .string(createdAt.iso8601)),
    ])
  }
}
