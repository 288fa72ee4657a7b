import PconCore

/// `token create|list|revoke`: personal access tokens.
enum TokenCommands {
  static let token = Command(
    "token", summary: "Manage personal access tokens",
    discussion:
      "A token acts as its account, for scripts and CI (--token or PCON_TOKEN). Its secret is shown once, when it is created; pcon keeps only its SHA-256.",
    subcommands: [create, list, revoke])

  static let expiresIn = OptionKey.duration(
    Option(
      "expires-in", value: "DURATION",
      "expire the token after this long: seconds, or a span such as 12h or 30d (default: 90d)"),
    in: 1...100 * 365 * 86400)

  static let create = Command(
    "create", summary: "Create a token and print its secret once",
    options: [expiresIn.option],
    examples: [
      Example(
        "export PCON_TOKEN=$(pcon token create --expires-in 1h)", "a token for the next hour")
    ],
    permission: Accounts.Needs.tokens,
    action: { run in
      let expiresIn = run[expiresIn].map(Int64.init)
      let issued = try run.write { actor, tx in
        try Accounts.createToken(
          by: actor, expiresIn: expiresIn, in: tx, random: run.context.random)
      }
      if run.wantsJSON {
        guard case .object(var pairs) = Views.tokenJSON(issued.record) else { return }
        pairs.insert(("token", .string(issued.secret)), at: 1)
        return run.emit(.object(pairs))
      }
      run.print(issued.secret + "\n")
      run.notice("token \(issued.record.id) created; its secret is shown only this once")
    })

  static let list = Command(
    "list", aliases: ["ls"], summary: "List your tokens (never their secrets)",
    permission: Accounts.Needs.tokens,
    action: { run in
      let (tokens, now) = try run.read { actor, tx in
        (try Accounts.tokens(by: actor, in: tx), tx.now)
      }
      if run.wantsJSON { return run.emit(.array(tokens.map(Views.tokenJSON))) }
      var table = Table(["ID", "CREATED", "EXPIRES"])
      for token in tokens {
        let expiry =
          token.expiresAt.map {
            token.isExpired(at: now) ? "expired " + Views.time($0) : Views.time($0)
          } ?? "never"
        table.add([
          .init(token.id), .init(Views.time(token.createdAt)),
          .init(expiry, token.isExpired(at: now) ? .red : .plain),
        ])
      }
      run.emit(table)
    })

  static let revoke = Command(
    "revoke", summary: "Revoke a token at once",
    arguments: [
      Argument("TOKEN-ID", "the token's ID from 'pcon token list'", completion: .state(.tokens))
    ],
    permission: Accounts.Needs.tokens,
    action: { run in
      let token = try run.write { actor, tx in
        try Accounts.revokeToken(
          id: run.argument("TOKEN-ID"), by: actor, in: tx)
      }
      if run.wantsJSON { return run.emit(Views.tokenJSON(token)) }
      run.print("revoked token \(token.id)\n")
    })
}
