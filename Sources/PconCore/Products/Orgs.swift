/// The rules for organizations: products on the growth plan and a team across them.
public enum Orgs {
  public enum Needs {
    public static let create = Permission.personal
    public static let list = Permission.personal
    /// Any role in the org: its products, team and device count.
    public static let view = Permission(.org(.viewOnly))
    /// The org's plan (billing): its Administrators only.
    public static let plan = Permission(.org(.administrator), reading: true)
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

  /// Creates an organization owned by `account`, on the growth plan with `blocks` blocks of
  /// `deviceClass`, or of every class when nil (only the classes its products use are billed).
  public static func create(
    name: String, blocks: Int, of deviceClass: DeviceClass? = nil, by actor: Actor,
    in transaction: Transaction
  ) throws -> Organization {
    let account = try Access.authorize(actor, Needs.create, in: transaction).person()
    return try create(
      name: name, blocks: blocks, of: deviceClass, owner: account, in: transaction)
  }

  /// Checks a block count given on the command line.
  static func requireBlockCount(_ blocks: Int) throws {
    guard (1...BlockCounts.maximum).contains(blocks) else {
      throw PconError.invalidValue(
        field: .blocks, value: String(blocks),
        expected: "a whole number from 1 to \(BlockCounts.maximum)")
    }
  }

  static func create(
    name: String, blocks: Int, of deviceClass: DeviceClass?, owner account: Account,
    in transaction: Transaction
  ) throws -> Organization {
    let trimmed = name.trimmingSpaces
    try DisplayName.validate(trimmed, field: "organization name")
    try requireBlockCount(blocks)
    var counts = BlockCounts(each: deviceClass == nil ? blocks : 0)
    if let deviceClass { counts[deviceClass] = blocks }
    var orgs = try transaction.orgs()
    let slug = Product.slug(for: trimmed)
    guard !orgs.contains(where: { $0.id == slug }) else {
      throw PconError.teamConflict("an organization '\(slug)' already exists")
    }
    let org = Organization(
      id: slug, name: trimmed, blocks: counts, owner: account.email, createdAt: transaction.now)
    orgs.append(org)
    transaction.saveOrgs(orgs)
    return org
  }

  /// An organization's blocks as its Administrators see them.
  public struct PlanView: Sendable {
    /// The blocks held of each class.
    public let blocks: BlockCounts
    /// The blocks billed: those of the classes its products use.
    public let billed: BlockCounts
    /// Devices the billed blocks allow.
    public var deviceLimit: Int {
      DeviceClass.allCases.reduce(0) { $0 + Allowance.blocks(billed[$1], of: $1).devices }
    }
  }

  /// The plan of `org` if `actor` may see it (`Needs.plan`), else nil.
  static func planView(_ org: Organization, for actor: Actor, in transaction: Transaction) throws
    -> PlanView?
  {
    guard try Access.allows(actor, Needs.plan, org: org, in: transaction) else { return nil }
    return PlanView(blocks: org.blocks, billed: try Billing.billedBlocks(org, in: transaction))
  }

  /// The organizations `actor` belongs to, with its role in each, and the plan where it may
  /// see it.
  public static func list(for actor: Actor, in transaction: Transaction) throws -> [(
    Organization, Role, PlanView?
  )] {
    let account = try Access.authorize(actor, Needs.list, in: transaction).person()
    return try transaction.orgs().compactMap { org in
      guard let role = try Access.role(of: account, on: org, in: transaction) else { return nil }
      return (org, role, try planView(org, for: actor, in: transaction))
    }
  }

  /// What `org show` reports.
  public struct Details: Sendable {
    public let org: Organization
    public let role: Role
    public let products: [Product]
    public let team: [TeamMember]
    /// Only for administrators.
    public let plan: PlanView?
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
      plan: try planView(org, for: actor, in: transaction), devices: devices)
  }
}
