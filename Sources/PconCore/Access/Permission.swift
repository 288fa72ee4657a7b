/// What a command needs from whoever runs it. Every command in the table declares one, and the
/// only way a command gets an actor to act as is `Access.authorize` with that declaration.
public struct Permission: Sendable, Equatable {
  /// How far the permission reaches.
  public enum Reach: Sendable, Equatable {
    /// Needs no identity (help, version, creating an account).
    case open
    /// A person acting on their own things: sandbox devices, tokens, invitations.
    case personal
    /// The team role `role` on the product involved; on the sandbox, the person's own devices.
    case product(Role)
    /// Only the product's Administrator (Owner).
    case owner
    /// The role `role` on the organization involved (org roles, or the org's Owner).
    case org(Role)
  }

  public let reach: Reach
  /// The API-user scope that grants this (Particle's names, e.g. `devices:list`); nil when API
  /// users may not do it.
  public let apiScope: String?
  /// Whether a customer may do it, on their own devices.
  public let customers: Bool

  /// Whether a suspended organization still allows it: the way out of the suspension.
  public let remedy: Bool
  /// Whether it only looks, though it needs more than View-only (an organization's plan).
  public let reading: Bool

  public init(
    _ reach: Reach, apiScope: String? = nil, customers: Bool = false, remedy: Bool = false,
    reading: Bool = false
  ) {
    self.reach = reach
    self.apiScope = apiScope
    self.customers = customers
    self.remedy = remedy
    self.reading = reading
  }

  /// Whether it changes what it reaches (more than View-only's looking), so a suspended
  /// organization refuses it.
  public var changes: Bool {
    guard !reading else { return false }
    switch reach {
    case .open, .personal: return false
    case .owner: return true
    case .product(let role), .org(let role): return role > .viewOnly
    }
  }

  public static let open = Permission(.open)
  public static let personal = Permission(.personal)

  /// View-only and up: list and show.
  public static func view(_ scope: String, customers: Bool = false) -> Permission {
    Permission(.product(.viewOnly), apiScope: scope, customers: customers)
  }
  /// Support and up: ping, call, SIM lifecycle.
  public static func support(_ scope: String, customers: Bool = false) -> Permission {
    Permission(.product(.support), apiScope: scope, customers: customers)
  }
  /// Developer and up: import, edit, group, flash, publish, upload, release.
  public static func develop(_ scope: String?, customers: Bool = false) -> Permission {
    Permission(.product(.developer), apiScope: scope, customers: customers)
  }
  /// Administrator: the team and the product's settings.
  public static func administer(_ scope: String?) -> Permission {
    Permission(.product(.administrator), apiScope: scope)
  }

  /// How the requirement reads in help and man pages.
  public var summary: String {
    var parts: [String]
    switch reach {
    case .open: return "anyone"
    case .personal: parts = ["a signed-in person"]
    case .product(let role):
      parts = [role == .viewOnly ? "any team role" : "\(role.title) or above"]
    case .owner: parts = ["the product's Owner"]
    case .org(let role):
      parts = [role == .viewOnly ? "any role in the org" : "\(role.title) of the org or above"]
    }
    if let apiScope { parts.append("API scope \(apiScope)") }
    if customers { parts.append("customers (own devices)") }
    return parts.joined(separator: "; ")
  }
}
