/// Who pays for a device's data: the free sandbox of the account that owns it (sandbox devices
/// and the account's free products pooled), or the organization its product is in.
public enum Payer: Sendable, Hashable {
  case sandbox(Account)
  case org(Organization)

  /// The key its usage files are named by.
  var key: String {
    switch self {
    case .sandbox(let account): return "a-\(account.id)"
    case .org(let org): return "o-\(org.id)"
    }
  }

  /// How messages name it.
  public var title: String {
    switch self {
    case .sandbox(let account): return "the free plan of \(account.email)"
    case .org(let org): return "organization \(org.id)"
    }
  }

  /// The payer for `device`'s data, or nil for a device nobody is billed for (unclaimed and in
  /// no product).
  static func of(_ device: Device, in transaction: Transaction) throws -> Payer? {
    if let productID = device.productID {
      guard let product = try transaction.products().first(where: { $0.id == productID }) else {
        return nil
      }
      return try of(product, in: transaction)
    }
    return try EventStream.personOwner(of: device, in: transaction).map { .sandbox($0) }
  }

  /// The payer for a product's devices: its organization, else its owner's free sandbox.
  static func of(_ product: Product, in transaction: Transaction) throws -> Payer? {
    if let orgID = product.orgID {
      return try transaction.orgs().first(where: { $0.id == orgID }).map { .org($0) }
    }
    return try transaction.account(email: product.owner).map { .sandbox($0) }
  }

  /// Its usage in `month`.
  func usage(month: String, in transaction: Transaction) throws -> UsageMonth {
    try transaction.load(StateFiles.usage(path: StateLayout.usage(key, month: month)))
  }

  func saveUsage(_ usage: UsageMonth, month: String, in transaction: Transaction) {
    transaction.save(StateFiles.usage(path: StateLayout.usage(key, month: month)), usage)
  }
}

extension Payer {
  public static func == (a: Payer, b: Payer) -> Bool {
    switch (a, b) {
    case (.sandbox(let x), .sandbox(let y)): return x.id == y.id
    case (.org(let x), .org(let y)): return x.id == y.id
    default: return false
    }
  }
  // Hashed without building the key string: a simulation hashes a payer per publish.
  public func hash(into hasher: inout Hasher) {
    switch self {
    case .sandbox(let account):
      hasher.combine(0)
      hasher.combine(account.id)
    case .org(let org):
      hasher.combine(1)
      hasher.combine(org.id)
    }
  }
}
