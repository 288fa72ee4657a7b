/// A month's charge for an organization's blocks, and each attempt to collect it.
public struct Invoice: Sendable, Equatable {
  public enum Status: String, Sendable {
    /// Not yet collected: a failed attempt with retries left.
    case open
    case paid
    /// Every retry failed: the organization is suspended until it is paid.
    case failed
  }

  /// One attempt to charge the card.
  public struct Attempt: Sendable, Equatable {
    public let at: Timestamp
    public let succeeded: Bool
  }

  public let number: Int
  /// The billing month it pays for, `YYYY-MM`.
  public let period: String
  public let issuedAt: Timestamp
  /// The blocks billed, by class.
  public let blocks: BlockCounts
  public let amountCents: Int64
  public var status: Status
  public var attempts: [Attempt]

  /// When it was paid, if it was.
  public var paidAt: Timestamp? { attempts.last(where: \.succeeded)?.at }
}

extension Invoice {
  init(stored json: JSONObject) throws {
    let statusText = try json.string("status")
    guard let status = Status(rawValue: statusText) else {
      throw JSONObject.ShapeError(
        path: json.path + ".status", problem: "unknown invoice status '\(statusText)'")
    }
    let period = try json.string("period")
    guard Timestamp(month: period) != nil else {
      throw JSONObject.ShapeError(path: json.path + ".period", problem: "expected YYYY-MM")
    }
    let amount = try json.int("amount_cents")
    guard amount >= 0 else {
      throw JSONObject.ShapeError(path: json.path + ".amount_cents", problem: "negative amount")
    }
    self.init(
      number: try json.int("number"), period: period,
      issuedAt: try json.date("issued_at"), blocks: try BlockCounts(stored: json, key: "blocks"),
      amountCents: Int64(amount), status: status,
      attempts: try json.objects("attempts").map {
        Attempt(at: try $0.date("at"), succeeded: try $0.bool("succeeded"))
      })
  }

  var stored: JSON {
    .object([
      ("number", .int(Int64(number))), ("period", .string(period)),
      ("issued_at", .string(issuedAt.iso8601)), ("blocks", blocks.stored),
      ("amount_cents", .int(amountCents)), ("status", .string(status.rawValue)),
      (
        "attempts",
        .array(
          attempts.map {
            .object([("at", .string($0.at.iso8601)), ("succeeded", .bool($0.succeeded))])
          })
      ),
    ])
  }
}
