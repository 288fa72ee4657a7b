import PconCore

/// `customer …` and `oauth-client …`: a product's customers and its apps.
enum CustomerCommands {
  static let product = SharedOptions.product.described("the product").required()
  static let productOption = product.option
  static let expiresIn = OptionKey.duration(
    Option(
      "expires-in", value: "DURATION", "lifetime: seconds or a span such as 30d", default: "90d"),
    in: 1...10 * 365 * 86400)
  static let clientType = OptionKey(
    Option(
      "type", value: "TYPE", "installed (mobile) or web", allowed: ["installed", "web"],
      required: true))

  static let customer = Command(
    "customer", summary: "Manage a product's customers",
    discussion:
      "Customers own the product devices they claim and, with a customer token, see those devices only: everything else is not found to them.",
    subcommands: [create, list, delete, token, claim])

  static let create = Command(
    "create", summary: "Create a customer (simple auth, or --no-password for two-legged)",
    arguments: [Argument("EMAIL", "the customer's email")],
    options: [productOption, Option("no-password", "two-legged: the customer has no password")],
    permission: Customers.Needs.manage,
    action: { run in
      let customer = try run.write { actor, tx in
        try Customers.create(
          run.argument("EMAIL"), product: try run.required(product),
          password: !run.line.flag("no-password"),
          by: actor, in: tx)
      }
      if run.wantsJSON { return run.emit(customerJSON(customer, devices: [])) }
      run.print("created customer \(customer.email) of product \(customer.productID)\n")
    })

  /// A customer as `customer list --json` (and `customer create --json`) prints it.
  static func customerJSON(_ customer: Customer, devices: [Device]) -> JSON {
    .object([
      ("email", .string(customer.email)), ("product_id", .int(customer.productID)),
      ("devices", .array(devices.map { .string($0.id) })),
    ])
  }

  static let list = Command(
    "list", aliases: ["ls"], summary: "List customers and the devices they claimed",
    options: [productOption],
    permission: Customers.Needs.view,
    action: { run in
      let customers = try run.read { actor, tx in
        try Customers.list(
          product: try run.required(product), by: actor, in: tx)
      }
      if run.wantsJSON {
        return run.emit(
          .array(
            customers.map { customerJSON($0.0, devices: $0.1) }))
      }
      var table = Table(["EMAIL", "DEVICES"])
      for (customer, devices) in customers {
        // Names for people, IDs where a device has none; --json keeps the IDs.
        table.add(customer.email, devices.map { $0.name ?? $0.id }.joined(separator: ","))
      }
      run.emit(table)
    })

  static let delete = Command(
    "delete", summary: "Delete a customer and revoke its tokens",
    discussion:
      "Asks for confirmation (--yes skips it), saying how many devices it unclaims and how many tokens it revokes. The devices stay in the product, unclaimed.",
    arguments: [Argument("EMAIL", "the customer", completion: .state(.customers))],
    options: [productOption],
    permission: Customers.Needs.remove,
    action: { run in
      let deletion = try run.read { actor, tx in
        try Customers.deletion(
          of: run.argument("EMAIL"), product: try run.required(product), by: actor, in: tx)
      }
      try run.confirm(
        "delete customer \(deletion.email), unclaiming \(Views.count(deletion.devices, "device")) and revoking \(Views.count(deletion.tokens, "token"))"
      )
      try run.write { actor, tx in
        try Customers.delete(
          run.argument("EMAIL"), product: try run.required(product),
          by: actor, in: tx)
      }
      run.print("deleted customer \(run.argument("EMAIL"))\n")
    })

  static let token = Command(
    "token", summary: "Create a token for one customer and print it once",
    arguments: [Argument("EMAIL", "the customer", completion: .state(.customers))],
    options: [
      productOption, expiresIn.option,
    ],
    permission: Customers.Needs.manage,
    action: { run in
      let expires = run[expiresIn].map(Int64.init)
      let (record, secret) = try run.write { actor, tx in
        try Customers.token(
          for: run.argument("EMAIL"), product: try run.required(product), expiresIn: expires,
          by: actor,
          in: tx, random: run.context.random)
      }
      if run.wantsJSON {
        return run.emit(
          .object([
            ("id", .string(record.id)), ("token", .string(secret)),
            ("expires_at", .string(record.expiresAt.iso8601)),
          ]))
      }
      run.print(secret + "\n")
      run.notice(
        "token for \(record.email), expires \(record.expiresAt.iso8601); shown only this once")
    })

  static let claim = Command(
    "claim",
    summary: "Give a product device to a customer (or to an account: single-account claiming)",
    arguments: [
      DeviceCommands.deviceArgument,
      Argument(
        "EMAIL", "a customer of the product, or an account", completion: .state(.customers)),
    ],
    options: [productOption],
    permission: Customers.Needs.manage,
    action: { run in
      let device = try run.write { actor, tx in
        try Customers.claim(
          run.argument("DEVICE"), for: run.argument("EMAIL"),
          product: try run.required(product), by: actor, in: tx)
      }
      if run.wantsJSON { return run.emit(DeviceView.json(device)) }
      run.print("\(device.id) is claimed by \(device.owner ?? "")\n")
    })

  static let oauthClient = Command(
    "oauth-client", summary: "Manage the OAuth clients of a product's apps",
    subcommands: [oauthCreate, oauthList, oauthDelete])

  /// An OAuth client as `list --json` shows it; `create --json` adds the secret.
  static func clientJSON(_ client: OAuthClient) -> [(String, JSON)] {
    [
      ("id", .string(client.id)), ("name", .string(client.name)), ("type", .string(client.type)),
      ("redirect_uri", client.redirectURI.map(JSON.string) ?? .null),
      ("product_id", .int(client.productID)), ("created_at", .string(client.createdAt.iso8601)),
    ]
  }

  static let oauthList = Command(
    "list", aliases: ["ls"], summary: "List a product's OAuth clients (never their secrets)",
    options: [productOption],
    permission: Customers.Needs.viewClients,
    action: { run in
      let clients = try run.read { actor, tx in
        try Customers.clients(product: try run.required(product), by: actor, in: tx)
      }
      if run.wantsJSON { return run.emit(.array(clients.map { .object(clientJSON($0)) })) }
      var table = Table(["ID", "NAME", "TYPE", "REDIRECT URI", "CREATED"])
      for client in clients {
        table.add(
          client.id, client.name, client.type, client.redirectURI ?? "-",
          Views.time(client.createdAt))
      }
      run.emit(table)
    })

  static let oauthDelete = Command(
    "delete", summary: "Delete an OAuth client; apps using it can no longer sign customers in",
    arguments: [Argument("ID", "the client's ID from 'pcon oauth-client list'")],
    options: [productOption],
    permission: Customers.Needs.removeClients,
    action: { run in
      let client = try run.write { actor, tx in
        try Customers.deleteClient(
          run.argument("ID"), product: try run.required(product), by: actor, in: tx)
      }
      if run.wantsJSON {
        return run.emit(.object([("id", .string(client.id)), ("deleted", .bool(true))]))
      }
      run.print("deleted OAuth client \(client.id) (\(client.name))\n")
    })

  static let oauthCreate = Command(
    "create", summary: "Create an OAuth client; its secret is printed once",
    arguments: [Argument("NAME", "the client's name")],
    options: [
      productOption,
      clientType.option,
      Option("redirect-uri", value: "URI", "where a web client's users return (https)"),
    ],
    permission: Customers.Needs.clients,
    action: { run in
      let (client, secret) = try run.write { actor, tx in
        try Customers.createClient(
          run.argument("NAME"), product: try run.required(product),
          type: try run.required(clientType),
          redirectURI: run.line.value("redirect-uri"), by: actor, in: tx,
          random: run.context.random)
      }
      if run.wantsJSON {
        return run.emit(.object(clientJSON(client) + [("secret", .string(secret))]))
      }
      run.print("id: \(client.id)\nsecret: \(secret)\n")
      run.notice("the secret is shown only this once")
    })
}
