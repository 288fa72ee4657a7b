/// A person's account: who owns sandbox devices, tokens and (later) products.
public struct Account: Sendable, Equatable {
  /// A stable random ID; file names that belong to the account use it, never the email.
  public var id: String
  public var email: String
  public var name: String?
  public var createdAt: Timestamp

  public init(id: String, email: String, name: String?, createdAt: Timestamp) {
    self.id = id
    self.email = email
    self.name = name
    self.createdAt = createdAt
  }

  /// The normalised form of an email address, or an error when it is not one.
  public static func normalise(email: String) throws -> String {
    let trimmed = email.lowercased()
    let parts = trimmed.split(separator: "@", omittingEmptySubsequences: false)
    let valid =
      parts.count == 2 && !parts[0].isEmpty && parts[1].contains(".") && !parts[1].hasPrefix(".")
      && !parts[1].hasSuffix(".") && trimmed.utf8.count <= 254
      && trimmed.unicodeScalars.allSatisfy {
        $0.value > 0x20 && $0.value < 0x7F && !"<>()[],;:\\\"".unicodeScalars.contains($0)
      }
    guard valid else { throw PconError.invalidEmail(email) }
    return trimmed
  }
}

extension Account {
  /// An account as `accounts.json` stores it.
  init(stored json: JSONObject) throws {
    self.init(
      id: try json.string("id"), email: try json.string("email"),
      name: try json.optionalString("name"),
      createdAt: try json.date("created_at"))
  }

  /// The stored form; `--json` is built by the CLI's view, so the two may differ.
  var stored: JSON {
    .object([
      ("id", .string(id)), ("email", .string(email)), ("name", .string(name)),
      ("created_at", .string(createdAt.iso8601)),
    ])
  }
}
