/// Counts the data operations and cellular data devices use, against each payer's plan:
/// thresholds noticed once a month, the free plan's grace and pause, and growth blocks added at
/// the limit. One meter serves a command, or a batch of a simulation; `save` stages its changes.
public struct Meter {
  /// The protocol overhead (CoAP and DTLS framing, acknowledgement, keep-alive share) each publish
  /// by a cellular device adds to its data: the console's size guide counts 271 bytes beside a
  /// 209-byte location publish.
  public static let cellularOverheadBytes = 271
  /// The percentages of a limit that are noticed.
  public static let thresholds = [70, 90, 100]

  /// Data operations one publish of `bytes` bytes of data costs: one per started 1024 bytes.
  public static func dataOperations(forBytes bytes: Int) -> Int64 {
    Int64(max(1, (bytes + 1023) / 1024))
  }

  /// Whether a publish named `name` is metered: the cloud's own events are not, named as
  /// `EventRules` reserves them (in any case).
  static func isMetered(_ name: String) -> Bool { !EventRules.isReserved(name: name) }

  private struct MonthKey: Hashable {
    let payer: Payer
    let month: String
  }

  private var usage: [MonthKey: UsageMonth] = [:]
  private var changedUsage: Set<MonthKey> = []
  private var orgs: [String: Organization] = [:]
  private var changedOrgs: Set<String> = []
  private var billing: [String: OrgBilling] = [:]
  private var changedBilling: Set<String> = []
  // The payer of each device charged, and when each organization next has a billing date or
  // retry due: a simulation charges millions of publishes, which must not each look them up.
  private var payers: [String: Payer?] = [:]
  private var nextDue: [String: Timestamp] = [:]
  private var currentMonth: (start: Timestamp, end: Timestamp, name: String)?
  /// What was noticed while metering, in order, for the command to print.
  private(set) var noticed: [BillingNotice] = []

  /// What a publish of `dataBytes` bytes by `device` uses.
  static func use(by device: Device, dataBytes: Int) -> UsageMonth.Counter {
    UsageMonth.Counter(
      dataOperations: dataOperations(forBytes: dataBytes),
      cellularBytes: device.isCellular ? Int64(dataBytes + cellularOverheadBytes) : 0)
  }

  /// Charges a publish of `dataBytes` bytes by `device` at `time` to its payer, and to the
  /// device's own month; refuses it, changing nothing, when the payer's data is paused.
  mutating func charge(
    _ device: inout Device, dataBytes: Int, at time: Timestamp, in transaction: Transaction
  ) throws {
    let used = Self.use(by: device, dataBytes: dataBytes)
    try charge(device, using: used, at: time, in: transaction)
    device.addUsage(used, month: month(of: time))
  }

  /// The billing month `time` is in, `YYYY-MM`, worked out once per month.
  private mutating func month(of time: Timestamp) -> String {
    if let current = currentMonth, current.start <= time, time < current.end {
      return current.name
    }
    let name = time.month
    currentMonth = (time.startOfMonth, time.startOfNextMonth, name)
    return name
  }

  /// Charges `used` by `device` at `time` to its payer.
  mutating func charge(
    _ device: Device, using used: UsageMonth.Counter, at time: Timestamp,
    in transaction: Transaction
  ) throws {
    let known = payers[device.id]
    guard let payer = try known ?? Payer.of(device, in: transaction) else {
      payers[device.id] = .some(nil)
      return
    }
    if known == nil { payers[device.id] = payer }
    let deviceClass = DeviceClass(platform: device.platform)
    let key = MonthKey(payer: payer, month: month(of: time))
    // Taken out of the cache while it changes, so it is not copied, and put back however this
    // ends: a refused publish leaves it as it was.
    var month = try usage.removeValue(forKey: key) ?? payer.usage(month: key.month, in: transaction)
    defer { usage[key] = month }
    switch payer {
    case .sandbox:
      if case .paused(let until) = PlanStatus.free(limitReachedAt: month.limitReachedAt, at: time) {
        throw PconError.dataPaused(payer: payer.title, until: until)
      }
      let before = month.total
      month.counters[deviceClass, default: .init()] =
        month.counters[deviceClass, default: .init()] + used
      let reached = notice(
        before: before, after: month.total, of: .free, at: time, into: &month
      ) { ("", payer.title) }
      if reached && month.limitReachedAt == nil {
        month.limitReachedAt = time
        let ends = time.adding(days: PlanStatus.graceDays)
        let resumes = time.startOfNextMonth
        record(
          BillingNotice(
            at: time, kind: .usage, key: "grace",
            message: ends < resumes
              ? "\(payer.title) reached its limit: data stops at \(ends.iso8601) unless the account upgrades to the growth plan, and resumes on \(resumes.iso8601)"
              : "\(payer.title) reached its limit: usage starts again on \(resumes.iso8601), before its \(PlanStatus.graceDays) days of grace are over"
          ), into: &month)
      }
    case .org(let stored):
      var org = orgs[stored.id] ?? stored
      try settle(org, until: time, in: transaction)
      // A suspended organization's devices are refused as its changes are.
      if let since = billing[org.id]?.suspension(at: time) {
        throw PconError.orgSuspended(org: org.id, since: since)
      }
      let before = month.counters[deviceClass, default: .init()]
      let after = before + used
      month.counters[deviceClass] = after
      let blocks = org.blocks[deviceClass]
      let reached = notice(
        before: before, after: after, of: .blocks(blocks, of: deviceClass), at: time,
        into: &month
      ) {
        (
          "\(deviceClass.rawValue)-b\(blocks)-",
          "organization \(org.id)'s \(blocks) \(deviceClass.title) block(s)"
        )
      }
      if reached && org.blocks[deviceClass] < BlockCounts.maximum {
        // One block at the limit, more only if one publish went past several; never past the
        // most a class may hold, which the organization's record could not be read back with.
        var added = 0
        repeat {
          org.blocks[deviceClass] += 1
          added += 1
        } while !Self.below(after, .blocks(org.blocks[deviceClass], of: deviceClass))
          && org.blocks[deviceClass] < BlockCounts.maximum
        orgs[org.id] = org
        changedOrgs.insert(org.id)
        record(
          BillingNotice(
            at: time, kind: .block, key: "block-\(deviceClass.rawValue)-\(org.blocks[deviceClass])",
            message:
              "added \(added) \(deviceClass.title) block(s) to organization \(org.id), now \(org.blocks[deviceClass]): no charge now, billed from the next billing month"
          ), into: &month)
      }
    }
    changedUsage.insert(key)
  }

  /// Applies `org`'s billing dates and retries up to `time`, when one has fallen due since the
  /// last time.
  private mutating func settle(
    _ org: Organization, until time: Timestamp, in transaction: Transaction
  )
    throws
  {
    if let due = nextDue[org.id], time < due { return }
    var record = try billing[org.id] ?? OrgBilling.load(org, in: transaction)
    defer { nextDue[org.id] = record.nextDue }
    let before = record
    record.settle(until: time, org: org, billed: try Billing.billedBlocks(org, in: transaction))
    billing[org.id] = record
    if record != before {
      changedBilling.insert(org.id)
      noticed += record.notices.dropFirst(before.notices.count)
    }
  }

  /// Whether `used` is under `limit` on both data operations and cellular data.
  private static func below(_ used: UsageMonth.Counter, _ limit: Allowance) -> Bool {
    used.dataOperations < limit.dataOperations
      && (used.cellularBytes < limit.cellularBytes || used.cellularBytes == 0)
  }

  /// Records a notice for each threshold of `limit` that `after` crosses and `before` did not;
  /// whether the limit itself is reached. `label` gives the notices' key prefix and the payer's
  /// title, built only when a threshold is near.
  private mutating func notice(
    before: UsageMonth.Counter, after: UsageMonth.Counter, of limit: Allowance,
    at time: Timestamp, into month: inout UsageMonth,
    label: () -> (keyPrefix: String, title: String)
  ) -> Bool {
    let operations = cross(
      "ops", from: before.dataOperations, to: after.dataOperations, of: limit.dataOperations,
      at: time, into: &month, label: label
    ) { "\(Figures.grouped($0)) data operations" }
    let cellular = cross(
      "cellular", from: before.cellularBytes, to: after.cellularBytes, of: limit.cellularBytes,
      at: time, into: &month, label: label
    ) { "\(Figures.megabytes($0)) MB of cellular data" }
    return operations || cellular
  }

  /// Records a notice for each threshold of `allowed` that a measure going `from` `to` crosses;
  /// whether it reaches 100 %.
  private mutating func cross(
    _ name: String, from: Int64, to: Int64, of allowed: Int64, at time: Timestamp,
    into month: inout UsageMonth, label: () -> (keyPrefix: String, title: String),
    words: (Int64) -> String
  ) -> Bool {
    // Most publishes cross nothing: said without building a key.
    guard to > from, allowed == 0 || to * 100 >= allowed * Int64(Self.thresholds[0]) else {
      return false
    }
    let (keyPrefix, title) = label()
    var reached = false
    for threshold in Self.thresholds {
      let line = allowed * Int64(threshold)
      guard from * 100 < line || allowed == 0, to * 100 >= line else { continue }
      if threshold == 100 { reached = true }
      let key = "\(keyPrefix)\(name)-\(threshold)"
      guard !month.hasNotice(key) else { continue }
      record(
        BillingNotice(
          at: time, kind: .usage, key: key,
          message: "\(title): \(threshold)% of \(words(allowed)) used this month (\(words(to)))"),
        into: &month)
    }
    return reached
  }

  private mutating func record(_ notice: BillingNotice, into month: inout UsageMonth) {
    month.notices.append(notice)
    noticed.append(notice)
  }

  /// The highest share of a limit, in percent, that any payer it charged has used in `month`
  /// (`YYYY-MM`): data operations or cellular data, of the free plan or of a class's blocks.
  func percentOfPlan(month: String) -> Int {
    var highest: Int64 = 0
    for (key, used) in usage where key.month == month {
      let shares: [(UsageMonth.Counter, Allowance)]
      switch key.payer {
      case .sandbox: shares = [(used.total, .free)]
      case .org(let stored):
        let org = orgs[stored.id] ?? stored
        shares = used.counters.map { ($0.value, .blocks(org.blocks[$0.key], of: $0.key)) }
      }
      for (counter, limit) in shares {
        for (amount, allowed) in [
          (counter.dataOperations, limit.dataOperations),
          (counter.cellularBytes, limit.cellularBytes),
        ] where allowed > 0 {
          highest = max(highest, amount * 100 / allowed)
        }
      }
    }
    return Int(highest)
  }

  /// Stages every usage month, organization and billing record the meter changed.
  func save(in transaction: Transaction) throws {
    for key in changedUsage {
      key.payer.saveUsage(usage[key] ?? UsageMonth(), month: key.month, in: transaction)
    }
    if !changedOrgs.isEmpty {
      var all = try transaction.orgs()
      for index in all.indices { if let changed = orgs[all[index].id] { all[index] = changed } }
      transaction.saveOrgs(all)
    }
    for id in changedBilling {
      guard let org = try orgs[id] ?? transaction.orgs().first(where: { $0.id == id }) else {
        continue
      }
      billing[id]?.save(org, in: transaction)
    }
  }
}
