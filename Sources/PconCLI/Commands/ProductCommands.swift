import PconCore

/// `product …` and `org …`: product fleets and the organizations that hold them.
enum ProductCommands {
  static let productArgument = Argument(
    "PRODUCT", "a product ID or slug", completion: .state(.products))

  static let product = Command(
    "product", summary: "Create, list, show and move products",
    discussion:
      "A product is a fleet of one platform with a numeric ID and a URL-safe slug, its own team and customers. The creator is its Administrator (Owner). Products on the free plan count toward their owner's 100 devices; products in an organization share the organization's blocks.",
    subcommands: [create, list, show, move])

  static let requestedID = OptionKey.integer(
    Option("id", value: "N", "ask for this numeric ID"), in: 1...Int(Int32.max))
  static let blocks = OptionKey.integer(
    Option(
      "blocks", value: "N",
      "growth-plan blocks of each device class (or of --class): 100 devices and 720,000 data operations each",
      default: "1"),
    in: 1...100_000)

  static let create = Command(
    "create", summary: "Create a product and print its numeric ID",
    arguments: [Argument("NAME", "the product's name")],
    options: [
      SharedOptions.platform.described("the one platform its devices have").required().option,
      Option("description", value: "DESCRIPTION", "a description"),
      SharedOptions.org.described("create it in this organization").option,
      requestedID.option,
    ],
    examples: [
      Example("pcon product create 'Pump monitors' --platform boron", "a product for Borons")
    ],
    permission: Products.Needs.create,
    action: { run in
      let platform = try run.required(SharedOptions.platform)
      let requested = run[requestedID]
      let product = try run.write { actor, tx in
        try Products.create(
          name: run.argument("NAME"), platform: platform,
          description: run.line.value("description"),
          org: run[SharedOptions.org], id: requested, by: actor, in: tx)
      }
      if run.wantsJSON {
        // The object `product show --json` prints, so scripts read one shape.
        let summary = try run.read { actor, tx in
          try Products.show(String(product.id), by: actor, in: tx)
        }
        return run.emit(summaryJSON(summary))
      }
      run.print("\(product.id)\n")
      run.notice(
        "created product \(product.id) (\(product.slug)) for \(product.platform?.name ?? "")")
    })

  static func summaryJSON(_ summary: Products.Summary) -> JSON {
    guard case .object(var pairs) = ProductView.json(summary.product) else { return .null }
    pairs.append(("device_count", .int(summary.devices)))
    pairs.append(("team_size", .int(summary.team)))
    pairs.append(("plan", .string(summary.plan.tier.rawValue)))
    pairs.append(("role", .string(summary.role?.name)))
    return .object(pairs)
  }

  static let list = Command(
    "list", aliases: ["ls"], summary: "List the products you can see",
    permission: Products.Needs.view,
    action: { run in
      let summaries = try run.read { actor, tx in
        try Products.list(for: actor, in: tx)
      }
      if run.wantsJSON { return run.emit(.array(summaries.map(summaryJSON))) }
      var table = Table(["ID", "SLUG", "NAME", "PLATFORM", "DEVICES", "TEAM", "PLAN", "ROLE"])
      for s in summaries {
        table.add(
          String(s.product.id), s.product.slug, s.product.name, s.product.platform?.name ?? "-",
          String(s.devices),
          String(s.team), s.plan.tier.rawValue, s.role?.name ?? "-")
      }
      run.emit(table)
    })

  static let show = Command(
    "show", summary: "Show a product",
    arguments: [productArgument],
    permission: Products.Needs.view,
    action: { run in
      let summary = try run.read { actor, tx in
        try Products.show(run.argument("PRODUCT"), by: actor, in: tx)
      }
      if run.wantsJSON { return run.emit(summaryJSON(summary)) }
      var table = Table(["FIELD", "VALUE"])
      let p = summary.product
      for (field, value) in [
        ("id", String(p.id)), ("slug", p.slug), ("name", p.name),
        ("platform", p.platform?.name ?? "-"),
        ("description", p.description ?? "-"), ("organization", p.orgID ?? "-"), ("owner", p.owner),
        ("devices", String(summary.devices)), ("team", String(summary.team)),
        ("plan", summary.plan.tier.rawValue),
        ("your role", summary.role?.title ?? "-"),
      ] {
        table.add(field, value)
      }
      run.emit(table)
    })

  static let move = Command(
    "move", summary: "Move a product into an organization",
    discussion:
      "Its ID, devices, customers and tokens stay; its devices then count against the organization's blocks.",
    arguments: [productArgument],
    options: [SharedOptions.org.described("the organization").required().option],
    permission: Products.Needs.move,
    action: { run in
      let org = try run.required(SharedOptions.org)
      let product = try run.write { actor, tx in
        try Products.move(
          run.argument("PRODUCT"), toOrg: org, by: actor,
          in: tx)
      }
      if run.wantsJSON { return run.emit(ProductView.json(product)) }
      run.print("moved product \(product.id) into \(product.orgID ?? "")\n")
    })

  static let org = Command(
    "org", summary: "Create, list and show organizations",
    discussion:
      "An organization is on the growth plan, bought in blocks of 100 devices across its products. Its team's roles apply to every product in it.",
    subcommands: [orgCreate, orgList, orgShow])

  static let orgCreate = Command(
    "create", summary: "Create an organization",
    arguments: [Argument("NAME", "the organization's name")],
    options: [blocks.option, SharedOptions.deviceClass.option],
    permission: Orgs.Needs.create,
    action: { run in
      let blocks = run[blocks] ?? 1
      let org = try run.write { actor, tx in
        try Orgs.create(
          name: run.argument("NAME"), blocks: blocks, of: run[SharedOptions.deviceClass], by: actor,
          in: tx)
      }
      if run.wantsJSON {
        // The object `org show --json` prints, so scripts read one shape.
        return run.emit(
          detailsJSON(try run.read { actor, tx in try Orgs.show(org.id, by: actor, in: tx) }))
      }
      run.print("\(org.id)\n")
      run.notice("created organization \(org.id) with \(BillingView.blocksText(org.blocks))")
    })

  static func orgJSON(_ org: Organization, role: Role, plan: Orgs.PlanView?) -> JSON {
    .object([
      ("id", .string(org.id)), ("name", .string(org.name)), ("owner", .string(org.owner)),
      ("role", .string(role.name)),
      (
        "plan",
        plan.map {
          .object([
            ("tier", .string(Plan.Tier.growth.rawValue)),
            ("blocks", .int(Int64($0.billed.total()))),
            ("blocks_by_class", BillingView.classesJSON($0.blocks)),
            ("device_limit", .int(Int64($0.deviceLimit))),
          ])
        } ?? .null
      ),
    ])
  }

  static let orgList = Command(
    "list", aliases: ["ls"], summary: "List your organizations",
    permission: Orgs.Needs.list,
    action: { run in
      let orgs = try run.read { actor, tx in try Orgs.list(for: actor, in: tx) }
      if run.wantsJSON {
        return run.emit(
          .array(
            orgs.map { orgJSON($0.0, role: $0.1, plan: $0.2) }))
      }
      var table = Table(["ID", "NAME", "ROLE"])
      for (org, role, _) in orgs { table.add(org.id, org.name, role.name) }
      run.emit(table)
    })

  /// An organization as `org show --json` (and `org create --json`) prints it.
  static func detailsJSON(_ details: Orgs.Details) -> JSON {
    guard case .object(var pairs) = orgJSON(details.org, role: details.role, plan: details.plan)
    else { return .null }
    pairs.append(
      (
        "products",
        .array(
          details.products.map {
            .object([
              ("id", .int($0.id)), ("slug", .string($0.slug)), ("name", .string($0.name)),
            ])
          })
      ))
    pairs.append(("team", .array(details.team.map(TeamCommands.memberJSON))))
    pairs.append(("devices", .int(details.devices)))
    return .object(pairs)
  }

  static let orgShow = Command(
    "show", summary: "Show an organization: products, team, and (for administrators) the plan",
    arguments: [Argument("ORG", "the organization's ID", completion: .state(.orgs))],
    permission: Orgs.Needs.view,
    action: { run in
      let details = try run.read { actor, tx in
        try Orgs.show(run.argument("ORG"), by: actor, in: tx)
      }
      if run.wantsJSON { return run.emit(detailsJSON(details)) }
      run.print(
        "\(Visible.text(details.org.name)) (\(details.org.id)), you are \(details.role.title)\n")
      if let plan = details.plan {
        run.print(
          "plan: growth, \(BillingView.blocksText(plan.billed)), \(details.devices) of \(plan.deviceLimit) devices\n"
        )
      }
      var products = Table(["PRODUCT", "SLUG", "NAME"])
      for product in details.products {
        products.add(String(product.id), product.slug, product.name)
      }
      run.print("\n")
      run.emit(products)
      run.print("\n")
      run.emit(TeamCommands.table(details.team, apiUsers: []))
    })
}
