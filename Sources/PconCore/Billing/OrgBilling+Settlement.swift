/// Billing dates and payment retries, applied in the order they fall due.
extension OrgBilling {
  /// What one block costs a month, in cents.
  public static let blockPriceCents: Int64 = 29_900
  /// Days between a failed payment and its retry.
  public static let retryDays: Int64 = 3
  /// Retries after the first attempt; when the last fails, the organization is suspended.
  public static let retries = 3
  /// The most billing dates one settlement invoices: a clock that jumps years ahead bills the
  /// latest two years, not every month since, so no jump can swell the record without bound.
  static let catchUpMonths = 24

  /// The record of `org`, as stored or new.
  static func load(_ org: Organization, in transaction: Transaction) throws -> OrgBilling {
    try transaction.load(StateFiles.orgBilling(path: StateLayout.orgBilling(org.id)))
      ?? OrgBilling(settledThrough: org.createdAt)
  }

  func save(_ org: Organization, in transaction: Transaction) {
    transaction.save(StateFiles.orgBilling(path: StateLayout.orgBilling(org.id)), self)
  }

  /// When the scheduled attempt `k` (0 the first, then each retry) of `invoice` falls due.
  static func due(_ invoice: Invoice, attempt k: Int) -> Timestamp {
    invoice.issuedAt.adding(days: retryDays * Int64(k))
  }

  /// Acts on every billing date and retry after `settledThrough` up to `time`: issues an invoice
  /// for `billed` on the 1st of each month and charges the card, retrying a failure every three
  /// days, and suspends the organization when the last retry fails.
  mutating func settle(until time: Timestamp, org: Organization, billed: BlockCounts) {
    guard time > settledThrough else { return }
    var date = settledThrough.startOfNextMonth
    let amount = Int64(billed.total()) * Self.blockPriceCents
    // Start no earlier than `catchUpMonths` billing dates before `time`.
    var earliest = time.startOfMonth
    for _ in 1..<Self.catchUpMonths { earliest = earliest.adding(days: -1).startOfMonth }
    date = max(date, earliest)
    // Past year 9999 there is no next billing date: `startOfNextMonth` holds at the last instant.
    while date <= time, date < .latest, amount > 0 {
      let invoice = Invoice(
        number: (invoices.last?.number ?? 0) + 1, period: date.month, issuedAt: date,
        blocks: billed, amountCents: amount, status: .open, attempts: [])
      invoices.append(invoice)
      notices.append(
        BillingNotice(
          at: date, kind: .payment, key: "invoice-\(invoice.number)",
          message:
            "invoice \(invoice.number) for \(invoice.period): \(billed.total()) block(s), \(Self.dollars(amount))"
        ))
      date = date.startOfNextMonth
    }
    var due: [(at: Timestamp, invoice: Int, attempt: Int)] = []
    for (index, invoice) in invoices.enumerated() where invoice.status == .open {
      for k in 0...Self.retries {
        let at = Self.due(invoice, attempt: k)
        if at > settledThrough && at <= time { due.append((at, index, k)) }
      }
    }
    for item in due.sorted(by: { ($0.at, $0.invoice) < ($1.at, $1.invoice) })
    where invoices[item.invoice].status == .open {
      charge(item.invoice, at: item.at, attempt: item.attempt, org: org)
    }
    settledThrough = time
  }

  /// The first instant after `settledThrough` at which `settle` has something to do: the next
  /// billing date, or an open invoice's next attempt.
  var nextDue: Timestamp {
    var next = settledThrough.startOfNextMonth
    for invoice in invoices where invoice.status == .open {
      for k in 0...Self.retries {
        let at = Self.due(invoice, attempt: k)
        if at > settledThrough { next = min(next, at) }
      }
    }
    return next
  }

  /// Charges every unpaid invoice now, as setting a card does; whether all are paid.
  @discardableResult
  mutating func retryNow(at time: Timestamp, org: Organization) -> Bool {
    for index in invoices.indices where invoices[index].status != .paid {
      charge(index, at: time, attempt: nil, org: org)
    }
    settledThrough = max(settledThrough, time)
    return invoices.allSatisfy { $0.status == .paid }
  }

  /// One attempt to collect invoice `index`: `attempt` is the scheduled one's number, nil for
  /// one made at once.
  private mutating func charge(_ index: Int, at time: Timestamp, attempt: Int?, org: Organization) {
    var invoice = invoices[index]
    let paid = card?.works(at: time) ?? false
    invoice.attempts.append(Invoice.Attempt(at: time, succeeded: paid))
    let what =
      "invoice \(invoice.number) for \(invoice.period) (\(Self.dollars(invoice.amountCents)))"
    let key = "attempt-\(invoice.number)-\(invoice.attempts.count)"
    if paid {
      invoice.status = .paid
      notices.append(
        BillingNotice(
          at: time, kind: .payment, key: key,
          message: "paid \(what) with the card ending \(card?.last4 ?? "")"))
    } else {
      let reason =
        card.map { "the card ending \($0.last4) expired \($0.expires)" } ?? "no card on file"
      if let attempt, attempt < Self.retries {
        let next = Self.due(invoice, attempt: attempt + 1)
        notices.append(
          BillingNotice(
            at: time, kind: .payment, key: key,
            message:
              "payment of \(what) failed: \(reason); retry \(attempt + 1) of \(Self.retries) on \(next.iso8601)"
          ))
      } else {
        if attempt != nil { invoice.status = .failed }
        notices.append(
          BillingNotice(
            at: time, kind: .payment, key: key,
            message: "payment of \(what) failed: \(reason); no retries are left"))
      }
    }
    invoices[index] = invoice
    let unpaid = invoices.contains { $0.status == .failed }
    if unpaid && suspendedAt == nil {
      suspendedAt = time
      notices.append(
        BillingNotice(
          at: time, kind: .suspension, key: "suspended-\(invoice.number)",
          message:
            "organization \(org.id) is suspended: reads work, changes are refused until a valid card is set"
        ))
    } else if !unpaid, suspendedAt != nil {
      suspendedAt = nil
      notices.append(
        BillingNotice(
          at: time, kind: .suspension, key: "reinstated-\(invoice.number)",
          message: "organization \(org.id) is reinstated: every invoice is paid"))
    }
  }

  /// `cents` as US dollars: `$299.00`.
  public static func dollars(_ cents: Int64) -> String {
    let rest = cents % 100
    return "$\(Figures.grouped(cents / 100)).\(rest < 10 ? "0" : "")\(rest)"
  }
}
