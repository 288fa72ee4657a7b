/// The rules for organizations: products on the growth plan and a team across them.
public enum Orgs {
  public enum Needs {
    public static let create = Permission.personal
    public static let list = Permission.personal
    /// Any role in the org: its products, team and device count.
    public static let view = Permission(.org(.viewOnly))
    /// The org's plan (billing): its Administrators only.
    public static let plan = Permission(.org(.administrator))
  }

  /// An organization by slug or name (any case).
  static func find(_ reference: String, in transaction: Transaction) throws -> Organization {
    let key = reference.lowercased()
    guard
      let org = try transaction.orgs().first(where: { $0.id == key || $0.name.lowercased() == key })
    else {
      throw PconError.orgNotFound(reference)
    }
    return org
  }

  /// The organization `reference`, authorized for `permission` (strangers get "not found").
  public static func authorize(
    _ reference: String, _ permission: Permission, actor: Actor, in transaction: Transaction
  ) throws -> Grant {
    let org = try find(reference, in: transaction)
    do {
      return try Access.authorize(actor, permission, org: org, in: transaction)
    } catch PconError.orgNotFound {
      throw PconError.orgNotFound(reference)
    }
  }

  /// Creates an organization owned by `account`, on the growth plan with `blocks` blocks.
  public static func create(
    name: String, blocks: Int, by actor: Actor, in transaction: Transaction
  ) throws -> Organization {
    let account = try Access.authorize(actor, Needs.create, in: transaction).person()
    let trimmed = name.trimmingSpaces
    try DisplayName.validate(trimmed, field: "organization name")
    guard (1...100_000).contains(blocks) else {
      throw PconError.invalidValue(
        field: .blocks, value: String(blocks), expected: "a whole number from 1 to 100000")
    }
    var orgs = try transaction.orgs()
    let slug = Product.slug(for: trimmed)
    guard !orgs.contains(where: { $0.id == slug }) else {
      throw PconError.teamConflict("an organization '\(slug)' already exists")
    }
    let org = Organization(
      id: slug, name: trimmed, blocks: blocks, owner: account.email, createdAt: transaction.now)
    orgs.append(org)
    transaction.saveOrgs(orgs)
    return org
  }

  /// The organizations `actor` belongs to, with its role in each.
  public static func list(for actor: Actor, in transaction: Transaction) throws -> [(
    Organization, Role
  )] {
    let account = try Access.authorize(actor, Needs.list, in: transaction).person()
    return try transaction.orgs().compactMap { org in
      try Access.role(of: account, on: org, in: transaction).map { (org, $0) }
    }
  }

  /// What `org show` reports.
  public struct Details: Sendable {
    public let org: Organization
    public let role: Role
    public let products: [Product]
    public let team: [TeamMember]
    /// Only for administrators.
    public let plan: Plan?
    public let devices: Int
  }

  /// The org `reference` as `actor` may see it: the plan only for those `Needs.plan` admits.
  public static func show(_ reference: String, by actor: Actor, in transaction: Transaction)
    throws -> Details
  {
    let grant = try authorize(reference, Needs.view, actor: actor, in: transaction)
    guard let org = grant.org, let role = grant.role else { throw PconError.orgNotFound(reference) }
    let products = try transaction.products().filter { $0.orgID == org.id }
    let devices = try products.reduce(0) {
      $0 + (try transaction.productIndex($1.id).members.count)
    }
    return Details(
      org: org, role: role, products: products,
      team: try Teams.members(of: .org(org.id), in: transaction),
      plan: try Access.allows(actor, Needs.plan, org: org, in: transaction)
        ? .growth(blocks: org.blocks) : nil, devices: devices)
  }
}
