/// The plans and their limits, kept in one place so billing can grow from here.
public struct Plan: Sendable, Equatable {
  public enum Tier: String, Sendable {
    case free, growth, enterprise
  }

  public let tier: Tier
  /// Devices allowed, and what they are counted across.
  public let deviceLimit: Int
  /// Team members allowed in one product (nil: no limit).
  public let teamLimit: Int?

  /// The free plan: 100 devices per account across its sandbox and its free products, and at
  /// most 5 team members in a product.
  public static let free = Plan(tier: .free, deviceLimit: 100, teamLimit: 5)
  /// Devices each growth-plan block adds.
  public static let devicesPerBlock = 100

  /// The growth plan for an organization with `blocks` blocks.
  public static func growth(blocks: Int) -> Plan {
    Plan(tier: .growth, deviceLimit: blocks * devicesPerBlock, teamLimit: nil)
  }

  /// The plan a product is on: its organization's blocks of the product's device class, else
  /// free.
  static func of(_ product: Product, in transaction: Transaction) throws -> Plan {
    guard let orgID = product.orgID,
      let org = try transaction.orgs().first(where: { $0.id == orgID })
    else { return .free }
    return .growth(blocks: org.blocks[DeviceClass(platform: product.platform)])
  }

  /// How many devices count against the limit that `product` falls under: an organization's
  /// devices of the product's class, or its owner's free devices.
  static func devicesCounted(against product: Product, in transaction: Transaction) throws -> Int {
    if let orgID = product.orgID {
      let deviceClass = DeviceClass(platform: product.platform)
      return try transaction.products().filter {
        $0.orgID == orgID && DeviceClass(platform: $0.platform) == deviceClass
      }.reduce(0) { $0 + (try transaction.productIndex($1.id).members.count) }
    }
    guard let owner = try transaction.account(email: product.owner) else { return 0 }
    return try freeDevices(of: owner, in: transaction).count
  }

  /// The devices of `account` on the free plan: its sandbox and the free products it owns.
  static func freeDevices(of account: Account, in transaction: Transaction) throws -> Set<String> {
    var ids = Set(try transaction.ownedDeviceIDs(account))
    for product in try transaction.products()
    where product.owner == account.email && product.orgID == nil {
      ids.formUnion(try transaction.productIndex(product.id).members)
    }
    return ids
  }

  /// The error for a product whose plan has no room for `adding` more devices beside `count`.
  static func full(_ product: Product, count: Int, in transaction: Transaction) throws -> PconError
  {
    guard let orgID = product.orgID,
      let org = try transaction.orgs().first(where: { $0.id == orgID })
    else {
      return .planLimit(
        what: "the free plan (sandbox and free products together)", limit: free.deviceLimit,
        count: count, unit: "devices")
    }
    let deviceClass = DeviceClass(platform: product.platform)
    return .blocksFull(
      org: org.id, deviceClass: deviceClass, blocks: org.blocks[deviceClass], count: count)
  }

  /// Refuses a sandbox claim that would pass the free plan's device limit.
  static func requireSandboxRoom(for account: Account, in transaction: Transaction) throws {
    let count = try freeDevices(of: account, in: transaction).count
    guard count < free.deviceLimit else {
      throw PconError.planLimit(
        what: "the free plan (sandbox and free products together)", limit: free.deviceLimit,
        count: count, unit: "devices")
    }
  }
}
