/// Settings sync at a tracker's handshake: the device's acknowledged settings are compared with
/// the cloud's by checksum, and when they differ the changed modules are sent and acknowledged.
enum TrackerSync {
  /// Brings `device`'s acknowledged settings to its effective ones at `connect`, logging the
  /// device's `cfg` event for each module sent and its `ack`.
  static func atHandshake(_ device: inout Device, in transaction: Transaction) throws {
    for draft in try sync(&device, at: transaction.now, in: transaction) {
      try Events.recordCloudEvent(
        name: draft.name, data: draft.data, about: device, in: transaction)
    }
  }

  /// Brings `device`'s acknowledged settings to its effective ones as it comes online at `time`
  /// (by any way: a handshake, a publish, a reset); the `cfg` and `ack` events to log, in
  /// order. None for a device outside a tracker product or already in step.
  static func sync(_ device: inout Device, at time: Timestamp, in transaction: Transaction) throws
    -> [EventLog.Draft]
  {
    guard TrackerPlatforms.isTracker(device.platformID), let productID = device.productID,
      !device.quarantined
    else { return [] }
    let settings = try Tracker.settings(of: device, productID: productID, in: transaction)
    let effective = settings.effective
    let current = settings.current ?? TrackerConfig()
    guard effective.checksum != current.checksum else { return [] }
    let writer = JSONWriter(pretty: false)
    var drafts: [EventLog.Draft] = []
    for module in effective.modulesDiffering(from: current) {
      let cfg = JSON.object([
        ("cmd", .string("cfg")), ("cfg", effective.json(modules: [module])),
      ])
      drafts.append(
        Events.cloudDraft(name: "cfg", data: writer.string(cfg), about: device, at: time))
    }
    let ack = JSON.object([
      ("cmd", .string("ack")), ("src_cmd", .string("set_cfg")), ("status", .int(0)),
    ])
    drafts.append(Events.cloudDraft(name: "ack", data: writer.string(ack), about: device, at: time))
    var own = device.trackerConfig ?? DeviceTrackerConfig()
    own.current = effective.withoutDefaults
    device.trackerConfig = own
    return drafts
  }
}
