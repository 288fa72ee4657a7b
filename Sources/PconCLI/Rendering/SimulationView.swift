import PconCore

/// How `simulate` shows a run: a day-by-day table, the notices on their days, and the bill.
enum SimulationView {
  /// The day table; a REFUSED column only when something was refused.
  static func table(_ summary: Simulation.Summary) -> Table {
    let refused = summary.refused > 0
    var table = Table(
      ["DAY", "EVENTS"] + (refused ? ["REFUSED"] : [])
        + ["DATA OPERATIONS", "% OF PLAN", "NOTICES"])
    for day in summary.days {
      var cells: [Table.Cell] = [.init(day.date), .init(Figures.grouped(day.events))]
      if refused {
        cells.append(.init(Figures.grouped(day.refused), day.refused > 0 ? .red : .plain))
      }
      cells += [
        .init(Figures.grouped(day.dataOperations)),
        .init("\(day.percentOfPlan)%", BillingView.style(day.percentOfPlan)),
        .init(day.notices.isEmpty ? "-" : String(day.notices.count)),
      ]
      table.add(cells)
    }
    return table
  }

  /// The notices, each on its day, then the totals and each payer's bill.
  static func text(_ summary: Simulation.Summary) -> String {
    var out = ""
    let notices = summary.days.flatMap(\.notices)
    if !notices.isEmpty {
      out += "\nnotices:\n"
      for notice in notices { out += "  \(Views.time(notice.at))  \(notice.message)\n" }
    }
    out +=
      "\n\(Figures.grouped(summary.events)) event\(summary.events == 1 ? "" : "s") from \(Views.count(summary.devices, "device")) between \(Views.time(summary.start)) and \(Views.time(summary.end)): \(Figures.grouped(summary.dataOperations)) data operations, \(Figures.megabytes(summary.cellularBytes)) MB of cellular data"
    if summary.refused > 0 {
      out += "; \(Figures.grouped(summary.refused)) refused while data was stopped"
    }
    out += "\n"
    if !summary.silent.isEmpty {
      out +=
        "\(summary.silent.map(Visible.text).joined(separator: ", ")) sent nothing: in shipping mode until it connects again\n"
    }
    for bill in summary.bills {
      switch bill.tier {
      case .free:
        out += "bill for \(bill.payer): free plan, $0.00; \(BillingView.statusText(bill.status))\n"
      default:
        for invoice in bill.invoices {
          out +=
            "invoice \(invoice.number) for \(invoice.period): \(OrgBilling.dollars(invoice.amountCents)), \(invoice.status.rawValue)\n"
        }
        out +=
          "next invoice for organization \(bill.payer) on \(Views.time(bill.nextInvoiceAt)): \(BillingView.blocksText(bill.billed ?? BlockCounts(each: 0))), \(OrgBilling.dollars(bill.amountCents)); \(BillingView.statusText(bill.status))\n"
      }
    }
    return out
  }

  /// The run as `--json` gives it.
  static func json(_ summary: Simulation.Summary) -> JSON {
    .object([
      ("start", .string(summary.start.iso8601)), ("end", .string(summary.end.iso8601)),
      ("devices", .int(Int64(summary.devices))),
      (
        "days",
        .array(
          summary.days.map { day in
            .object([
              ("date", .string(day.date)), ("events", .int(day.events)),
              ("refused", .int(day.refused)), ("data_operations", .int(day.dataOperations)),
              ("cellular_mb", BillingView.megabytesJSON(day.cellularBytes)),
              ("percent_of_plan", .int(Int64(day.percentOfPlan))),
              ("notices", .array(day.notices.map(BillingView.noticeJSON))),
            ])
          })
      ),
      (
        "totals",
        .object([
          ("events", .int(summary.events)), ("refused", .int(summary.refused)),
          ("data_operations", .int(summary.dataOperations)),
          ("cellular_mb", BillingView.megabytesJSON(summary.cellularBytes)),
          ("first_id", .int(summary.firstID.map { Int($0) })),
          ("last_id", .int(summary.lastID.map { Int($0) })),
        ])
      ),
      ("silent", .array(summary.silent.map(JSON.string))),
      ("bills", .array(summary.bills.map(billJSON))),
    ])
  }

  private static func billJSON(_ bill: Simulation.Bill) -> JSON {
    .object([
      ("payer", .string(bill.payer)), ("plan", .string(bill.tier.rawValue)),
      ("status", .string(bill.status.name)),
      ("blocks", bill.blocks.map(BillingView.classesJSON) ?? .null),
      ("billed", bill.billed.map(BillingView.classesJSON) ?? .null),
      ("next_invoice_at", .string(bill.nextInvoiceAt.iso8601)),
      ("amount_cents", .int(bill.amountCents)),
      ("invoices", .array(bill.invoices.map(BillingView.invoiceJSON))),
    ])
  }
}
