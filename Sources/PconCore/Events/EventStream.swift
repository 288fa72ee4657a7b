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
    guard let owner = device.owner, let account = try transaction.account(email: owner) else {
      return nil
    }
    return .account(id: account.id)
  }
}
