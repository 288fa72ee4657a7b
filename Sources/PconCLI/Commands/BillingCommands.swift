import PconCore

/// `billing …`: usage against the plan, an organization's blocks, card and invoices, and
/// estimates.
enum BillingCommands {
  static let org = SharedOptions.org.described(
    "an organization you administer (default: your own free plan)")
  static let month = OptionKey(
    Option("month", value: "YYYY-MM", "a billing month (default: this one)"),
    expects: "a month as YYYY-MM",
    parse: { text in
      Timestamp(month: text) != nil ? text : nil
    })

  static let noticesMonth = OptionKey(
    Option("month", value: "YYYY-MM", "only this billing month's notices (default: every month)"),
    expects: "a month as YYYY-MM", parse: { Timestamp(month: $0) == nil ? nil : $0 })

  static let billing = Command(
    "billing", summary: "Usage, plan limits, blocks, card and invoices",
    discussion:
      "Every publish by a device is metered: one data operation per started 1024 bytes of data, and for a cellular device its data plus \(Meter.cellularOverheadBytes) bytes of protocol overhead. Events named particle… or spark…, handshakes, OTA updates and ingested history are free. Usage accrues to whoever pays for the device: the free plan of the account that owns it (its sandbox and free products together: 100 devices, 100,000 data operations and 100 MB of cellular data a month) or its product's organization, per device class (blocks of 100 devices, 720,000 data operations and 540 MB, 1.5 GB for trackers).\n\nAt 70, 90 and 100 % a notice is recorded once a month and printed by the command that crossed it. On the free plan, reaching 100 % starts three days of grace; then device publishes are refused until the next billing month (UTC calendar months). On the growth plan a block is added at 100 %, billed from the next month. An organization is invoiced on the 1st of each month for the blocks of the classes its products use; a failed payment is retried every three days, three times, and then the organization is suspended: reads work, changes are refused until a valid card is set.",
    subcommands: [usage, plan, upgrade, blocks, card, invoices, notices, estimate])

  static let usage = Command(
    "usage", summary: "Devices, data operations and cellular data used against the plan",
    options: [org.option, month.option],
    examples: [
      Example("pcon billing usage", "your free plan this month"),
      Example("pcon billing usage --org acme --month 2026-10", "an organization's October"),
    ],
    permission: Billing.Needs.sandbox,
    action: { run in
      let report = try run.read { actor, tx in
        try Billing.usage(org: run[org], month: run[month], by: actor, in: tx)
      }
      if run.wantsJSON { return run.emit(BillingView.json(report)) }
      run.print(BillingView.heading(report))
      run.emit(BillingView.table(report, bars: run.context.stdout.isTerminal))
    })

  static let plan = Command(
    "plan", summary: "The plan: limits, blocks, price, card and next billing date",
    options: [org.option],
    permission: Billing.Needs.sandbox,
    action: { run in
      guard let reference = run[org] else {
        let report = try run.read { actor, tx in
          try Billing.usage(org: nil, by: actor, in: tx)
        }
        let free = Allowance.free
        if run.wantsJSON {
          return run.emit(
            .object([
              ("plan", .string(report.tier.rawValue)), ("payer", .string(report.payer)),
              ("devices", .int(Int64(free.devices))),
              ("data_operations", .int(free.dataOperations)),
              ("cellular_mb", BillingView.megabytesJSON(free.cellularBytes)),
              ("status", .string(report.status.name)),
            ]))
        }
        return run.print(
          "plan: free, for \(report.payer)'s sandbox and free products together\n"
            + "limits: \(free.devices) devices, \(Figures.grouped(free.dataOperations)) data operations and \(Figures.megabytes(free.cellularBytes)) MB of cellular data a month\n"
            + "status: \(BillingView.statusText(report.status))\n")
      }
      let details = try run.read { actor, tx in
        try Billing.plan(org: reference, by: actor, in: tx)
      }
      if run.wantsJSON {
        return run.emit(
          .object([
            ("plan", .string(Plan.Tier.growth.rawValue)), ("org", .string(details.org.id)),
            ("blocks", .int(Int64(details.billed.total()))),
            ("blocks_by_class", BillingView.classesJSON(details.org.blocks)),
            ("billed_by_class", BillingView.classesJSON(details.billed)),
            ("monthly_cents", .int(details.monthlyCents)),
            ("next_billing_date", .string(details.nextBillingDate.iso8601)),
            (
              "card",
              details.card.map {
                .object([("last4", .string($0.last4)), ("expires", .string($0.expires))])
              } ?? .null
            ),
            ("status", .string(details.status.name)),
          ]))
      }
      var table = Table(["CLASS", "BLOCKS", "BILLED", "DEVICES", "DATA OPERATIONS", "CELLULAR MB"])
      for deviceClass in DeviceClass.allCases {
        let held = details.org.blocks[deviceClass]
        let allowed = Allowance.blocks(held, of: deviceClass)
        table.add(
          deviceClass.title, String(held), details.billed[deviceClass] > 0 ? "yes" : "no",
          Figures.grouped(Int64(allowed.devices)), Figures.grouped(allowed.dataOperations),
          Figures.megabytes(allowed.cellularBytes))
      }
      run.print("organization: \(details.org.id)\nplan: growth\n\n")
      run.emit(table)
      run.print(
        "\nmonthly: \(OrgBilling.dollars(details.monthlyCents)) for \(Views.count(details.billed.total(), "block")), next billed \(Views.time(details.nextBillingDate))\n"
          + "card: \(details.card.map { "ending \($0.last4), expires \($0.expires)" } ?? "none")\n"
          + "status: \(BillingView.statusText(details.status))\n")
    })

  static let upgrade = Command(
    "upgrade", summary: "Move to the growth plan: make an organization of your free products",
    discussion:
      "Makes an organization with you as its Administrator and moves every free product you own into it; their devices and usage from now on count against its blocks, and a grace or pause of the free plan no longer stops them. Your sandbox devices stay on the free plan, which does not count against the organization. Without --blocks, each class its products use gets as many blocks as its devices need (at least one).",
    options: [
      OptionKey(Option("org-name", value: "NAME", "the new organization's name")).required()
        .option,
      upgradeBlocks.option,
    ],
    examples: [
      Example(
        "pcon billing upgrade --org-name 'Acme Fleet' --blocks 2",
        "an organization with two blocks of each class its products use")
    ],
    permission: Billing.Needs.upgrade,
    action: { run in
      let (org, moved) = try run.write { actor, tx in
        try Billing.upgrade(
          orgName: run.line.value("org-name") ?? "", blocks: run[upgradeBlocks],
          by: actor, in: tx)
      }
      if run.wantsJSON {
        return run.emit(
          .object([
            ("org", .string(org.id)), ("blocks_by_class", BillingView.classesJSON(org.blocks)),
            ("moved_products", .array(moved.map { .int(Int64($0.id)) })),
          ]))
      }
      run.print("\(org.id)\n")
      run.notice(
        "created organization \(org.id) on the growth plan and moved \(Views.count(moved.count, "product")) into it"
          + (moved.isEmpty ? "" : ": " + moved.map(\.slug).joined(separator: ", ")))
      if moved.isEmpty {
        run.warn(
          "you own no free products, so the organization has none yet: create one with 'pcon product create NAME --platform P --org \(org.id)'"
        )
      }
    })

  static let upgradeBlocks = OptionKey.integer(
    Option(
      "blocks", value: "N",
      "blocks of each device class its products use (default: as many as their devices need)"),
    in: 1...BlockCounts.maximum)

  static let blocks = Command(
    "blocks", summary: "Add growth-plan blocks", subcommands: [blocksAdd])

  static let blocksAdd = Command(
    "add", summary: "Add blocks of a device class to an organization",
    discussion:
      "Blocks added now are billed from the next billing date. Without --class, the blocks are for the one device class the organization's products use.",
    arguments: [Argument("N", "how many blocks")],
    options: [
      SharedOptions.org.described("the organization").required().option,
      SharedOptions.deviceClass.option,
    ],
    examples: [
      Example("pcon billing blocks add 2 --org acme --class cellular", "two more cellular blocks")
    ],
    permission: Billing.Needs.blocks,
    action: { run in
      let word = run.argument("N")
      guard let count = Int(word), (1...BlockCounts.maximum).contains(count) else {
        throw UsageError(
          "N '\(Visible.text(word))' is not a whole number from 1 to \(BlockCounts.maximum)",
          path: run.line.path)
      }
      let (org, deviceClass, inUse) = try run.write { actor, tx in
        try Billing.addBlocks(
          count, of: run[SharedOptions.deviceClass], org: try run.required(SharedOptions.org),
          by: actor, in: tx)
      }
      if run.wantsJSON {
        return run.emit(
          .object([
            ("org", .string(org.id)), ("class", .string(deviceClass.rawValue)),
            ("blocks_by_class", BillingView.classesJSON(org.blocks)),
          ]))
      }
      run.print(
        "organization \(org.id) now has \(org.blocks[deviceClass]) \(deviceClass.title) block(s)\n")
      run.notice(
        inUse
          ? "they are billed from the next billing date"
          : "it has no \(deviceClass.title) product yet: these blocks are billed once it has one")
    })

  static let card = Command(
    "card", summary: "Set the card an organization pays with", subcommands: [cardSet])

  static let cardSet = Command(
    "set", summary: "Set an organization's card; unpaid invoices are charged at once",
    discussion:
      "Only the last four digits and the expiry are kept. Setting a valid card retries every unpaid invoice at once, which lifts a suspension. Without --org, the one organization you administer.",
    options: [
      OptionKey(Option("number-last4", value: "NNNN", "the card number's last four digits"))
        .required().option,
      OptionKey(Option("expires", value: "MM/YY", "the expiry month")).required().option,
      SharedOptions.org.described("the organization (default: the one you administer)").option,
    ],
    examples: [
      Example(
        "pcon billing card set --number-last4 4242 --expires 12/28 --org acme",
        "the card ending 4242, valid through December 2028")
    ],
    permission: Billing.Needs.card,
    action: { run in
      let (org, record, paid) = try run.write { actor, tx in
        try Billing.setCard(
          last4: run.line.value("number-last4") ?? "", expires: run.line.value("expires") ?? "",
          org: run[SharedOptions.org], by: actor, in: tx)
      }
      if run.wantsJSON {
        return run.emit(
          .object([
            ("org", .string(org.id)), ("last4", .string(record.card?.last4)),
            ("expires", .string(record.card?.expires)),
            ("suspended", .bool(record.isSuspended)),
            ("unpaid_invoices", .int(Int64(record.invoices.filter { $0.status != .paid }.count))),
          ]))
      }
      run.print(
        "card ending \(record.card?.last4 ?? "") set for organization \(org.id)\n")
      if !paid.isEmpty {
        run.notice(
          "paid \(Views.count(paid.count, "invoice")) at once"
            + (record.isSuspended ? "" : "; nothing is left unpaid"))
      }
    })

  static let invoices = Command(
    "invoices", aliases: ["invoice"], summary: "An organization's invoices and their payment",
    options: [org.option],
    permission: Billing.Needs.sandbox,
    action: { run in
      let invoices = try run.read { actor, tx in
        try Billing.invoices(org: run[org], by: actor, in: tx)
      }
      if run.wantsJSON { return run.emit(.array(invoices.map(BillingView.invoiceJSON))) }
      if invoices.isEmpty && run[org] == nil {
        run.notice("the free plan has no invoices; pass --org for an organization's")
      }
      run.emit(BillingView.invoiceTable(invoices))
    })

  static let notices = Command(
    "notices", summary: "Usage warnings, blocks added and payment notices",
    discussion:
      "What the console would email and pop up: 70, 90 and 100 % of a limit, the free plan's grace, blocks added at the limit, invoices, failed payments and suspension.",
    options: [org.option, noticesMonth.option],
    permission: Billing.Needs.sandbox,
    action: { run in
      let notices = try run.read { actor, tx in
        try Billing.notices(org: run[org], month: run[noticesMonth], by: actor, in: tx)
      }
      if run.wantsJSON { return run.emit(.array(notices.map(BillingView.noticeJSON))) }
      if notices.isEmpty { run.notice("no billing notices yet") }
      run.emit(BillingView.noticeTable(notices))
    })

  static let estimate = Command(
    "estimate", summary: "Data operations and cellular data a fleet would use in a month",
    discussion:
      "For N devices each publishing B bytes every DURATION over a \(Estimate.monthDays)-day month: the data operations and cellular data, and the plan (and number of blocks) that carries them without reaching a limit. 'pcon simulate' over 30 days gives the same figures.",
    options: [
      devicesKey.required().option, everyKey.required().option, bytesKey.option,
      estimateClass.option,
    ],
    examples: [
      Example(
        "pcon billing estimate --devices 100 --every 1m --bytes 200",
        "100 cellular devices sending 200 bytes a minute")
    ],
    permission: Billing.Needs.estimate,
    action: { run in
      let estimate = try Estimate.make(
        devices: run[devicesKey] ?? 1, everySeconds: Int64(run[everyKey] ?? 60),
        bytes: run[bytesKey] ?? 0, deviceClass: run[SharedOptions.deviceClass] ?? .cellular)
      if run.wantsJSON { return run.emit(BillingView.estimateJSON(estimate)) }
      run.print(BillingView.estimateText(estimate))
    })

  static let estimateClass = OptionKey<DeviceClass>(
    enumeration: Option("class", value: "CLASS", "the devices' class", default: "cellular"))

  static let devicesKey = OptionKey.integer(
    Option("devices", value: "N", "how many devices"), in: 1...1_000_000)
  static let everyKey = OptionKey.duration(
    Option("every", value: "DURATION", "how often each device publishes (30s, 5m, 1h)"),
    in: 1...31_536_000)
  static let bytesKey = OptionKey.integer(
    Option("bytes", value: "B", "bytes of data in each publish", default: "0"),
    in: 0...EventRules.maxDataBytes)
}
