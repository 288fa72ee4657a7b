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

  /// The streams a device's events go to: its product's, else its owner's; and a product
  /// device's person owner's too, so a person's own log holds every device they own, wherever
  /// it lives. The first is the device's home stream.
  static func streams(of device: Device, in transaction: Transaction) throws -> [EventStream] {
    let owner = try personOwner(of: device, in: transaction)
    guard let product = device.productID else { return owner.map { [.account(id: $0.id)] } ?? [] }
    return [.product(id: product)] + (owner.map { [.account(id: $0.id)] } ?? [])
  }

  /// The device's home stream: its product's, else its owner's.
  static func of(_ device: Device, in transaction: Transaction) throws -> EventStream? {
    try streams(of: device, in: transaction).first
  }

  /// The account that owns `device` as a person (a customer of its product has no own log).
  private static func personOwner(of device: Device, in transaction: Transaction) throws
    -> Account?
  {
    guard let email = device.owner, let account = try transaction.account(email: email),
      try Access.owns(account, device, in: transaction)
    else { return nil }
    return account
  }
}
