/// What a plan allows in one billing month: devices, data operations and cellular data.
public struct Allowance: Sendable, Equatable {
  public var devices: Int
  public var dataOperations: Int64
  public var cellularBytes: Int64

  public init(devices: Int, dataOperations: Int64, cellularBytes: Int64) {
    self.devices = devices
    self.dataOperations = dataOperations
    self.cellularBytes = cellularBytes
  }

  /// One megabyte of cellular data, as carriers count it.
  public static let megabyte: Int64 = 1_000_000

  /// The free plan, pooled across an account's sandbox and its free products.
  public static let free = Allowance(
    devices: 100, dataOperations: 100_000, cellularBytes: 100 * megabyte)

  /// One growth-plan block of `deviceClass`: trackers get more cellular data.
  public static func block(_ deviceClass: DeviceClass) -> Allowance {
    Allowance(
      devices: 100, dataOperations: 720_000,
      cellularBytes: (deviceClass == .tracker ? 1_500 : 540) * megabyte)
  }

  /// `count` blocks of `deviceClass`.
  public static func blocks(_ count: Int, of deviceClass: DeviceClass) -> Allowance {
    let one = block(deviceClass)
    return Allowance(
      devices: one.devices * count, dataOperations: one.dataOperations * Int64(count),
      cellularBytes: one.cellularBytes * Int64(count))
  }

  /// The fewest blocks of `deviceClass` that carry `usage` without reaching a data limit (at
  /// 100 % a block is added), at least one.
  public static func blocksNeeded(for usage: Allowance, of deviceClass: DeviceClass) -> Int {
    let one = block(deviceClass)
    func below(_ used: Int64, _ per: Int64) -> Int { used > 0 ? Int(used / per) + 1 : 0 }
    return max(
      1, Int((Int64(usage.devices) + Int64(one.devices) - 1) / Int64(one.devices)),
      below(usage.dataOperations, one.dataOperations),
      below(usage.cellularBytes, one.cellularBytes))
  }

  /// Whether `usage` stays within this allowance: devices up to the limit, data below it.
  public func carries(_ usage: Allowance) -> Bool {
    usage.devices <= devices && usage.dataOperations < dataOperations
      && (usage.cellularBytes < cellularBytes || usage.cellularBytes == 0)
  }
}
