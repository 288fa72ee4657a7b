/// Settings sync at a tracker's handshake: the device's acknowledged settings are compared with
/// the cloud's by checksum, and when they differ the changed modules are sent and acknowledged.
enum TrackerSync {
  /// Brings `device`'s acknowledged settings to its effective ones, logging the device's `cfg`
  /// event for each module sent and its `ack`. Nothing happens for a device outside a tracker
  /// product or already in step.
  static func atHandshake(_ device: inout Device, in transaction: Transaction) throws {
    guard TrackerPlatforms.isTracker(device.platformID), let productID = device.productID,
      !device.quarantined
    else { return }
    let settings = try Tracker.settings(of: device, productID: productID, in: transaction)
    let effective = settings.effective
    let current = settings.current ?? TrackerConfig()
    guard effective.checksum != current.checksum else { return }
    let writer = JSONWriter(pretty: false)
    for module in effective.modulesDiffering(from: current) {
      let cfg = JSON.object([
        ("cmd", .string("cfg")), ("cfg", effective.json(modules: [module])),
      ])
      try Events.recordCloudEvent(
        name: "cfg", data: writer.string(cfg), about: device, in: transaction)
    }
    let ack = JSON.object([
      ("cmd", .string("ack")), ("src_cmd", .string("set_cfg")), ("status", .int(0)),
    ])
    try Events.recordCloudEvent(
      name: "ack", data: writer.string(ack), about: device, in: transaction)
    var own = device.trackerConfig ?? DeviceTrackerConfig()
    own.current = effective.withoutDefaults
    device.trackerConfig = own
  }
}
