/// Changing a plan: upgrading to an organization, adding blocks, setting the card.
extension Billing {
  /// Makes organization `name` with the acting person as its Administrator and moves every
  /// free product they own into it, with `blocks` blocks of each class those products use (by
  /// default as many as their devices need). Their grace or pause ends; the person's sandbox
  /// stays on the free plan.
  public static func upgrade(
    orgName name: String, blocks: Int?, by actor: Actor, in transaction: Transaction
  ) throws -> (org: Organization, moved: [Product]) {
    let account = try Access.authorize(actor, Needs.upgrade, in: transaction).person()
    if let blocks { try Orgs.requireBlockCount(blocks) }
    var products = try transaction.products()
    let moving = products.indices.filter {
      products[$0].owner == account.email && products[$0].orgID == nil
    }
    var needed = BlockCounts(each: 0)
    for index in moving {
      let deviceClass = DeviceClass(platform: products[index].platform)
      needed[deviceClass] += try transaction.productIndex(products[index].id).members.count
    }
    var org = try Orgs.create(
      name: name, blocks: blocks ?? 1, of: nil, owner: account, in: transaction)
    for deviceClass in DeviceClass.allCases where needed[deviceClass] > 0 {
      let least = Allowance.blocksNeeded(
        for: Allowance(devices: needed[deviceClass], dataOperations: 0, cellularBytes: 0),
        of: deviceClass)
      if let blocks, blocks < least {
        throw PconError.blocksFull(
          org: org.id, deviceClass: deviceClass, blocks: blocks, count: needed[deviceClass])
      }
      org.blocks[deviceClass] = max(org.blocks[deviceClass], least)
    }
    var orgs = try transaction.orgs()
    if let at = orgs.firstIndex(where: { $0.id == org.id }) { orgs[at] = org }
    transaction.saveOrgs(orgs)
    for index in moving { products[index].orgID = org.id }
    transaction.saveProducts(products)
    return (org, moving.map { products[$0] })
  }

  /// Adds `count` blocks of `deviceClass` to organization `reference`; without a class, of the
  /// one class its products use. Billed from the next billing date.
  public static func addBlocks(
    _ count: Int, of deviceClass: DeviceClass?, org reference: String, by actor: Actor,
    in transaction: Transaction
  ) throws -> (org: Organization, deviceClass: DeviceClass, inUse: Bool) {
    guard
      case .org(var org) = try payer(
        org: reference, Needs.blocks, personFirst: false, by: actor, in: transaction)
    else {
      throw PconError.orgNotFound(reference)
    }
    try Orgs.requireBlockCount(count)
    let inUse = try classesInUse(org, in: transaction)
    guard let chosen = deviceClass ?? (inUse.count == 1 ? inUse.first : nil) else {
      throw PconError.classNeeded(
        org: org.id, classes: inUse.isEmpty ? DeviceClass.allCases : inUse)
    }
    guard org.blocks[chosen] + count <= BlockCounts.maximum else {
      throw PconError.invalidValue(
        field: .blocks, value: String(count),
        expected: "at most \(BlockCounts.maximum - org.blocks[chosen]) more \(chosen.title) blocks")
    }
    org.blocks[chosen] += count
    var orgs = try transaction.orgs()
    if let at = orgs.firstIndex(where: { $0.id == org.id }) { orgs[at] = org }
    transaction.saveOrgs(orgs)
    return (org, chosen, inUse.contains(chosen))
  }

  /// The device classes of organization `org`'s products, in order.
  static func classesInUse(_ org: Organization, in transaction: Transaction) throws
    -> [DeviceClass]
  {
    let used = Set(
      try transaction.products().filter { $0.orgID == org.id }.map {
        DeviceClass(platform: $0.platform)
      })
    return DeviceClass.allCases.filter(used.contains)
  }

  /// Sets organization `reference`'s card and charges every unpaid invoice with it at once;
  /// the record after, and whether everything is paid.
  public static func setCard(
    last4: String, expires: String, org given: String?, by actor: Actor,
    in transaction: Transaction
  ) throws -> (org: Organization, billing: OrgBilling, paidNow: [Invoice]) {
    let reference = try given ?? onlyAdministeredOrg(of: actor, in: transaction)
    guard
      case .org(let org) = try payer(
        org: reference, Needs.card, personFirst: false, by: actor, in: transaction)
    else { throw PconError.orgNotFound(reference) }
    guard let card = PaymentCard(last4: last4, expires: expires) else {
      throw PconError.invalidValue(
        field: "card", value: "\(last4) \(expires)",
        expected: "the last four digits (NNNN) and the expiry month (MM/YY)")
    }
    guard card.works(at: transaction.now) else {
      throw PconError.cardExpired(expires: card.expires)
    }
    var record = try settled(org, in: transaction)
    let unpaid = Set(record.invoices.filter { $0.status != .paid }.map(\.number))
    record.card = card
    record.retryNow(at: transaction.now, org: org)
    record.save(org, in: transaction)
    return (
      org, record, record.invoices.filter { unpaid.contains($0.number) && $0.status == .paid }
    )
  }

  /// The one organization `actor` is an Administrator of, for commands whose `--org` may be
  /// left out.
  static func onlyAdministeredOrg(of actor: Actor, in transaction: Transaction) throws -> String {
    let account = try Access.authorize(actor, Needs.sandbox, in: transaction).person()
    let administered = try transaction.orgs().filter {
      try Access.role(of: account, on: $0, in: transaction) == .administrator
    }
    guard administered.count == 1 else {
      throw PconError.orgNeeded(administered: administered.map(\.id))
    }
    return administered[0].id
  }
}
