/// The rules for teams: invitations, roles, and API users.
public enum Teams {
  public enum Needs {
    public static let view = Permission.view("teams.users:list")
    public static let invite = Permission.administer("teams.users:invite")
    public static let update = Permission.administer("teams.users:update")
    public static let remove = Permission.administer("teams.users:remove")
    /// API users are managed by people only: an API user's token never mints or widens a token.
    public static let manageAPIUsers = Permission.administer(nil)
    /// The same two on an organization's team.
    public static let viewOrg = Permission(.org(.viewOnly))
    public static let manageOrg = Permission(.org(.administrator))
    /// Answering one's own invitations.
    public static let respond = Permission.personal
  }

  /// The API-user scopes Particle defines (reference/particle-interfaces.md §5.5).
  public static let scopes: [String] = [
    "clients:create", "clients:list", "clients:remove", "clients:update", "configuration:get",
    "configuration:update",
    "customers:list", "customers:remove", "customers:update", "devices:get", "devices:import",
    "devices:list", "devices:ping",
    "devices:release", "devices:remove", "devices:update", "devices.diagnostics:get",
    "devices.diagnostics:update",
    "devices.diagnostics.metadata:get", "devices.diagnostics.summary:get", "devices.function:call",
    "devices.variable:get",
    "events:get", "events:send", "firmware:create", "firmware:get", "firmware:list",
    "firmware:release", "firmware:remove",
    "firmware:update", "firmware.binary:get", "groups:create", "groups:get", "groups:list",
    "groups:remove", "groups:update",
    "groups.impact:get", "integrations:create", "integrations:get", "integrations:list",
    "integrations:remove",
    "integrations:test", "integrations:update", "locations:get", "organization:get", "products:get",
    "products:list",
    "service_agreements:list", "service_agreements.notifications:list",
    "service_agreements.usage_reports:create",
    "service_agreements.usage_reports:get", "sims:get", "sims:import", "sims:list", "sims:remove",
    "sims:update",
    "sims.status:get", "sims.usage:get", "teams.users:invite", "teams.users:list",
    "teams.users:remove",
    "teams.users:update",
  ]

  /// The team `product` or `org` names, authorized for `needs` (on an org, its Administrator
  /// role for any change, any role to look).
  static func scope(
    product: String?, org: String?, needs: Permission, by actor: Actor,
    in transaction: Transaction
  ) throws -> (TeamScope, Grant) {
    switch (product, org) {
    case (let product?, nil):
      let grant = try Products.authorize(product, needs, actor: actor, in: transaction)
      guard let found = grant.product else { throw PconError.productNotFound(product) }
      return (.product(found.id), grant)
    case (nil, let org?):
      let grant = try Orgs.authorize(
        org, needs == Needs.view ? Needs.viewOrg : Needs.manageOrg, actor: actor, in: transaction)
      guard let found = grant.org else { throw PconError.orgNotFound(org) }
      return (.org(found.id), grant)
    default:
      throw PconError.invalidValue(
        field: .teamReach, value: "", expected: "exactly one product or org")
    }
  }

  /// Refuses an API user acting on a role it could not hold itself: it grants, changes or
  /// removes only roles whose every scope it holds, and never Administrator.
  static func requireReach(of actor: Actor, over role: Role) throws {
    guard case .apiUser(let user) = actor else { return }
    guard role < .administrator else {
      throw PconError.notForActor(
        actor.label, needs: "a person with the Administrator role; API users reach up to Developer")
    }
    if let missing = role.apiScopes.subtracting(user.scopes).sorted().first {
      throw PconError.scopeRequired(missing)
    }
  }

  /// The team of a product or organization: the Owner first, then members and invitations.
  public static func members(of scope: TeamScope, in transaction: Transaction) throws
    -> [TeamMember]
  {
    var members = try transaction.teamMembers().filter { $0.scope == scope }
    let owner: String?
    switch scope {
    case .product(let id): owner = try transaction.products().first { $0.id == id }?.owner
    case .org(let id): owner = try transaction.orgs().first { $0.id == id }?.owner
    }
    if let owner {
      members.removeAll { $0.email == owner }
      members.insert(
        TeamMember(
          scope: scope, email: owner, role: .administrator, isOwner: true, accepted: true,
          since: .init(millisecondsSince1970: 0)), at: 0)
    }
    return members
  }

  /// The team and API users `product`/`org` has, for `team list`.
  public static func list(
    product: String?, org: String?, by actor: Actor, in transaction: Transaction
  ) throws
    -> (members: [TeamMember], apiUsers: [APIUser])
  {
    let (scope, _) = try self.scope(
      product: product, org: org, needs: Needs.view, by: actor, in: transaction)
    return (
      try members(of: scope, in: transaction),
      try transaction.apiUsers().filter { $0.scope == scope }
    )
  }

  /// Invites an existing account; the invitation waits in their `invite list`.
  public static func invite(
    _ email: String, role: Role, product: String?, org: String?, by actor: Actor,
    in transaction: Transaction
  ) throws -> TeamMember {
    let email = try Account.normalise(email: email)
    let (scope, grant) = try self.scope(
      product: product, org: org, needs: Needs.invite, by: actor, in: transaction)
    try requireReach(of: actor, over: role)
    guard try transaction.account(email: email) != nil else {
      throw PconError.accountNotFound(email: email)
    }
    var all = try transaction.teamMembers()
    let current = try members(of: scope, in: transaction)
    guard !current.contains(where: { $0.email == email }) else {
      throw PconError.teamConflict("\(email) is already on the team of \(scope.label)")
    }
    if let found = grant.product, let limit = try Plan.of(found, in: transaction).teamLimit,
      current.count >= limit
    {
      throw PconError.planLimit(
        what: "a free-plan product's team (members and invitations)", limit: limit,
        count: current.count, unit: "members")
    }
    let member = TeamMember(
      scope: scope, email: email, role: role, isOwner: false, accepted: false,
      since: transaction.now)
    all.append(member)
    transaction.saveTeam(members: all, apiUsers: try transaction.apiUsers())
    return member
  }

  /// Removes a member (or an invitation). The Owner cannot be removed.
  public static func remove(
    _ email: String, product: String?, org: String?, by actor: Actor, in transaction: Transaction
  ) throws {
    let email = try Account.normalise(email: email)
    let (scope, _) = try self.scope(
      product: product, org: org, needs: Needs.remove, by: actor, in: transaction)
    if try members(of: scope, in: transaction).first?.email == email {
      throw PconError.teamConflict("\(email) is the Owner of \(scope.label) and cannot be removed")
    }
    var all = try transaction.teamMembers()
    guard let member = all.first(where: { $0.scope == scope && $0.email == email }) else {
      throw try absence(of: email, from: scope, in: transaction)
    }
    try requireReach(of: actor, over: member.role)
    all.removeAll { $0.scope == scope && $0.email == email }
    transaction.saveTeam(members: all, apiUsers: try transaction.apiUsers())
  }

  /// Changes a member's role. The Owner stays Administrator.
  public static func setRole(
    _ email: String, _ role: Role, product: String?, org: String?, by actor: Actor,
    in transaction: Transaction
  ) throws -> TeamMember {
    let email = try Account.normalise(email: email)
    let (scope, _) = try self.scope(
      product: product, org: org, needs: Needs.update, by: actor, in: transaction)
    if try members(of: scope, in: transaction).first?.email == email {
      throw PconError.teamConflict(
        "\(email) is the Owner of \(scope.label) and stays Administrator")
    }
    var all = try transaction.teamMembers()
    guard let index = all.firstIndex(where: { $0.scope == scope && $0.email == email }) else {
      throw try absence(of: email, from: scope, in: transaction)
    }
    try requireReach(of: actor, over: max(all[index].role, role))
    all[index].role = role
    transaction.saveTeam(members: all, apiUsers: try transaction.apiUsers())
    return all[index]
  }

  /// The invitations waiting for the person acting.
  public static func invitations(for actor: Actor, in transaction: Transaction) throws
    -> [TeamMember]
  {
    let account = try Access.authorize(actor, Needs.respond, in: transaction).person()
    return try transaction.teamMembers().filter { $0.email == account.email && !$0.accepted }
  }

  /// How a team is named to people: a product by its slug, an organization by its ID.
  public static func teamName(_ scope: TeamScope, in transaction: Transaction) throws -> String {
    switch scope {
    case .product(let id):
      return try transaction.products().first { $0.id == id }.map { "product \($0.slug)" }
        ?? scope.label
    case .org: return scope.label
    }
  }

  /// Accepts or declines the invitation to a product (ID or slug) or organization.
  public static func answer(
    _ reference: String, accept: Bool, by actor: Actor, in transaction: Transaction
  ) throws
    -> TeamMember
  {
    let account = try Access.authorize(actor, Needs.respond, in: transaction).person()
    var all = try transaction.teamMembers()
    let product = try ifFound { try Products.find(reference, in: transaction) }
    let org = try ifFound { try Orgs.find(reference, in: transaction) }
    guard
      let index = all.firstIndex(where: { member in
        member.email == account.email && !member.accepted
          && (member.scope == product.map { .product($0.id) }
            || member.scope == org.map { .org($0.id) })
      })
    else { throw PconError.inviteNotFound(reference) }
    if accept {
      all[index].accepted = true
      all[index].since = transaction.now
    }
    // An accepted invitation returns as the membership it became; a declined one as it was.
    let member = accept ? all[index] : all.remove(at: index)
    transaction.saveTeam(members: all, apiUsers: try transaction.apiUsers())
    return member
  }

  /// An API user and its token's secret, shown once.
  public struct IssuedAPIUser: Sendable {
    public let user: APIUser
    public let token: String
  }

  /// Creates an API user with exactly `scopes`.
  public static func createAPIUser(
    _ name: String, scopes: [String], product: String?, org: String?, by actor: Actor,
    in transaction: Transaction,
    random: RandomSource
  ) throws -> IssuedAPIUser {
    let (scope, _) = try self.scope(
      product: product, org: org, needs: Needs.manageAPIUsers, by: actor, in: transaction)
    try validate(scopes)
    try DisplayName.validate(name, field: "API user name")
    var users = try transaction.apiUsers()
    guard !users.contains(where: { $0.scope == scope && $0.name == name }) else {
      throw PconError.teamConflict("\(scope.label) already has an API user named '\(name)'")
    }
    let (token, hash) = random.secret()
    let user = APIUser(
      id: random.hex(6), name: name, scope: scope, scopes: Array(Set(scopes)).sorted(),
      tokenHash: hash,
      createdAt: transaction.now)
    users.append(user)
    transaction.saveTeam(members: try transaction.teamMembers(), apiUsers: users)
    return IssuedAPIUser(user: user, token: token)
  }

  /// The API user `name` of a team `actor` may manage API users of.
  public static func apiUser(
    _ name: String, product: String?, org: String?, by actor: Actor, in transaction: Transaction
  ) throws -> APIUser {
    let (scope, _) = try self.scope(
      product: product, org: org, needs: Needs.manageAPIUsers, by: actor, in: transaction)
    guard
      let user = try transaction.apiUsers().first(where: { $0.scope == scope && $0.name == name })
    else { throw PconError.apiUserNotFound(name, team: scope.label) }
    return user
  }

  /// Replaces an API user's scopes; its token is rotated, so the old one stops at once.
  public static func updateAPIUser(
    _ name: String, scopes: [String], product: String?, org: String?, by actor: Actor,
    in transaction: Transaction,
    random: RandomSource
  ) throws -> IssuedAPIUser {
    let user = try apiUser(name, product: product, org: org, by: actor, in: transaction)
    try validate(scopes)
    var updated = user
    let (token, hash) = random.secret()
    updated.scopes = Array(Set(scopes)).sorted()
    updated.tokenHash = hash
    let users = try transaction.apiUsers().map { $0 == user ? updated : $0 }
    transaction.saveTeam(members: try transaction.teamMembers(), apiUsers: users)
    return IssuedAPIUser(user: updated, token: token)
  }

  /// Deletes an API user; its token stops working at once.
  public static func deleteAPIUser(
    _ name: String, product: String?, org: String?, by actor: Actor, in transaction: Transaction
  ) throws {
    let user = try apiUser(name, product: product, org: org, by: actor, in: transaction)
    let users = try transaction.apiUsers().filter { $0 != user }
    transaction.saveTeam(members: try transaction.teamMembers(), apiUsers: users)
  }

  /// Why `email` has no place on the team: no such account, or an account not on it.
  static func absence(of email: String, from scope: TeamScope, in transaction: Transaction) throws
    -> PconError
  {
    try transaction.account(email: email) == nil
      ? .accountNotFound(email: email) : .notOnTeam(email: email, team: scope.label)
  }

  /// The scopes `--scope` words name: each word holds one scope or a comma-separated list
  /// (the form `team list` prints).
  public static func scopes(in words: [String]) -> [String] {
    words.flatMap { $0.split(whereSeparator: { $0 == "," || $0 == " " }).map(String.init) }
  }

  static func validate(_ scopes: [String]) throws {
    guard !scopes.isEmpty else {
      throw PconError.invalidValue(field: .apiScope, value: "", expected: "at least one scope")
    }
    for scope in scopes where !Teams.scopes.contains(scope) {
      throw PconError.invalidValue(
        field: .apiScope, value: scope, expected: "one of " + Teams.scopes.joined(separator: ", "))
    }
  }
}
