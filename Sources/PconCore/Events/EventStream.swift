/// Which log an event belongs to: an account's own (sandbox devices and API publishes) or a
/// product's. Each stream is a directory of month partitions, `events/<stream>/YYYY-MM.ndjson`.
public enum EventStream: Sendable, Hashable {
  case account(id: String)
  case product(id: Int)

  static let directory = "events"
  static let sequence = "events/sequence.json"
  static let clears = "events/clears.json"

  /// The stream's directory, relative to the state root.
  public var path: String {
    switch self {
    case .account(let id): return "\(EventStream.directory)/a-\(id)"
    case .product(let id): return "\(EventStream.directory)/p-\(id)"
    }
  }

  /// A short key naming the stream, for clear markers.
  var key: String { String(path.dropFirst(EventStream.directory.count + 1)) }

  /// The partition holding events published in `month` (`YYYY-MM`).
  func partition(_ month: String) -> String { "\(path)/\(month).ndjson" }

  /// The stream a device's events go to: its product's, else its owner's.
  static func of(_ device: Device, in transaction: Transaction) throws -> EventStream? {
    if let product = device.productID { return .product(id: product) }
    guard let owner = device.owner, let account = try transaction.account(email: owner) else {
      return nil
    }
    return .account(id: account.id)
  }
}
