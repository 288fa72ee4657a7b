/// An organization's account with Particle: its card, its invoices, and whether it is
/// suspended for not paying them.
public struct OrgBilling: Sendable, Equatable {
  public var card: PaymentCard?
  public var invoices: [Invoice] = []
  /// Since when changes are refused, after the last retry of an invoice failed.
  public var suspendedAt: Timestamp?
  /// Billing dates and retries up to this instant have been acted on.
  public var settledThrough: Timestamp
  /// Payment and suspension notices, oldest first.
  public var notices: [BillingNotice] = []

  public init(settledThrough: Timestamp) { self.settledThrough = settledThrough }

  public var isSuspended: Bool { suspendedAt != nil }

  /// Since when it is suspended, if it is at `time`: a suspension a simulation reached in the
  /// future does not hold before it happens.
  public func suspension(at time: Timestamp) -> Timestamp? {
    suspendedAt.flatMap { $0 <= time ? $0 : nil }
  }

  /// Its status at `time`.
  public func status(at time: Timestamp) -> PlanStatus {
    suspension(at: time).map { .suspended(since: $0) } ?? .active
  }
}

extension OrgBilling {
  init(stored json: JSONObject) throws {
    self.init(settledThrough: try json.date("settled_through"))
    card = try json.optionalObject("card").map(PaymentCard.init(stored:))
    invoices = try json.objects("invoices").map(Invoice.init(stored:))
    // Numbered 1, 2, 3… in order: the next is the last plus one, which must not overflow.
    for (index, invoice) in invoices.enumerated() where invoice.number != index + 1 {
      throw JSONObject.ShapeError(
        path: "\(json.path.isEmpty ? "" : json.path + ".")invoices[\(index)].number",
        problem: "expected invoice number \(index + 1), found \(invoice.number)")
    }
    suspendedAt = try json.optionalDate("suspended_at")
    notices = try json.objects("notices").map(BillingNotice.init(stored:))
  }

  var stored: JSON {
    .object([
      ("card", card?.stored ?? .null), ("invoices", .array(invoices.map(\.stored))),
      ("suspended_at", .string(suspendedAt?.iso8601)),
      ("settled_through", .string(settledThrough.iso8601)),
      ("notices", .array(notices.map(\.stored))),
    ])
  }
}
