/// What a tracker fleet's settings would use in a month, between a fleet that never moves and
/// one always moving: the billing estimate at each end.
public struct TrackerEstimate: Sendable, Equatable {
  /// The console's typical `loc` publish (particle-interfaces §7.4, console guide "Data Usage").
  public static let locBytes = 209
  /// A tracker can publish at most once a second, the cloud's publish limit: the rate an
  /// interval_min of 0 ("do not limit") allows.
  public static let fastestSeconds: Int64 = 1

  public let intervalMin: Int64
  public let intervalMax: Int64
  /// Every device stationary, publishing every interval_max; nil when interval_max is 0 (no
  /// periodic publish).
  public let stationary: Estimate?
  /// Every device always moving, publishing every interval_min.
  public let moving: Estimate

  /// The estimate for `devices` devices of a tracker product `reference` with its settings.
  public static func make(
    devices: Int, product reference: String, by actor: Actor, in transaction: Transaction
  ) throws -> TrackerEstimate {
    let product = try Tracker.product(reference, Tracker.Needs.view, actor: actor, in: transaction)
    let config = try Tracker.productConfig(product.id, in: transaction)
    return try make(devices: devices, config: config)
  }

  /// The estimate for `devices` trackers running `config`.
  public static func make(devices: Int, config: TrackerConfig) throws -> TrackerEstimate {
    let minimum = seconds(config, "location.interval_min")
    let maximum = seconds(config, "location.interval_max")
    // A device never publishes more often than interval_min, whatever interval_max says.
    let movingEvery = max(minimum, fastestSeconds)
    let stationaryEvery = maximum == 0 ? nil : max(maximum, movingEvery)
    return TrackerEstimate(
      intervalMin: minimum, intervalMax: maximum,
      stationary: try stationaryEvery.map {
        try Estimate.make(
          devices: devices, everySeconds: $0, bytes: locBytes, deviceClass: .tracker)
      },
      moving: try Estimate.make(
        devices: devices, everySeconds: movingEvery, bytes: locBytes, deviceClass: .tracker))
  }

  private static func seconds(_ config: TrackerConfig, _ path: String) -> Int64 {
    guard let field = TrackerSchema.field(path), case .integer(let value) = config.value(field)
    else { return 0 }
    return value
  }
}
