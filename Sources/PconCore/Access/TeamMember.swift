/// Where a team role applies: one product, or every product of an organization.
public enum TeamScope: Sendable, Hashable {
  case product(Int)
  case org(String)

  var key: String {
    switch self {
    case .product(let id): return "product:\(id)"
    case .org(let id): return "org:\(id)"
    }
  }

  init?(key: String) {
    if key.hasPrefix("product:"), let id = Int(key.dropFirst(8)) {
      self = .product(id)
    } else if key.hasPrefix("org:") {
      self = .org(String(key.dropFirst(4)))
    } else {
      return nil
    }
  }

  /// How people read it: `product 1234`, `org acme`.
  public var label: String {
    switch self {
    case .product(let id): return "product \(id)"
    case .org(let id): return "org \(id)"
    }
  }
}

/// A person's place on a team, or an invitation to one.
public struct TeamMember: Sendable, Equatable {
  public var scope: TeamScope
  public var email: String
  public var role: Role
  /// The Administrator (Owner): cannot be removed or demoted; the only one with billing.
  public var isOwner: Bool
  /// False while the invitation waits to be accepted.
  public var accepted: Bool
  public var since: Timestamp
}

/// A programmatic team member: acts with exactly its scopes, through one token.
public struct APIUser: Sendable, Equatable {
  public var id: String
  public var name: String
  public var scope: TeamScope
  public var scopes: [String]
  public var tokenHash: String
  public var createdAt: Timestamp
}

extension TeamMember {
  private static func role(_ json: JSONObject) throws -> Role {
    let name = try json.string("role")
    guard let role = Role.allCases.first(where: { $0.name == name }) else {
      throw JSONObject.ShapeError(path: json.path + ".role", problem: "unknown role '\(name)'")
    }
    return role
  }

  init(json: JSONObject) throws {
    guard let scope = TeamScope(key: try json.string("scope")) else {
      throw JSONObject.ShapeError(path: json.path + ".scope", problem: "unknown team scope")
    }
    self.init(
      scope: scope, email: try json.string("email"), role: try Self.role(json),
      isOwner: try json.bool("owner", default: false),
      accepted: try json.bool("accepted", default: true),
      since: try json.date("since"))
  }

  var storedJSON: JSON {
    .object([
      ("scope", .string(scope.key)), ("email", .string(email)), ("role", .string(role.name)),
      ("owner", .bool(isOwner)),
      ("accepted", .bool(accepted)), ("since", .string(since.iso8601)),
    ])
  }
}

extension APIUser {
  init(json: JSONObject) throws {
    guard let scope = TeamScope(key: try json.string("scope")) else {
      throw JSONObject.ShapeError(path: json.path + ".scope", problem: "unknown team scope")
    }
    self.init(
      id: try json.string("id"), name: try json.string("name"), scope: scope,
      scopes: try json.strings("scopes"),
      tokenHash: try json.string("sha256"), createdAt: try json.date("created_at"))
  }

  var storedJSON: JSON {
    .object([
      ("id", .string(id)), ("name", .string(name)), ("scope", .string(scope.key)),
      ("scopes", .array(scopes.map(JSON.string))),
      ("sha256", .string(tokenHash)), ("created_at", .string(createdAt.iso8601)),
    ])
  }
}
