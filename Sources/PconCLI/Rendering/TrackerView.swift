import PconCore

/// How tracker settings and estimates look: Particle's configuration JSON, and tables.
enum TrackerView {
  /// `{"configuration":{module:{key:value}}}` for a product; for a device
  /// `{"configuration":{"current":…,"pending":…}}`, pending holding the modules not yet acknowledged.
  static func json(_ settings: TrackerSettings) -> JSON {
    guard let current = settings.current else {
      return .object([("configuration", settings.effective.full)])
    }
    return .object([
      (
        "configuration",
        .object([
          ("current", current.full),
          ("pending", settings.effective.json(modules: settings.pendingModules)),
        ])
      )
    ])
  }

  /// One row per setting (or per one of `fields`): its value, and where it is set (default,
  /// product or device); for a device also whether it has acknowledged the value, or what it
  /// runs until it next comes online.
  static func table(_ settings: TrackerSettings, fields: [TrackerField] = TrackerSchema.fields)
    -> Table
  {
    let effective = settings.effective
    guard let current = settings.current else {
      var table = Table(["SETTING", "VALUE", "SET BY"])
      for field in fields {
        table.add(field.path, effective.value(field).text, settings.source(field).rawValue)
      }
      return table
    }
    var table = Table(["SETTING", "VALUE", "SET BY", "ON THE DEVICE"])
    for field in fields {
      let runs = current.value(field)
      let value = effective.value(field)
      table.add(
        field.path, value.text, settings.source(field).rawValue,
        runs == value ? "acknowledged" : "pending (runs \(runs.text))")
    }
    return table
  }

  static func estimateJSON(_ estimate: TrackerEstimate) -> JSON {
    .object([
      ("interval_min", .int(estimate.intervalMin)), ("interval_max", .int(estimate.intervalMax)),
      ("bytes", .int(Int64(TrackerEstimate.locBytes))),
      ("stationary", estimate.stationary.map(BillingView.estimateJSON) ?? .null),
      ("moving", BillingView.estimateJSON(estimate.moving)),
    ])
  }

  static func estimateTable(_ estimate: TrackerEstimate) -> Table {
    var table = Table(["FLEET", "PUBLISH EVERY", "PUBLISHES", "DATA OPS", "CELLULAR MB", "PLAN"])
    let rows: [(String, Estimate?)] = [
      ("stationary", estimate.stationary), ("always moving", estimate.moving),
    ]
    for (name, figures) in rows {
      guard let figures else {
        table.add(name, "never (interval_max 0)", "0", "0", "0", "free")
        continue
      }
      table.add(
        name, "\(figures.everySeconds) s", Figures.grouped(figures.publishes),
        Figures.grouped(figures.dataOperations), Figures.megabytes(figures.cellularBytes),
        plan(figures))
    }
    return table
  }

  private static func plan(_ estimate: Estimate) -> String {
    estimate.blocks.map {
      "growth, \($0) \(estimate.deviceClass.title) block(s), \(OrgBilling.dollars(estimate.monthlyCents))/month"
    } ?? "free"
  }
}
