/// A payer's usage in one billing month, as `billing usage` shows it.
public struct UsageReport: Sendable, Equatable {
  /// One row of used against allowed.
  public struct Measure: Sendable, Equatable {
    public let used: Int64
    public let limit: Int64

    /// Whole percent used, rounded down; 100 or more at the limit.
    public var percent: Int { limit > 0 ? Int(used * 100 / limit) : (used > 0 ? 100 : 0) }

    /// The console's colour step: below 70, from 70, from 90, at 100.
    public var level: Int {
      Meter.thresholds.last(where: { percent >= $0 }) ?? 0
    }
  }

  /// Devices, data operations and cellular data of one device class, or of the free pool.
  public struct Usage: Sendable, Equatable {
    /// Nil for the free plan's pool, which counts every class together.
    public let deviceClass: DeviceClass?
    public let blocks: Int?
    public let devices: Measure
    public let dataOperations: Measure
    public let cellularBytes: Measure

    /// The highest level of the three.
    public var level: Int {
      max(devices.level, dataOperations.level, cellularBytes.level)
    }
  }

  public let tier: Plan.Tier
  /// Who pays: the account's email or the organization's slug.
  public let payer: String
  public let periodStart: Timestamp
  public let periodEnd: Timestamp
  /// The free pool, or one row per device class of the organization.
  public let rows: [Usage]
  public let status: PlanStatus

  /// Every row summed.
  public var total: Usage {
    func sum(_ pick: (Usage) -> Measure) -> Measure {
      Measure(
        used: rows.reduce(0) { $0 + pick($1).used }, limit: rows.reduce(0) { $0 + pick($1).limit })
    }
    return Usage(
      deviceClass: nil, blocks: blocks, devices: sum(\.devices),
      dataOperations: sum(\.dataOperations), cellularBytes: sum(\.cellularBytes))
  }

  /// All blocks of all rows, nil on the free plan.
  public var blocks: Int? {
    tier == .free ? nil : rows.reduce(0) { $0 + ($1.blocks ?? 0) }
  }

  /// The highest level of any row.
  public var level: Int { rows.map(\.level).max() ?? 0 }
}
