/// A personal access token: stored only as the SHA-256 of its secret.
public struct AccessToken: Sendable, Equatable {
  /// A short public ID used to list and revoke the token; it reveals nothing of the secret.
  public var id: String
  public var accountID: String
  public var secretHash: String
  public var createdAt: Timestamp
  public var expiresAt: Timestamp?

  public init(
    id: String, accountID: String, secretHash: String, createdAt: Timestamp, expiresAt: Timestamp?
  ) {
    self.id = id
    self.accountID = accountID
    self.secretHash = secretHash
    self.createdAt = createdAt
    self.expiresAt = expiresAt
  }

  /// Tokens people and customers are given last 90 days unless asked otherwise.
  public static let defaultLifetime: Int64 = 90 * 86_400

  /// Whether the token has expired at `now`.
  public func isExpired(at now: Timestamp) -> Bool { expiresAt.map { $0 <= now } ?? false }
}

extension AccessToken {
  init(json: JSONObject) throws {
    self.init(
      id: try json.string("id"), accountID: try json.string("account_id"),
      secretHash: try json.string("sha256"), createdAt: try json.date("created_at"),
      expiresAt: try json.optionalDate("expires_at"))
  }

  /// The stored form, with the hash.
  var storedJSON: JSON {
    .object([
      ("id", .string(id)), ("account_id", .string(accountID)), ("sha256", .string(secretHash)),
      ("created_at", .string(createdAt.iso8601)), ("expires_at", .string(expiresAt?.iso8601)),
    ])
  }
}
