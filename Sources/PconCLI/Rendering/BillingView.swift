import PconCore

/// How usage, plans, invoices and notices look: CLI.md's usage JSON and the tables for people.
enum BillingView {
  /// Blocks by class as JSON: `{"wifi":1,"cellular":2,"tracker":0}`.
  static func classesJSON(_ blocks: BlockCounts) -> JSON {
    .object(DeviceClass.allCases.map { ($0.rawValue, .int(Int64(blocks[$0]))) })
  }

  /// "2 Cellular block(s)", or the classes held, or "no blocks".
  static func blocksText(_ blocks: BlockCounts) -> String {
    let held = DeviceClass.allCases.filter { blocks[$0] > 0 }
    guard !held.isEmpty else { return "no blocks" }
    if held.count == DeviceClass.allCases.count,
      Set(held.map { blocks[$0] }).count == 1
    {
      return "\(blocks[held[0]]) block(s) of each class"
    }
    return held.map { "\(blocks[$0]) \($0.title) block(s)" }.joined(separator: ", ")
  }

  /// Megabytes as a JSON number with up to three decimals.
  static func megabytesJSON(_ bytes: Int64) -> JSON {
    .double(Double(bytes) / Double(Allowance.megabyte))
  }

  /// The level word of CLI.md: `ok`, `70`, `90` or `100`.
  static func levelName(_ level: Int) -> String { level == 0 ? "ok" : String(level) }

  /// The colour a row is drawn in: yellow from 70 %, red at 100 %.
  static func style(_ level: Int) -> Style { level >= 100 ? .red : level >= 70 ? .yellow : .plain }

  /// A bar of `width` cells filled to `percent`.
  static func bar(_ percent: Int, width: Int = 20) -> String {
    let filled = min(width, max(0, percent * width / 100))
    return "[" + String(repeating: "#", count: filled)
      + String(repeating: "-", count: width - filled) + "]"
  }

  /// When the status changes next, for JSON and the status line.
  static func statusTimes(_ status: PlanStatus) -> (graceEnds: Timestamp?, resumes: Timestamp?) {
    switch status {
    case .grace(let ends): return (ends, nil)
    case .paused(let until): return (nil, until)
    case .active, .suspended: return (nil, nil)
    }
  }

  private static func usageJSON(_ usage: UsageReport.Usage) -> [(String, JSON)] {
    [
      (
        "devices",
        .object([("used", .int(usage.devices.used)), ("limit", .int(usage.devices.limit))])
      ),
      (
        "data_operations",
        .object([
          ("used", .int(usage.dataOperations.used)), ("limit", .int(usage.dataOperations.limit)),
          ("percent", .int(Int64(usage.dataOperations.percent))),
        ])
      ),
      (
        "cellular_mb",
        .object([
          ("used", megabytesJSON(usage.cellularBytes.used)),
          ("limit", megabytesJSON(usage.cellularBytes.limit)),
        ])
      ),
      ("level", .string(levelName(usage.level))),
    ]
  }

  /// CLI.md's usage object, with the payer and, for an organization, one entry per class.
  static func json(_ report: UsageReport) -> JSON {
    let times = statusTimes(report.status)
    var pairs: [(String, JSON)] = [
      ("plan", .string(report.tier.rawValue)),
      (
        "period",
        .object([
          ("start", .string(report.periodStart.iso8601)),
          ("end", .string(report.periodEnd.iso8601)),
        ])
      ),
    ]
    pairs += usageJSON(report.total)
    pairs += [
      ("status", .string(report.status.name)),
      ("grace_ends_at", .string(times.graceEnds?.iso8601)),
      ("resumes_at", .string(times.resumes?.iso8601)),
      ("blocks", report.blocks.map { .int(Int64($0)) } ?? .null),
      ("payer", .string(report.payer)),
    ]
    if report.tier != .free {
      pairs.append(
        (
          "classes",
          .array(
            report.rows.map { row in
              .object(
                [
                  ("class", .string(row.deviceClass?.rawValue)),
                  ("blocks", .int(Int64(row.blocks ?? 0))),
                ] + usageJSON(row))
            })
        ))
    }
    return .object(pairs)
  }

  /// The status in words: `active`, `grace: data stops at …`, `paused: data resumes at …`.
  static func statusText(_ status: PlanStatus) -> String {
    switch status {
    case .active: return "active"
    case .grace(let ends):
      return "grace: data stops at \(Views.time(ends)) unless you upgrade"
    case .paused(let until): return "paused: data resumes at \(Views.time(until))"
    case .suspended(let since):
      return "suspended since \(Views.time(since)): set a valid card to lift it"
    }
  }

  /// The lines above the usage table.
  static func heading(_ report: UsageReport) -> String {
    let plan =
      report.tier == .free ? "free" : "growth, \(Views.count(report.blocks ?? 0, "block"))"
    return """
      \(report.tier == .free ? "account" : "organization"): \(report.payer)
      plan:   \(plan)
      period: \(report.periodStart.iso8601.prefix(10)) to \(report.periodEnd.iso8601.prefix(10))
      status: \(statusText(report.status))


      """
  }

  /// One row per measure (per class for an organization), used against limit, with a bar for
  /// people on a terminal (`bars`); a pipe gets the figures alone.
  static func table(_ report: UsageReport, bars: Bool) -> Table {
    let perClass = report.tier != .free
    var table = Table(
      (perClass ? ["CLASS", "BLOCKS"] : []) + ["MEASURE", "USED", "LIMIT", "%"]
        + (bars ? ["BAR"] : []))
    for row in report.rows {
      let measures: [(String, UsageReport.Measure, (Int64) -> String)] = [
        ("devices", row.devices, { Figures.grouped($0) }),
        ("data operations", row.dataOperations, { Figures.grouped($0) }),
        ("cellular MB", row.cellularBytes, { Figures.megabytes($0) }),
      ]
      for (name, measure, text) in measures {
        let style = style(measure.level)
        table.add(
          (perClass ? [.init(row.deviceClass?.title ?? "-"), .init(String(row.blocks ?? 0))] : [])
            + [
              .init(name), .init(text(measure.used), style), .init(text(measure.limit)),
              .init("\(measure.percent)%", style),
            ] + (bars ? [.init(bar(measure.percent), style)] : []))
      }
    }
    return table
  }

  /// The one-line summary `whoami` gives, like the console's pop-up.
  static func summary(_ report: UsageReport) -> String {
    let total = report.total
    return
      "usage this month: \(Figures.grouped(total.dataOperations.used)) of \(Figures.grouped(total.dataOperations.limit)) data operations (\(total.dataOperations.percent)%), \(total.devices.used) of \(total.devices.limit) devices, \(Figures.megabytes(total.cellularBytes.used)) of \(Figures.megabytes(total.cellularBytes.limit)) MB cellular; \(statusText(report.status))"
  }

  static func invoiceJSON(_ invoice: Invoice) -> JSON {
    .object([
      ("number", .int(Int64(invoice.number))), ("period", .string(invoice.period)),
      ("issued_at", .string(invoice.issuedAt.iso8601)),
      ("blocks", .int(Int64(invoice.blocks.total()))),
      ("blocks_by_class", classesJSON(invoice.blocks)),
      ("amount_cents", .int(invoice.amountCents)), ("status", .string(invoice.status.rawValue)),
      ("attempts", .int(Int64(invoice.attempts.count))),
      ("paid_at", .string(invoice.paidAt?.iso8601)),
    ])
  }

  static func invoiceTable(_ invoices: [Invoice]) -> Table {
    var table = Table(["NUMBER", "PERIOD", "ISSUED", "BLOCKS", "AMOUNT", "STATUS", "ATTEMPTS"])
    for invoice in invoices {
      let style: Style =
        invoice.status == .paid ? .green : invoice.status == .failed ? .red : .yellow
      table.add([
        .init(String(invoice.number)), .init(invoice.period), .init(Views.time(invoice.issuedAt)),
        .init(String(invoice.blocks.total())), .init(OrgBilling.dollars(invoice.amountCents)),
        .init(invoice.status.rawValue, style), .init(String(invoice.attempts.count)),
      ])
    }
    return table
  }

  static func noticeJSON(_ notice: BillingNotice) -> JSON {
    .object([
      ("at", .string(notice.at.iso8601)), ("kind", .string(notice.kind.rawValue)),
      ("message", .string(notice.message)),
    ])
  }

  static func noticeTable(_ notices: [BillingNotice]) -> Table {
    var table = Table(["TIME", "KIND", "MESSAGE"])
    for notice in notices {
      table.add(Views.time(notice.at), notice.kind.rawValue, notice.message)
    }
    return table
  }

  static func estimateJSON(_ estimate: Estimate) -> JSON {
    .object([
      ("devices", .int(Int64(estimate.devices))), ("every_seconds", .int(estimate.everySeconds)),
      ("bytes", .int(Int64(estimate.bytes))), ("class", .string(estimate.deviceClass.rawValue)),
      ("days", .int(Estimate.monthDays)), ("publishes", .int(estimate.publishes)),
      ("data_operations", .int(estimate.dataOperations)),
      ("cellular_mb", megabytesJSON(estimate.cellularBytes)),
      ("plan", .string(estimate.tier.rawValue)),
      ("blocks", estimate.blocks.map { .int(Int64($0)) } ?? .null),
      ("monthly_cents", .int(estimate.monthlyCents)),
    ])
  }

  static func estimateText(_ estimate: Estimate) -> String {
    let plan =
      estimate.blocks.map {
        "growth, \($0) \(estimate.deviceClass.title) block(s), \(OrgBilling.dollars(estimate.monthlyCents)) a month"
      } ?? "free"
    return """
      devices:          \(Figures.grouped(Int64(estimate.devices))) \(estimate.deviceClass.title)
      publishes:        \(Figures.grouped(estimate.publishes)) in \(Estimate.monthDays) days
      data operations:  \(Figures.grouped(estimate.dataOperations))
      cellular data:    \(Figures.megabytes(estimate.cellularBytes)) MB
      plan:             \(plan)

      """
  }
}
