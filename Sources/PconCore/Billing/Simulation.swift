/// A fleet's traffic rehearsed in simulated time: each device publishes one event every
/// interval over a stretch, through the same steps as a real device publish, so events land in
/// the log, usage is metered, and notices, grace, pause, blocks and invoices happen on their
/// dates.
public enum Simulation {
  /// The most events one run may publish.
  public static let maxEvents: Int64 = 100_000_000
  /// The longest stretch one run may cover.
  public static let maxDays: Int64 = 400
  /// How many publishes are staged together: the log is appended to and the devices and usage
  /// files staged once per batch, not per event.
  static let batchSize = 8_192

  /// What to simulate: who publishes, how often, for how long, and what.
  public struct Request: Sendable {
    public var product: String?
    public var devices: [String]
    public var everySeconds: Int64
    public var forSeconds: Int64
    public var event: String
    public var bytes: Int
    /// The first instant; nil for now.
    public var start: Timestamp?
    /// How tracker devices move: with one, they publish `loc` events along a path from their
    /// last location instead of `event`.
    public var movement: Movement?

    public init(
      product: String?, devices: [String], everySeconds: Int64, forSeconds: Int64,
      event: String = "sim", bytes: Int = 0, start: Timestamp? = nil, movement: Movement? = nil
    ) {
      self.movement = movement
      self.product = product
      self.devices = devices
      self.everySeconds = everySeconds
      self.forSeconds = forSeconds
      self.event = event
      self.bytes = bytes
      self.start = start
    }
  }

  /// One simulated day (UTC).
  public struct Day: Sendable, Equatable {
    /// `YYYY-MM-DD`.
    public let date: String
    public var events: Int64 = 0
    /// Publishes refused because the payer's data was paused or its organization suspended.
    public var refused: Int64 = 0
    public var dataOperations: Int64 = 0
    public var cellularBytes: Int64 = 0
    /// The highest share of a plan limit used this month by the end of the day.
    public var percentOfPlan = 0
    /// What metering noticed on this day, in order.
    public var notices: [BillingNotice] = []
  }

  /// What a payer owes after the run: for an organization its blocks and next invoice, for a
  /// free plan nothing, and its status.
  public struct Bill: Sendable, Equatable {
    public let payer: String
    public let tier: Plan.Tier
    public let status: PlanStatus
    /// The organization's blocks per class at the end; nil on the free plan.
    public let blocks: BlockCounts?
    /// The blocks the next invoice bills (the classes the organization uses); nil when free.
    public let billed: BlockCounts?
    /// When the next invoice is issued, and for how much (0 on the free plan).
    public let nextInvoiceAt: Timestamp
    public let amountCents: Int64
    /// The invoices issued during the stretch.
    public let invoices: [Invoice]
  }

  /// What a run did.
  public struct Summary: Sendable, Equatable {
    public let start: Timestamp
    public let end: Timestamp
    public let devices: Int
    public var days: [Day] = []
    public var events: Int64 = 0
    public var refused: Int64 = 0
    public var dataOperations: Int64 = 0
    public var cellularBytes: Int64 = 0
    public var firstID: Int64?
    public var lastID: Int64?
    public var bills: [Bill] = []
    /// Trackers in shipping mode, by name or ID: powered off, they sent nothing.
    public var silent: [String] = []
  }

  /// What running the fleet needs: to publish as each device, and to answer for its bill — a
  /// free plan's own account (a free product's Owner), or an organization's Administrator.
  public static let needs = Permission(.owner)

  /// Runs `request` as `actor`, all in `transaction`: the whole run lands or none of it does, as
  /// an ingest does, so an interrupted rehearsal leaves no half-month of usage behind to confuse
  /// the next. Staged appends spill to disk past a threshold, so memory stays bounded all the
  /// same. `progress` hears how many of the publishes are done after each batch.
  public static func run(
    _ request: Request, by actor: Actor, in transaction: Transaction,
    progress: (_ done: Int64, _ total: Int64) -> Void = { _, _ in }
  ) throws -> Summary {
    try EventRules.validate(name: request.event, data: "", ttl: Event.defaultTTL)
    guard (0...EventRules.maxDataBytes).contains(request.bytes) else {
      throw PconError.invalidValue(
        field: "event size", value: String(request.bytes),
        expected: "a number of bytes from 0 to \(EventRules.maxDataBytes)")
    }
    guard request.everySeconds >= 1 else {
      throw PconError.invalidValue(
        field: "publish interval", value: "\(request.everySeconds)s",
        expected: "at least one second")
    }
    guard (1...maxDays * 86_400).contains(request.forSeconds) else {
      throw PconError.invalidValue(
        field: "simulated stretch", value: "\(request.forSeconds)s",
        expected: "from one second to \(maxDays) days")
    }
    var devices = try publishers(request, by: actor, in: transaction)
    let ticks = (request.forSeconds + request.everySeconds - 1) / request.everySeconds
    let (total, overflow) = ticks.multipliedReportingOverflow(by: Int64(devices.count))
    guard !overflow, total <= maxEvents else {
      throw PconError.invalidValue(
        field: "number of events to simulate",
        value:
          "\(Figures.grouped(Int64(devices.count))) devices × \(Figures.grouped(ticks)) publishes",
        expected:
          "at most \(Figures.grouped(maxEvents)) events in one run: fewer devices, publishes further apart or a shorter stretch"
      )
    }
    let start = request.start ?? transaction.now
    // The log up to now is what happened; a rehearsal adds to what has not, so a stretch already
    // lived (and its plan's pause or suspension) is not written over.
    guard start >= transaction.now else {
      throw PconError.invalidValue(
        field: "simulated start", value: start.iso8601,
        expected: "now (\(transaction.now.iso8601)) or later")
    }
    let end = start.adding(seconds: request.forSeconds)
    let data = padding(request.bytes)
    // Where each moving tracker sets out from (its last location, or the city start), and
    // with how much battery (its last report, or full).
    let origins = devices.map { device -> (latitude: Double, longitude: Double, battery: Double)? in
      guard request.movement != nil, TrackerPlatforms.isTracker(device.platformID) else {
        return nil
      }
      guard let last = device.location else {
        return (Movement.start.latitude, Movement.start.longitude, 100)
      }
      return (last.latitude, last.longitude, last.battery ?? 100)
    }
    var summary = Summary(start: start, end: end, devices: devices.count)
    var publisher = DevicePublisher()
    var day = Day(date: "")
    var dayNumber = Int64.min
    var month = ""
    var noticed = 0
    var done: Int64 = 0
    func closeDay() {
      guard dayNumber != .min else { return }
      day.percentOfPlan = publisher.percentOfPlan(month: month)
      summary.days.append(day)
    }
    func flush() throws {
      let (events, _) = try publisher.flush(in: transaction)
      summary.firstID = summary.firstID ?? events.first?.id
      summary.lastID = events.last?.id ?? summary.lastID
      progress(done, total)
    }
    for tick in 0..<ticks {
      let time = start.adding(seconds: tick * request.everySeconds)
      let number = time.millisecondsSince1970.floorDividedByDay
      if number != dayNumber {
        closeDay()
        dayNumber = number
        day = Day(date: String(time.iso8601.prefix(10)))
        month = time.month
      }
      for index in devices.indices {
        var name = request.event
        var published = data
        if let movement = request.movement, let origin = origins[index] {
          name = TrackerPlatforms.locEvent
          published = movement.location(
            from: (origin.latitude, origin.longitude), battery: origin.battery, tick: tick,
            everySeconds: request.everySeconds, at: time, seed: devices[index].id
          ).locData(triggers: ["time"])
        }
        do {
          try publisher.publish(
            name: name, data: published, ttl: Event.defaultTTL, as: &devices[index],
            at: time, in: transaction)
          let used = Meter.use(by: devices[index], dataBytes: published.utf8.count)
          day.events += 1
          day.dataOperations += used.dataOperations
          day.cellularBytes += used.cellularBytes
        } catch PconError.dataPaused, PconError.orgSuspended {
          day.refused += 1
        } catch PconError.deviceInShippingMode(let name) {
          // Powered off: it sends nothing until it connects again.
          if tick == 0 { summary.silent.append(name) }
        }
        // Notices belong to the day of the publish that crossed them.
        if publisher.noticed.count > noticed {
          day.notices += publisher.noticed.dropFirst(noticed)
          noticed = publisher.noticed.count
        }
        done += 1
        if publisher.pending >= batchSize { try flush() }
      }
    }
    closeDay()
    try flush()
    for finished in summary.days {
      summary.events += finished.events
      summary.refused += finished.refused
      summary.dataOperations += finished.dataOperations
      summary.cellularBytes += finished.cellularBytes
    }
    summary.bills = try bills(
      for: devices, from: start, through: end.adding(seconds: -1), in: transaction)
    return summary
  }

  /// The devices the run publishes as, each authorized: the bill's first (see `requirePayer`),
  /// then the publish, as a product's (Developer or more) or as each device named.
  private static func publishers(_ request: Request, by actor: Actor, in transaction: Transaction)
    throws -> [Device]
  {
    // Billed to a plan, so run by the people who answer for it: tokens are refused as such.
    guard case .person = actor else {
      throw PconError.notForActor(actor.label, needs: "a person who answers for the plan's bill")
    }
    let look = Permission.view("devices:get", customers: true)
    if let reference = request.product {
      let product = try Products.authorized(reference, look, actor: actor, in: transaction)
      try requirePayer(of: product, by: actor, in: transaction)
      _ = try Products.authorize(reference, Events.Needs.publish, actor: actor, in: transaction)
      return try transaction.productDevices(product.id)
    }
    var devices: [Device] = []
    for reference in request.devices {
      let (seen, _) = try Access.device(reference, look, actor: actor, in: transaction)
      if let product = try Access.product(of: seen, in: transaction) {
        try requirePayer(of: product, by: actor, in: transaction)
      }
      let (device, _) = try Access.device(
        reference, Events.Needs.publish, actor: actor, in: transaction)
      if !devices.contains(where: { $0.id == device.id }) { devices.append(device) }
    }
    return devices
  }

  /// Refuses a run billed to anyone but those who answer for the bill: a simulation moves a plan
  /// through the months it covers (invoices charged, blocks added), so a free product's devices
  /// are simulated by its Owner (whose free plan pays) and an organization's by its
  /// Administrators. A sandbox device is its owner's already.
  private static func requirePayer(
    of product: Product, by actor: Actor, in transaction: Transaction
  ) throws {
    switch try Payer.of(product, in: transaction) {
    case .org(let org)?:
      _ = try Orgs.authorize(org.id, Billing.Needs.blocks, actor: actor, in: transaction)
    case .sandbox?, nil:
      _ = try Access.authorize(actor, needs, product: product, in: transaction)
    }
  }

  /// `bytes` bytes of data: digits, as a sensor reading padded to size.
  static func padding(_ bytes: Int) -> String {
    String((0..<bytes).map { Character(String($0 % 10)) })
  }

  /// What each payer of `devices` owes after the run, as of `time` (the last simulated instant).
  private static func bills(
    for devices: [Device], from start: Timestamp, through time: Timestamp,
    in transaction: Transaction
  ) throws -> [Bill] {
    var payers: [Payer] = []
    for device in devices {
      if let payer = try Payer.of(device, in: transaction), !payers.contains(payer) {
        payers.append(payer)
      }
    }
    return try payers.map { payer in
      switch payer {
      case .sandbox(let account):
        let usage = try payer.usage(month: time.month, in: transaction)
        return Bill(
          payer: account.email, tier: .free,
          status: PlanStatus.free(limitReachedAt: usage.limitReachedAt, at: time), blocks: nil,
          billed: nil, nextInvoiceAt: time.startOfNextMonth, amountCents: 0, invoices: [])
      case .org(let stale):
        // The meter has staged the organization's blocks and billing record.
        let org = try transaction.orgs().first { $0.id == stale.id } ?? stale
        var record = try OrgBilling.load(org, in: transaction)
        let billed = try Billing.billedBlocks(org, in: transaction)
        record.settle(until: time, org: org, billed: billed)
        return Bill(
          payer: org.id, tier: .growth,
          status: record.status(at: time), blocks: org.blocks,
          billed: billed, nextInvoiceAt: time.startOfNextMonth,
          amountCents: Int64(billed.total()) * OrgBilling.blockPriceCents,
          invoices: record.invoices.filter { $0.issuedAt >= start && $0.issuedAt <= time })
      }
    }
  }
}

extension Int64 {
  /// The day since 1970-01-01 (UTC) that a millisecond count falls in.
  fileprivate var floorDividedByDay: Int64 {
    self >= 0 ? self / 86_400_000 : (self - 86_399_999) / 86_400_000
  }
}
