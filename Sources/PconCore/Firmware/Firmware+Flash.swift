/// An over-the-air update as the cloud performs it.
extension Firmware {
  /// The event the cloud logs about an update's progress: `started`, then `success` or `failed`.
  public static let flashStatusEvent = "spark/flash/status"

  /// Sends `version` to `device`: `started`, then `success` and the device runs it, or with
  /// `failing` `failed` and it keeps what it ran. The outcome is kept on the device; the
  /// caller saves it.
  static func flash(
    _ device: inout Device, to version: Int, failing: Bool, in transaction: Transaction
  ) throws {
    try Events.recordCloudEvent(
      name: flashStatusEvent, data: "started", about: device, in: transaction)
    let status: OTAOutcome.Status = failing ? .failed : .success
    if !failing { device.firmwareVersion = version }
    device.lastOTA = OTAOutcome(version: version, status: status, at: transaction.now)
    try Events.recordCloudEvent(
      name: flashStatusEvent, data: status.rawValue, about: device, in: transaction)
  }

  /// At a handshake: updates `device` when its target is an uploaded version it does not run.
  /// Development devices target nothing, so they are never updated here.
  static func updateAtHandshake(
    _ device: inout Device, failing: Bool, in transaction: Transaction
  ) throws {
    guard let productID = device.productID, !device.quarantined else { return }
    let map = try transaction.releaseMap(productID)
    guard let version = map.target(for: device).version, version != device.firmwareVersion,
      map.uploaded.contains(version)
    else { return }
    try flash(&device, to: version, failing: failing, in: transaction)
  }
}
