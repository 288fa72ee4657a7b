/// A billing event the console would email and pop up: a usage threshold crossed, a block
/// added, a payment that failed. Recorded once, listed by `billing notices`.
public struct BillingNotice: Sendable, Equatable {
  public enum Kind: String, Sendable, CaseIterable {
    /// 70, 90 or 100 % of a limit reached.
    case usage
    /// A block added because a class reached its limit.
    case block
    /// An invoice issued, paid, or a payment that failed.
    case payment
    /// The organization suspended or reinstated.
    case suspension
  }

  public let at: Timestamp
  public let kind: Kind
  /// What identifies it, so the same notice is never recorded twice in a month.
  public let key: String
  public let message: String

  public init(at: Timestamp, kind: Kind, key: String, message: String) {
    self.at = at
    self.kind = kind
    self.key = key
    self.message = message
  }
}

extension BillingNotice {
  /// As a command reports it on stderr.
  var notice: Notice { Notice(.warning, subject: "billing", message: message) }

  init(stored json: JSONObject) throws {
    let kindText = try json.string("kind")
    guard let kind = Kind(rawValue: kindText) else {
      throw JSONObject.ShapeError(
        path: json.path + ".kind", problem: "unknown notice kind '\(kindText)'")
    }
    self.init(
      at: try json.date("at"), kind: kind, key: try json.string("key"),
      message: try json.string("message"))
  }

  var stored: JSON {
    .object([
      ("at", .string(at.iso8601)), ("kind", .string(kind.rawValue)), ("key", .string(key)),
      ("message", .string(message)),
    ])
  }
}
