/// The card an organization pays with: only what the console shows of it.
public struct PaymentCard: Sendable, Equatable {
  public let last4: String
  public let expiryMonth: Int
  /// The four-digit year.
  public let expiryYear: Int

  /// A card from the last four digits and `MM/YY`; nil when either is malformed.
  public init?(last4: String, expires: String) {
    let parts = expires.split(separator: "/", omittingEmptySubsequences: false)
    guard last4.utf8.count == 4, last4.utf8.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }),
      parts.count == 2, parts[0].count == 2, parts[1].count == 2,
      parts.allSatisfy({ $0.utf8.allSatisfy { $0 >= 0x30 && $0 <= 0x39 } }),
      let month = Int(parts[0]), let year = Int(parts[1]), (1...12).contains(month)
    else { return nil }
    self.last4 = last4
    self.expiryMonth = month
    self.expiryYear = 2000 + year
  }

  /// `MM/YY`, as printed on the card.
  public var expires: String {
    (expiryMonth < 10 ? "0" : "") + "\(expiryMonth)/" + String(String(expiryYear).suffix(2))
  }

  /// The first instant the card no longer works: the start of the month after its expiry.
  public var expiresAt: Timestamp {
    let month = expiryMonth < 10 ? "0\(expiryMonth)" : "\(expiryMonth)"
    return (Timestamp(iso8601: "\(expiryYear)-\(month)-01") ?? .earliest).startOfNextMonth
  }

  /// Whether a charge at `time` goes through.
  public func works(at time: Timestamp) -> Bool { time < expiresAt }
}

extension PaymentCard {
  init(stored json: JSONObject) throws {
    guard
      let card = PaymentCard(last4: try json.string("last4"), expires: try json.string("expires"))
    else {
      throw JSONObject.ShapeError(
        path: json.path, problem: "expected last4 as 4 digits and expires as MM/YY")
    }
    self = card
  }

  var stored: JSON { .object([("last4", .string(last4)), ("expires", .string(expires))]) }
}
