import PconCore

/// `account`, `login`, `logout` and `whoami`.
enum AccountCommands {
  static let account = Command(
    "account", summary: "Create and list accounts",
    discussion:
      "An account owns sandbox devices and tokens. The first account created in an empty state directory becomes the logged-in account.",
    subcommands: [create, list])

  static let create = Command(
    "create", summary: "Create an account",
    arguments: [Argument("EMAIL", "the account's email address")],
    options: [Option("name", value: "NAME", "the person's name")],
    examples: [
      Example("pcon account create ada@example.com --name 'Ada Lovelace'", "create an account")
    ],
    permission: .open,
    action: { run in
      let account = try run.store().write { tx in
        try Accounts.create(
          email: run.argument("EMAIL"), name: run.line.value("name"), in: tx,
          random: run.context.random)
      }
      if run.wantsJSON { return run.emit(AccountView.json(account)) }
      run.print("created account \(account.email)\n")
    })

  static let list = Command(
    "list", aliases: ["ls"], summary: "List the accounts in the state directory",
    permission: Accounts.Needs.list,
    action: { run in
      let (accounts, current) = try run.read { actor, tx in
        (try Accounts.list(by: actor, in: tx), try tx.sessionAccountID())
      }
      if run.wantsJSON { return run.emit(.array(accounts.map(AccountView.json))) }
      var table = Table(["EMAIL", "NAME", "CREATED", "LOGGED IN"])
      for account in accounts {
        table.add([
          .init(account.email), .init(account.name ?? "-"), .init(Views.time(account.createdAt)),
          account.id == current ? .init("*", .green) : .init(""),
        ])
      }
      run.emit(table)
    })

  static let login = Command(
    "login", summary: "Act as an account from now on",
    arguments: [Argument("EMAIL", "an existing account's email", completion: .state(.accounts))],
    permission: .open,
    action: { run in
      let account = try run.store().write { tx in
        try Accounts.login(email: run.argument("EMAIL"), in: tx)
      }
      if run.wantsJSON { return run.emit(AccountView.json(account)) }
      run.print("logged in as \(account.email)\n")
    })

  static let logout = Command(
    "logout", summary: "Stop acting as the logged-in account",
    permission: .open,
    action: { run in
      let account = try run.store().write { tx in try Accounts.logout(in: tx) }
      if run.wantsJSON { return run.emit(.object([("logged_out", .string(account?.email))])) }
      run.print(account.map { "logged out \($0.email)\n" } ?? "nobody was logged in\n")
    })

  static let whoami = Command(
    "whoami", summary: "Show the acting identity",
    discussion:
      "Shows who a command would act as: --as, else --token or PCON_TOKEN (a person, an API user or a customer), else the logged-in account. For a person, a one-line summary of this month's free-plan usage follows on stderr, like the console's pop-up.",
    permission: .open,
    action: { run in
      let (actor, usage) = try run.store().read { tx in
        let actor = try Access.actor(run.identity, in: tx)
        guard case .person(let account) = actor else { return (actor, nil as UsageReport?) }
        return (actor, try Billing.summary(for: account, in: tx))
      }
      if run.wantsJSON {
        switch actor {
        case .person(let account):
          guard case .object(let fields) = AccountView.json(account) else { break }
          return run.emit(
            .object(
              [("type", .string("person"))] + fields
                + [("usage", usage.map(BillingView.json) ?? .null)]))
        case .apiUser(let user): return run.emit(TeamCommands.apiUserJSON(user))
        case .customer(let customer):
          return run.emit(
            .object([
              ("type", .string("customer")), ("email", .string(customer.email)),
              ("product_id", .int(customer.productID)),
            ]))
        }
      }
      if case .person(let account) = actor {
        run.print(account.email + "\n")
        // On stderr, like the console's pop-up: `$(pcon whoami)` stays the email alone.
        if let usage { run.notice(BillingView.summary(usage)) }
        return
      }
      run.print(actor.label + "\n")
    })
}
