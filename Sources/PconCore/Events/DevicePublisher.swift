/// The steps every publish by a device takes: a device that was offline comes online (with its
/// `spark/status` event), it is heard, the publish is metered against its payer, and the event
/// goes to its stream and to its owner's copy. Held in memory across publishes and staged
/// together by `flush`, so one serves a single publish and a simulation's batch of thousands.
struct DevicePublisher {
  private var meter = Meter()
  private var heard: [String: Device] = [:]
  private var routes: [String: (stream: EventStream, copy: EventStream?)] = [:]
  private var drafts: [EventLog.Draft] = []
  private var reported = 0

  /// How many drafts (publishes and status events) wait for the next `flush`.
  var pending: Int { drafts.count }
  /// What metering has noticed so far, oldest first.
  var noticed: [BillingNotice] { meter.noticed }
  /// The highest share of a limit any payer charged has used in `month`, in percent.
  func percentOfPlan(month: String) -> Int { meter.percentOfPlan(month: month) }

  /// Publishes as `device` at `time`. Counted first: a payer whose data is paused (or an
  /// organization suspended) refuses the publish, and nothing changes. A tracker in shipping
  /// mode is powered off and publishes nothing.
  mutating func publish(
    name: String, data: String, ttl: Int, as device: inout Device, at time: Timestamp,
    in transaction: Transaction
  ) throws {
    guard !device.shipping else { throw PconError.deviceInShippingMode(device.name ?? device.id) }
    try route(device, in: transaction)
    try meter.charge(&device, dataBytes: data.utf8.count, at: time, in: transaction)
    if !device.online { try setOnline(true, &device, at: time, in: transaction) }
    device.lastHeard = time
    // A tracker's `loc` event is its location history; the newest fix is kept on its record.
    if name == TrackerPlatforms.locEvent, TrackerPlatforms.isTracker(device.platformID),
      let location = Location(locData: data, publishedAt: time),
      device.location.map({ $0.time <= location.time }) ?? true
    {
      device.location = location
    }
    heard[device.id] = device
    drafts.append(
      EventLog.Draft(
        name: name, data: data, ttl: ttl, publishedAt: time, coreid: device.id,
        productID: device.productID))
  }

  /// Charges a call of a function on `device` with `argument` at `time`, as the cloud charges
  /// one data operation for each; refused, changing nothing, when the payer's data is paused.
  mutating func chargeCall(
    argument: String, on device: inout Device, at time: Timestamp, in transaction: Transaction
  ) throws {
    try route(device, in: transaction)
    try meter.charge(&device, dataBytes: argument.utf8.count, at: time, in: transaction)
    heard[device.id] = device
  }

  /// Connects or disconnects `device` at `time`, logging its `spark/status` event in order
  /// with the publishes around it.
  mutating func connection(
    online: Bool, of device: inout Device, at time: Timestamp, in transaction: Transaction
  ) throws {
    try route(device, in: transaction)
    try setOnline(online, &device, at: time, in: transaction)
    device.lastHeard = time
    heard[device.id] = device
  }

  /// A device coming online is a handshake: a tracker's pending settings reach it then.
  private mutating func setOnline(
    _ online: Bool, _ device: inout Device, at time: Timestamp, in transaction: Transaction
  ) throws {
    device.online = online
    if online { device.lastHandshakeAt = time }
    drafts.append(
      Events.cloudDraft(
        name: "spark/status", data: online ? "online" : "offline", about: device, at: time))
    if online { drafts += try TrackerSync.sync(&device, at: time, in: transaction) }
  }

  /// Looks up, once, where `device`'s events go.
  private mutating func route(_ device: Device, in transaction: Transaction) throws {
    guard routes[device.id] == nil else { return }
    guard let stream = try EventStream.of(device, in: transaction) else {
      throw PconError.deviceNotFound(device.id)
    }
    routes[device.id] = (stream, try EventStream.copy(of: device, in: transaction))
  }

  /// Stages what the publishes since the last flush changed (usage, devices, billing records)
  /// and appends their events in order; the events, and what metering noticed since.
  mutating func flush(in transaction: Transaction) throws -> (
    events: [Event], noticed: [BillingNotice]
  ) {
    try meter.save(in: transaction)
    if !heard.isEmpty { try transaction.save(Array(heard.values)) }
    heard.removeAll(keepingCapacity: true)
    let routes = self.routes
    let events = try EventLog.append(drafts, in: transaction) { draft in
      guard let route = routes[draft.coreid] else { throw PconError.deviceNotFound(draft.coreid) }
      return route
    }
    drafts.removeAll(keepingCapacity: true)
    let noticed = Array(meter.noticed.dropFirst(reported))
    reported = meter.noticed.count
    return (events, noticed)
  }
}
