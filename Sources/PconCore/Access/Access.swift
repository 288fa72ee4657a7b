/// The one place that decides whether an actor may do something.
public enum Access {
  /// The actor named by `identity`: a personal, API-user or customer token, `--as`, or the
  /// logged-in account.
  public static func actor(_ identity: Identity, in transaction: Transaction) throws -> Actor {
    if let token = identity.token, identity.asEmail == nil {
      let hash = SHA256.hex(token)
      if let user = try transaction.apiUsers().first(where: { $0.tokenHash == hash }) {
        return .apiUser(user)
      }
      if let record = try transaction.customerTokens().first(where: { $0.tokenHash == hash }) {
        guard record.expiresAt > transaction.now else {
          throw PconError.tokenRejected(reason: "it expired at \(record.expiresAt.iso8601)")
        }
        guard
          let customer = try transaction.customers().first(where: {
            $0.email == record.email && $0.productID == record.productID
          })
        else { throw PconError.tokenRejected(reason: "its customer was deleted") }
        return .customer(customer)
      }
    }
    return .person(try identity.resolve(in: transaction))
  }

  /// Checks `permission` for `actor`, on `product` or `org` when one is involved. A change to
  /// an organization, or to a product in one, is refused while the organization is suspended.
  public static func authorize(
    _ actor: Actor, _ permission: Permission, product: Product? = nil, org: Organization? = nil,
    in transaction: Transaction
  ) throws -> Grant {
    let grant = try decide(actor, permission, product: product, org: org, in: transaction)
    try requireUnsuspended(permission, product: product, org: org, in: transaction)
    return grant
  }

  /// Refuses a change to a suspended organization or to a product in one: every grant passes here.
  private static func requireUnsuspended(
    _ permission: Permission, product: Product?, org: Organization?, in transaction: Transaction
  ) throws {
    guard permission.changes && !permission.remedy, let orgID = org?.id ?? product?.orgID,
      let found = try org ?? transaction.orgs().first(where: { $0.id == orgID })
    else { return }
    try Billing.requireNotSuspended(found, in: transaction)
  }

  /// The switch names every (actor, reach) pair, so a new reach does not compile until it is
  /// decided here.
  private static func decide(
    _ actor: Actor, _ permission: Permission, product: Product?, org: Organization?,
    in transaction: Transaction
  ) throws -> Grant {
    switch (actor, permission.reach) {
    case (.person, .open), (.apiUser, .open), (.customer, .open):
      return Grant(actor: actor, permission: permission, product: product, role: nil, org: org)
    case (.person, .personal):
      return Grant(actor: actor, permission: permission, product: nil, role: nil)
    case (.person(let account), .product(let needed)):
      guard let product else {
        return Grant(actor: actor, permission: permission, product: nil, role: nil)
      }
      guard let role = try role(of: account, on: product, in: transaction) else {
        throw PconError.productNotFound(String(product.id))
      }
      guard role >= needed else {
        throw PconError.roleRequired(
          needed: needed.title, scope: "product \(product.id)", has: role.title)
      }
      return Grant(actor: actor, permission: permission, product: product, role: role)
    case (.person(let account), .owner):
      guard let product else {
        throw PconError.notForActor(account.email, needs: "a product whose owner you are")
      }
      guard let role = try role(of: account, on: product, in: transaction) else {
        throw PconError.productNotFound(String(product.id))
      }
      guard product.owner == account.email else {
        throw PconError.roleRequired(
          needed: "Administrator (Owner)", scope: "product \(product.id)", has: role.title)
      }
      return Grant(actor: actor, permission: permission, product: product, role: role)
    case (.person(let account), .org(let needed)):
      guard let org else {
        throw PconError.notForActor(account.email, needs: "an organization you have a role in")
      }
      // Strangers get "not found": an org's existence is not revealed to outsiders.
      guard let role = try role(of: account, on: org, in: transaction) else {
        throw PconError.orgNotFound(org.id)
      }
      guard role >= needed else {
        throw PconError.roleRequired(needed: needed.title, scope: "org \(org.id)", has: role.title)
      }
      return Grant(actor: actor, permission: permission, product: nil, role: role, org: org)
    case (.apiUser(let user), .personal), (.apiUser(let user), .product),
      (.apiUser(let user), .owner):
      guard let product else {
        let needs = permission.apiScope == nil ? Grant.personNeeded : "a product in its scope"
        throw PconError.notForActor(actor.label, needs: needs)
      }
      guard try covers(user.scope, product) else {
        throw PconError.productNotFound(String(product.id))
      }
      guard let scope = permission.apiScope else {
        throw PconError.notForActor(
          actor.label, needs: "\(Grant.personNeeded); no API user scope grants it")
      }
      guard user.scopes.contains(scope) else { throw PconError.scopeRequired(scope) }
      return Grant(actor: actor, permission: permission, product: product, role: nil)
    case (.apiUser, .org):
      // Organization administration is for people; API users act on products.
      throw PconError.notForActor(
        actor.label, needs: "a person with a role in the organization; API users act on products")
    case (.customer(let customer), .personal), (.customer(let customer), .product),
      (.customer(let customer), .owner), (.customer(let customer), .org):
      // A customer sees nothing beyond their own devices: anything else is "not found".
      guard permission.customers, org == nil,
        product == nil || product?.id == customer.productID
      else {
        if let product { throw PconError.productNotFound(String(product.id)) }
        if let org { throw PconError.orgNotFound(org.id) }
        // Nothing to hide: what is refused is the kind of actor, not a thing it may not see.
        throw PconError.notForActor(actor.label, needs: Grant.personNeeded)
      }
      let own = try transaction.products().first { $0.id == customer.productID }
      return Grant(actor: actor, permission: permission, product: own, role: nil)
    }
  }

  /// Whether `actor` passes `permission` on `org`: a question, where `authorize` is a demand.
  public static func allows(
    _ actor: Actor, _ permission: Permission, org: Organization, in transaction: Transaction
  ) throws -> Bool {
    do {
      _ = try authorize(actor, permission, org: org, in: transaction)
      return true
    } catch let error as PconError where error.kind == .permission || error.kind == .notFound {
      return false
    }
  }

  /// The products on which `actor` passes `permission`, sorted by ID. An API user lacking the
  /// permission's scope is refused naming it, rather than shown nothing.
  public static func products(
    _ actor: Actor, _ permission: Permission, in transaction: Transaction
  ) throws -> [Product] {
    if case .apiUser(let user) = actor, let scope = permission.apiScope,
      !user.scopes.contains(scope)
    {
      throw PconError.scopeRequired(scope)
    }
    var passed: [Product] = []
    for product in try transaction.products().sorted(by: { $0.id < $1.id }) {
      do {
        _ = try authorize(actor, permission, product: product, in: transaction)
        passed.append(product)
      } catch let error as PconError where error.kind == .permission || error.kind == .notFound {
        continue
      }
    }
    return passed
  }

  /// The IDs of this state's products `actor` is not on (no role, outside an API user's reach):
  /// an event it brings in may not claim them. A product the state does not hold is no one's,
  /// as in a capture from Particle's cloud.
  public static func foreignProductIDs(of actor: Actor, in transaction: Transaction) throws
    -> Set<Int>
  {
    var ids = Set<Int>()
    for product in try transaction.products() {
      let on: Bool
      switch actor {
      case .person(let account): on = try role(of: account, on: product, in: transaction) != nil
      case .apiUser(let user): on = try covers(user.scope, product)
      case .customer(let customer): on = product.id == customer.productID
      }
      if !on { ids.insert(product.id) }
    }
    return ids
  }

  /// The devices whose events `actor` may read in a product stream it passed, when not all of
  /// them: a customer reads its own devices' events only. Nil for everyone else.
  public static func publishers(visibleTo actor: Actor, in transaction: Transaction) throws
    -> Set<String>?
  {
    guard case .customer(let customer) = actor else { return nil }
    return Set(
      try transaction.productDevices(customer.productID)
        .filter { owns(customer, $0) }.map(\.id))
  }

  /// The product an API user bound to one product, or a customer, acts on when no product is
  /// named; nil for people and org-wide API users, who act on their own things.
  public static func defaultProduct(of actor: Actor) -> String? {
    switch actor {
    case .apiUser(let user):
      if case .product(let id) = user.scope { return String(id) }
      return nil
    case .customer(let customer): return String(customer.productID)
    case .person: return nil
    }
  }

  /// A person's role on a product: Owner and product roles and the org's roles combined.
  public static func role(of account: Account, on product: Product, in transaction: Transaction)
    throws -> Role?
  {
    if product.owner == account.email { return .administrator }
    var best: Role?
    for member in try transaction.teamMembers()
    where member.email == account.email && member.accepted {
      let applies: Bool
      switch member.scope {
      case .product(let id): applies = id == product.id
      case .org(let id): applies = id == product.orgID
      }
      if applies, member.role > (best ?? .viewOnly) || best == nil { best = member.role }
    }
    if best == nil, let orgID = product.orgID,
      try transaction.orgs().first(where: { $0.id == orgID })?.owner == account.email
    {
      return .administrator
    }
    return best
  }

  /// A person's role on an organization.
  public static func role(of account: Account, on org: Organization, in transaction: Transaction)
    throws -> Role?
  {
    if org.owner == account.email { return .administrator }
    return try transaction.teamMembers().filter {
      $0.email == account.email && $0.accepted && $0.scope == .org(org.id)
    }
    .map(\.role).max()
  }

  static func covers(_ scope: TeamScope, _ product: Product) throws -> Bool {
    switch scope {
    case .product(let id): return id == product.id
    case .org(let id): return product.orgID == id
    }
  }

  /// Whether `actor` may see `device` at all (a separate question from what it may do to it).
  public static func canSee(_ device: Device, _ actor: Actor, in transaction: Transaction) throws
    -> Bool
  {
    switch actor {
    case .person(let account):
      if try owns(account, device, in: transaction) { return true }
      guard let productID = device.productID,
        let product = try transaction.products().first(where: { $0.id == productID })
      else { return false }
      return try role(of: account, on: product, in: transaction) != nil
    case .apiUser(let user):
      guard let productID = device.productID,
        let product = try transaction.products().first(where: { $0.id == productID })
      else { return false }
      return try covers(user.scope, product)
    case .customer(let customer):
      return owns(customer, device)
    }
  }

  /// Whether the person `account` owns `device`: a customer sharing its email does not make
  /// it the person's. An owner stored without a kind is the customer's when its product has a
  /// customer of that email (the least the person can be given), else the person's.
  public static func owns(_ account: Account, _ device: Device, in transaction: Transaction)
    throws -> Bool
  {
    guard device.owner == account.email else { return false }
    switch device.ownerKind {
    case .person: return true
    case .customer: return false
    case nil:
      guard let productID = device.productID else { return true }
      return try !transaction.customers().contains {
        $0.productID == productID && $0.email == account.email
      }
    }
  }

  /// Whether `customer` owns `device` (a device of its product claimed for it).
  public static func owns(_ customer: Customer, _ device: Device) -> Bool {
    device.owner == customer.email && device.productID == customer.productID
      && device.ownerKind != .person
  }

  /// The product a device belongs to, if any.
  static func product(of device: Device, in transaction: Transaction) throws -> Product? {
    guard let id = device.productID else { return nil }
    return try transaction.products().first { $0.id == id }
  }

  /// The device `reference` among those `actor` can see, with the grant `permission` gives on
  /// it: its product's role check, or, for a sandbox device, ownership.
  public static func device(
    _ reference: String, _ permission: Permission, actor: Actor, in transaction: Transaction
  ) throws -> (Device, Grant) {
    let device = try Fleet.resolve(reference, for: actor, in: transaction)
    if case .person(let account) = actor, device.productID == nil,
      try owns(account, device, in: transaction)
    {
      return (device, try authorize(actor, permission, in: transaction))
    }
    if case .person(let account) = actor, case .product(let role) = permission.reach,
      role <= .developer, try owns(account, device, in: transaction)
    {
      // A person who claimed a product device may use and edit it without a team role; the
      // product's organization still decides whether it takes changes.
      let product = try product(of: device, in: transaction)
      try requireUnsuspended(permission, product: product, org: nil, in: transaction)
      return (device, Grant(actor: actor, permission: permission, product: product, role: nil))
    }
    return (
      device,
      try authorize(
        actor, permission, product: try product(of: device, in: transaction), in: transaction)
    )
  }
}
