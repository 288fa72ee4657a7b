/// The rules for organizations: products on the growth plan and a team across them.
public enum Orgs {
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

  /// The organization `reference`, if `account` belongs to it (strangers get "not found").
  public static func visible(_ reference: String, to account: Account, in transaction: Transaction)
    throws -> (Organization, Role)
  {
    let org = try find(reference, in: transaction)
    guard let role = try Access.role(of: account, on: org, in: transaction) else {
      throw PconError.orgNotFound(reference)
    }
    return (org, role)
  }

  /// Creates an organization owned by `account`, on the growth plan with `blocks` blocks.
  public static func create(
    name: String, blocks: Int, by account: Account, in transaction: Transaction
  ) throws -> Organization {
    let trimmed = name.trimmingSpaces
    guard !trimmed.isEmpty, trimmed.count <= 64 else {
      throw PconError.invalidValue(
        name: "organization name", value: name, expected: "1 to 64 characters")
    }
    guard (1...100_000).contains(blocks) else {
      throw PconError.invalidValue(
        name: "--blocks", value: String(blocks), expected: "a whole number from 1 to 100000")
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

  /// The organizations `account` belongs to, with its role in each.
  public static func list(for account: Account, in transaction: Transaction) throws -> [(
    Organization, Role
  )] {
    try transaction.orgs().compactMap { org in
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

  public static func show(_ reference: String, by account: Account, in transaction: Transaction)
    throws -> Details
  {
    let (org, role) = try visible(reference, to: account, in: transaction)
    let products = try transaction.products().filter { $0.orgID == org.id }
    let devices = try products.reduce(0) {
      $0 + (try transaction.productIndex($1.id).members.count)
    }
    return Details(
      org: org, role: role, products: products,
      team: try Teams.members(of: .org(org.id), in: transaction),
      plan: role >= .administrator ? .growth(blocks: org.blocks) : nil, devices: devices)
  }
}
