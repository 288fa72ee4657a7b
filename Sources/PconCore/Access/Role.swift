/// A team role, from least to most: each may do what the ones below it may.
public enum Role: Int, Sendable, Comparable, CaseIterable {
  case viewOnly = 1
  case support = 2
  case developer = 3
  case administrator = 4

  public static func < (a: Role, b: Role) -> Bool { a.rawValue < b.rawValue }

  /// The name on the command line: `view-only`, `support`, `developer`, `administrator`.
  public var name: String {
    switch self {
    case .viewOnly: return "view-only"
    case .support: return "support"
    case .developer: return "developer"
    case .administrator: return "administrator"
    }
  }

  /// The name people read: `View-only`, `Administrator`, …
  public var title: String {
    switch self {
    case .viewOnly: return "View-only"
    case .support: return "Support"
    case .developer: return "Developer"
    case .administrator: return "Administrator"
    }
  }

  public static func named(_ name: String) throws -> Role {
    guard let role = allCases.first(where: { $0.name == name.lowercased() }) else {
      throw PconError.invalidValue(
        field: "role", value: name, expected: allCases.map(\.name).joined(separator: ", "))
    }
    return role
  }
}
