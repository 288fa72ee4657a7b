/// What a fleet publishing at a steady rate would use in a month, and the plan that carries it.
public struct Estimate: Sendable, Equatable {
  /// Days in the month an estimate is made for, as `simulate --for 30d` covers.
  public static let monthDays: Int64 = 30

  public let devices: Int
  public let everySeconds: Int64
  public let bytes: Int
  public let deviceClass: DeviceClass
  public let publishes: Int64
  public let dataOperations: Int64
  public let cellularBytes: Int64
  /// Free when the free plan carries it, else growth.
  public let tier: Plan.Tier
  /// The growth blocks of `deviceClass` needed; nil on the free plan.
  public let blocks: Int?
  /// What those blocks cost a month, in cents.
  public var monthlyCents: Int64 { Int64(blocks ?? 0) * OrgBilling.blockPriceCents }

  /// The estimate for `devices` devices of `deviceClass` each publishing `bytes` bytes every
  /// `everySeconds` seconds for a 30-day month.
  public static func make(
    devices: Int, everySeconds: Int64, bytes: Int, deviceClass: DeviceClass
  ) throws -> Estimate {
    guard (1...1_000_000).contains(devices) else {
      throw PconError.invalidValue(
        field: "device count", value: String(devices), expected: "a whole number from 1 to 1000000")
    }
    guard everySeconds >= 1 else {
      throw PconError.invalidValue(
        field: "publish interval", value: "\(everySeconds)s", expected: "at least one second")
    }
    guard (0...EventRules.maxDataBytes).contains(bytes) else {
      throw PconError.invalidValue(
        field: "event size", value: String(bytes),
        expected: "a number of bytes from 0 to \(EventRules.maxDataBytes)")
    }
    // Publishes at the start and every interval after, as a simulation of the month makes them.
    let perDevice = (monthDays * 86_400 + everySeconds - 1) / everySeconds
    let publishes = perDevice * Int64(devices)
    let operations = publishes * Meter.dataOperations(forBytes: bytes)
    let cellular =
      deviceClass == .wifi ? 0 : publishes * Int64(bytes + Meter.cellularOverheadBytes)
    let usage = Allowance(devices: devices, dataOperations: operations, cellularBytes: cellular)
    let fitsFree = Allowance.free.carries(usage)
    return Estimate(
      devices: devices, everySeconds: everySeconds, bytes: bytes, deviceClass: deviceClass,
      publishes: publishes, dataOperations: operations, cellularBytes: cellular,
      tier: fitsFree ? .free : .growth,
      blocks: fitsFree ? nil : Allowance.blocksNeeded(for: usage, of: deviceClass))
  }
}
