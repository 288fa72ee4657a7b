/// Which log an event belongs to: an account's own (sandbox devices and API publishes) or a
/// product's. Each stream is a directory of month partitions, `events/<stream>/YYYY-MM.ndjson`.
public enum EventStream: Sendable, Hashable {
  case account(id: String)
  case product(id: Int)

  /// A short key naming the stream, for clear markers.
  var key: String {
    switch self {
    case .account(let id): return "a-\(id)"
    case .product(let id): return "p-\(id)"
    }
  }

  /// The stream a device's events go to: its product's, else its owner's.
  static func of(_ device: Device, in transaction: Transaction) throws -> EventStream? {
    if let product = device.productID { return .product(id: product) }
    return try personOwner(of: device, in: transaction).map { .account(id: $0.id) }
  }

  /// The second stream a device's events go to: the log of the person who owns it, when it
  /// lives in a product, so a person's own log holds every device they own, wherever it is.
  static func copy(of device: Device, in transaction: Transaction) throws -> EventStream? {
    guard device.productID != nil else { return nil }
    return try personOwner(of: device, in: transaction).map { .account(id: $0.id) }
  }

  /// The account that owns `device` as a person (a customer of its product has no own log).
  static func personOwner(of device: Device, in transaction: Transaction) throws
    -> Account?
  {
    guard let email = device.owner, let account = try transaction.account(email: email),
      try Access.owns(account, device, in: transaction)
    else { return nil }
    return account
  }
}
