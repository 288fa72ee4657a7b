/// The rules for billing: usage against each plan, the organization's blocks, card and
/// invoices, and upgrading from the free plan.
public enum Billing {
  public enum Needs {
    /// One's own free plan.
    public static let sandbox = Permission.personal
    /// An organization's billing: its Administrators only.
    public static let org = Orgs.Needs.plan
    /// Adding blocks to an organization: its Administrators.
    public static let blocks = Permission(.org(.administrator))
    /// Setting a card: an Administrator, also while the organization is suspended (it is the
    /// way out).
    public static let card = Permission(.org(.administrator), remedy: true)
    public static let upgrade = Permission.personal
    public static let estimate = Permission.open
  }

  /// The organization `reference` authorized for its billing, or the person acting for their
  /// free plan. The reports that default to one's own plan are for people first: a token is
  /// refused as what it is, whatever it names.
  static func payer(
    org reference: String?, _ permission: Permission = Needs.org, personFirst: Bool = true,
    by actor: Actor, in transaction: Transaction
  ) throws -> Payer {
    if personFirst || reference == nil {
      _ = try Access.authorize(actor, Needs.sandbox, in: transaction).person()
    }
    if let reference {
      guard
        let org = try Orgs.authorize(reference, permission, actor: actor, in: transaction).org
      else { throw PconError.orgNotFound(reference) }
      return .org(org)
    }
    return .sandbox(try Access.authorize(actor, Needs.sandbox, in: transaction).person())
  }

  /// The blocks an organization is billed for: those of the device classes it has products of.
  static func billedBlocks(_ org: Organization, in transaction: Transaction) throws -> BlockCounts {
    var billed = BlockCounts(each: 0)
    for deviceClass in try classesInUse(org, in: transaction) {
      billed[deviceClass] = org.blocks[deviceClass]
    }
    return billed
  }

  /// `org`'s billing record with every billing date and retry up to now applied; a writing
  /// transaction stores it.
  static func settled(_ org: Organization, in transaction: Transaction) throws -> OrgBilling {
    var record = try OrgBilling.load(org, in: transaction)
    let before = record
    record.settle(
      until: transaction.now, org: org, billed: try billedBlocks(org, in: transaction))
    if transaction.isWritable && record != before {
      record.save(org, in: transaction)
      // The command that happened to settle them says so, as the console's emails would.
      transaction.notices += record.notices.dropFirst(before.notices.count).map(\.notice)
    }
    return record
  }

  /// Refuses a change to `org` while it is suspended.
  static func requireNotSuspended(_ org: Organization, in transaction: Transaction) throws {
    if let since = try settled(org, in: transaction).suspension(at: transaction.now) {
      throw PconError.orgSuspended(org: org.id, since: since)
    }
  }

  /// The usage of the acting person's free plan, or of organization `org`, in `month`
  /// (`YYYY-MM`, default the current one).
  public static func usage(
    org reference: String?, month: String? = nil, by actor: Actor, in transaction: Transaction
  ) throws -> UsageReport {
    let payer = try payer(org: reference, by: actor, in: transaction)
    return try report(for: payer, month: month, in: transaction)
  }

  /// A one-line summary for `whoami`: the person's free plan this month.
  public static func summary(for account: Account, in transaction: Transaction) throws
    -> UsageReport
  {
    try report(for: .sandbox(account), month: nil, in: transaction)
  }

  static func report(for payer: Payer, month: String?, in transaction: Transaction) throws
    -> UsageReport
  {
    let now = transaction.now
    let month = month ?? now.month
    guard let start = Timestamp(month: month) else {
      throw PconError.invalidValue(field: "month", value: month, expected: "YYYY-MM")
    }
    let usage = try payer.usage(month: month, in: transaction)
    let end = start.startOfNextMonth
    // The current month's status is now's; another month's is how it ended (a future one, as a
    // simulation left it).
    let asOf = month == now.month ? now : end.adding(seconds: -1)
    func measure(_ used: Int64, _ limit: Int64) -> UsageReport.Measure {
      UsageReport.Measure(used: used, limit: limit)
    }
    switch payer {
    case .sandbox(let account):
      let free = Allowance.free
      let total = usage.total
      let devices = try Plan.freeDevices(of: account, in: transaction).count
      return UsageReport(
        tier: .free, payer: account.email, periodStart: start, periodEnd: end,
        rows: [
          UsageReport.Usage(
            deviceClass: nil, blocks: nil, devices: measure(Int64(devices), Int64(free.devices)),
            dataOperations: measure(total.dataOperations, free.dataOperations),
            cellularBytes: measure(total.cellularBytes, free.cellularBytes))
        ],
        status: PlanStatus.free(limitReachedAt: usage.limitReachedAt, at: asOf))
    case .org(let org):
      let products = try transaction.products().filter { $0.orgID == org.id }
      var devices: [DeviceClass: Int] = [:]
      for product in products {
        devices[DeviceClass(platform: product.platform), default: 0] +=
          try transaction.productIndex(product.id).members.count
      }
      let classes = DeviceClass.allCases.filter { deviceClass in
        products.contains { DeviceClass(platform: $0.platform) == deviceClass }
          || usage.counters[deviceClass] != nil
      }
      let rows = classes.map { deviceClass in
        let allowed = Allowance.blocks(org.blocks[deviceClass], of: deviceClass)
        let used = usage.counters[deviceClass] ?? .init()
        return UsageReport.Usage(
          deviceClass: deviceClass, blocks: org.blocks[deviceClass],
          devices: measure(Int64(devices[deviceClass] ?? 0), Int64(allowed.devices)),
          dataOperations: measure(used.dataOperations, allowed.dataOperations),
          cellularBytes: measure(used.cellularBytes, allowed.cellularBytes))
      }
      let billing = try settled(org, in: transaction)
      return UsageReport(
        tier: .growth, payer: org.id, periodStart: start, periodEnd: end, rows: rows,
        status: billing.status(at: asOf))
    }
  }

  /// What `billing plan` shows of an organization.
  public struct PlanDetails: Sendable {
    public let org: Organization
    /// The classes billed, with their blocks.
    public let billed: BlockCounts
    public let monthlyCents: Int64
    public let nextBillingDate: Timestamp
    public let card: PaymentCard?
    public let status: PlanStatus
  }

  /// The plan of organization `reference`.
  public static func plan(org reference: String, by actor: Actor, in transaction: Transaction)
    throws -> PlanDetails
  {
    guard case .org(let org) = try payer(org: reference, by: actor, in: transaction) else {
      throw PconError.orgNotFound(reference)
    }
    let record = try settled(org, in: transaction)
    let billed = try billedBlocks(org, in: transaction)
    return PlanDetails(
      org: org, billed: billed, monthlyCents: Int64(billed.total()) * OrgBilling.blockPriceCents,
      nextBillingDate: transaction.now.startOfNextMonth, card: record.card,
      status: record.status(at: transaction.now))
  }

  /// The invoices of organization `reference`, oldest first (none on the free plan).
  public static func invoices(org reference: String?, by actor: Actor, in transaction: Transaction)
    throws -> [Invoice]
  {
    guard case .org(let org) = try payer(org: reference, by: actor, in: transaction) else {
      return []
    }
    return try settled(org, in: transaction).invoices
  }

  /// The notices of the acting person's free plan or of organization `reference`, oldest first:
  /// usage thresholds of `month` (every month when nil), and an organization's payments.
  public static func notices(
    org reference: String?, month: String? = nil, by actor: Actor, in transaction: Transaction
  ) throws -> [BillingNotice] {
    let payer = try payer(org: reference, by: actor, in: transaction)
    var found: [BillingNotice] = []
    let prefix = payer.key + "-"
    for name in try transaction.list(StateLayout.usageDirectory) where name.hasPrefix(prefix) {
      let stem = name.dropFirst(prefix.count).dropLast(5)
      guard name.hasSuffix(".json"), stem.count == 7, month == nil || String(stem) == month else {
        continue
      }
      found += try payer.usage(month: String(stem), in: transaction).notices
    }
    if case .org(let org) = payer {
      found += try settled(org, in: transaction).notices.filter {
        month == nil || $0.at.month == month
      }
    }
    return found.sorted { $0.at < $1.at }
  }
}
