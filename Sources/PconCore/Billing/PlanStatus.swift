/// Whether a payer's devices may send data: the free plan's grace and pause, an organization's
/// suspension.
public enum PlanStatus: Sendable, Equatable {
  case active
  /// The free plan's limit was reached; data stops at `endsAt` unless the account upgrades.
  case grace(endsAt: Timestamp)
  /// Data is stopped until `until`, the start of the next billing month.
  case paused(until: Timestamp)
  /// An organization whose last payment retry failed: changes are refused.
  case suspended(since: Timestamp)

  /// Days between reaching the free plan's limit and data stopping.
  public static let graceDays: Int64 = 3

  /// The free plan's status at `time`, given when (if ever) this month reached its limit.
  static func free(limitReachedAt: Timestamp?, at time: Timestamp) -> PlanStatus {
    // A limit a simulation reached later in the month does not hold before it is reached.
    guard let reached = limitReachedAt, reached <= time else { return .active }
    let ends = reached.adding(days: graceDays)
    return time < ends ? .grace(endsAt: ends) : .paused(until: time.startOfNextMonth)
  }

  /// The word `billing usage --json` gives.
  public var name: String {
    switch self {
    case .active: return "active"
    case .grace: return "grace"
    case .paused: return "paused"
    case .suspended: return "suspended"
    }
  }
}
