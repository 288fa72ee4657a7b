import PconCore

/// `team …` and `invite …`: who works on a product or organization, and in what role.
enum TeamCommands {
  static let scopeOptions = [SharedOptions.product.option, SharedOptions.org.option]
  static let roleNames = Role.allCases.map(\.name)
  static let roleOption = OptionKey(
    Option("role", value: "ROLE", "the role to give", allowed: roleNames, default: "developer"),
    expects: roleNames.joined(separator: ", "), parse: { try? Role.named($0) })

  static let team = Command(
    "team", summary: "Manage the team of a product or organization",
    discussion:
      "Roles, from least to most: view-only (list and show), support (also ping and call), developer (also import, edit, group, flash, publish, upload and release), administrator (also the team and product settings). The creator is Administrator (Owner): never removed or demoted, the only one with billing. An organization's roles apply to every product in it. A free-plan product's team holds at most 5 people, invitations included.",
    subcommands: [list, invite, remove, role, apiUser])

  /// A team as `--json` names it: `{"kind":"product","id":10001}` or `{"kind":"org","id":"acme"}`.
  static func teamJSON(_ scope: TeamScope) -> JSON {
    switch scope {
    case .product(let id): return .object([("kind", .string("product")), ("id", .int(id))])
    case .org(let id): return .object([("kind", .string("org")), ("id", .string(id))])
    }
  }

  /// A person on a team (or invited to it): one shape with `apiUserJSON`, told apart by `type`.
  static func memberJSON(_ member: TeamMember) -> JSON {
    .object([
      ("type", .string("person")), ("name", .string(member.email)),
      ("email", .string(member.email)), ("team", teamJSON(member.scope)),
      ("role", .string(member.role.name)), ("owner", .bool(member.isOwner)),
      ("status", .string(member.accepted ? "member" : "invited")),
      ("scopes", .null), ("is_programmatic", .bool(false)),
    ])
  }

  /// An API user on a team, in the shape of `memberJSON`; `extra` adds a freshly issued token.
  static func apiUserJSON(_ user: APIUser, extra: [(String, JSON)] = []) -> JSON {
    .object(
      [
        ("type", .string("api_user")), ("name", .string(user.name)), ("email", .null),
        ("team", teamJSON(user.scope)), ("role", .null), ("owner", .bool(false)),
        ("status", .string("programmatic")), ("scopes", .array(user.scopes.map(JSON.string))),
        ("is_programmatic", .bool(true)),
      ] + extra)
  }

  /// A declined invitation: it is gone, so its status says so.
  static func declinedJSON(_ member: TeamMember) -> JSON {
    guard case .object(let fields) = memberJSON(member) else { return memberJSON(member) }
    return .object(fields.map { $0.0 == "status" ? ("status", .string("declined")) : $0 })
  }

  static func table(_ members: [TeamMember], apiUsers: [APIUser]) -> Table {
    var table = Table(["MEMBER", "ROLE", "STATUS"])
    for member in members {
      table.add(
        member.email, member.isOwner ? "administrator (owner)" : member.role.name,
        member.accepted ? "member" : "invited")
    }
    for user in apiUsers {
      table.add(user.name, "api-user: " + user.scopes.joined(separator: ","), "programmatic")
    }
    return table
  }

  static func scope(_ run: Invocation) -> (String?, String?) {
    (run[SharedOptions.product], run[SharedOptions.org])
  }

  static let list = Command(
    "list", aliases: ["ls"], summary: "List the team, invitations and API users",
    options: scopeOptions,
    permission: Teams.Needs.view,
    action: { run in
      let (product, org) = scope(run)
      let team = try run.read { actor, tx in
        try Teams.list(product: product, org: org, by: actor, in: tx)
      }
      if run.wantsJSON {
        return run.emit(
          .array(team.members.map(memberJSON) + team.apiUsers.map { apiUserJSON($0) }))
      }
      run.emit(table(team.members, apiUsers: team.apiUsers))
    })

  static let invite = Command(
    "invite", summary: "Invite an existing account to the team",
    arguments: [Argument("EMAIL", "the account to invite", completion: .state(.accounts))],
    options: scopeOptions + [roleOption.option],
    permission: Teams.Needs.invite,
    action: { run in
      let (product, org) = scope(run)
      let member = try run.write { actor, tx in
        try Teams.invite(
          run.argument("EMAIL"), role: try run.required(roleOption),
          product: product, org: org,
          by: actor, in: tx)
      }
      if run.wantsJSON { return run.emit(memberJSON(member)) }
      run.print(
        "invited \(member.email) as \(member.role.name) to \(member.scope.label); they accept with 'pcon invite accept'\n"
      )
    })

  static let remove = Command(
    "remove", summary: "Remove a member or an invitation",
    arguments: [Argument("EMAIL", "the member", completion: .state(.accounts))],
    options: scopeOptions,
    permission: Teams.Needs.remove,
    action: { run in
      let (product, org) = scope(run)
      try run.write { actor, tx in
        try Teams.remove(
          run.argument("EMAIL"), product: product, org: org, by: actor, in: tx)
      }
      if run.wantsJSON {
        return run.emit(
          .object([("email", .string(run.argument("EMAIL"))), ("removed", .bool(true))]))
      }
      run.print("removed \(run.argument("EMAIL"))\n")
    })

  static let role = Command(
    "role", summary: "Change a member's role",
    arguments: [
      Argument("EMAIL", "the member", completion: .state(.accounts)),
      Argument("ROLE", "the new role", allowed: roleNames),
    ],
    options: scopeOptions,
    permission: Teams.Needs.update,
    action: { run in
      let (product, org) = scope(run)
      let member = try run.write { actor, tx in
        try Teams.setRole(
          run.argument("EMAIL"), try Role.named(run.argument("ROLE")), product: product, org: org,
          by: actor, in: tx)
      }
      if run.wantsJSON { return run.emit(memberJSON(member)) }
      run.print("\(member.email) is now \(member.role.name)\n")
    })

  static let scopesOption = Option(
    "scope", value: "SCOPE...",
    "API scopes such as devices:list: repeated, space- or comma-separated", many: true,
    completion: .values(Teams.scopes))

  /// Every valid scope, for help.
  static let scopeList = "The scopes: " + Teams.scopes.joined(separator: ", ") + "."

  /// The scopes the `--scope` words name.
  static func scopes(_ run: Invocation) -> [String] {
    Teams.scopes(in: run.line.values["scope"] ?? [])
  }

  static let apiUser = Command(
    "api-user",
    summary: "Manage API users: programmatic members that act with exactly their scopes",
    discussion:
      "API users are created, updated and deleted by people only (a product's Administrators): an API user's token never mints or changes a token, its own included. An API user with teams.users:invite, :update or :remove gives, changes or removes only roles whose every scope it holds, never Administrator. "
      + scopeList,
    subcommands: [apiUserCreate, apiUserUpdate, apiUserDelete])

  static func issued(_ run: Invocation, _ issued: Teams.IssuedAPIUser) {
    if run.wantsJSON {
      return run.emit(apiUserJSON(issued.user, extra: [("token", .string(issued.token))]))
    }
    run.print(issued.token + "\n")
    run.notice(
      "API user \(issued.user.name) on \(issued.user.scope.label) with \(issued.user.scopes.joined(separator: ", ")); the token is shown only this once"
    )
  }

  static let apiUserCreate = Command(
    "create", summary: "Create an API user and print its token once", discussion: scopeList,
    arguments: [Argument("NAME", "a name for the API user")],
    options: scopeOptions + [scopesOption],
    examples: [
      Example(
        "pcon team api-user create ci --product 10001 --scope devices:list --scope firmware:release",
        "a CI job's identity")
    ],
    permission: Teams.Needs.manageAPIUsers,
    action: { run in
      let (product, org) = scope(run)
      let result = try run.write { actor, tx in
        try Teams.createAPIUser(
          run.argument("NAME"), scopes: scopes(run), product: product, org: org,
          by: actor, in: tx,
          random: run.context.random)
      }
      issued(run, result)
    })

  static let apiUserUpdate = Command(
    "update", summary: "Replace an API user's scopes; its token is rotated and printed once",
    discussion: scopeList,
    arguments: [Argument("NAME", "the API user", completion: .state(.apiUsers))],
    options: scopeOptions + [scopesOption],
    permission: Teams.Needs.manageAPIUsers,
    action: { run in
      let (product, org) = scope(run)
      let result = try run.write { actor, tx in
        try Teams.updateAPIUser(
          run.argument("NAME"), scopes: scopes(run), product: product, org: org,
          by: actor, in: tx,
          random: run.context.random)
      }
      issued(run, result)
    })

  static let apiUserDelete = Command(
    "delete", summary: "Delete an API user; its token stops working at once",
    discussion: "Asks for confirmation (--yes skips it).",
    arguments: [Argument("NAME", "the API user", completion: .state(.apiUsers))],
    options: scopeOptions,
    permission: Teams.Needs.manageAPIUsers,
    action: { run in
      let (product, org) = scope(run)
      let user = try run.read { actor, tx in
        try Teams.apiUser(run.argument("NAME"), product: product, org: org, by: actor, in: tx)
      }
      try run.confirm(
        "delete API user \(user.name) of \(user.scope.label) (its token stops working at once)")
      try run.write { actor, tx in
        try Teams.deleteAPIUser(
          run.argument("NAME"), product: product, org: org, by: actor, in: tx)
      }
      run.print("deleted API user \(run.argument("NAME"))\n")
    })

  static let invites = Command(
    "invite", summary: "See and answer invitations to teams",
    subcommands: [inviteList, answer(true), answer(false)])

  static let inviteList = Command(
    "list", aliases: ["ls"], summary: "The invitations waiting for you",
    permission: Teams.Needs.respond,
    action: { run in
      let (invitations, names) = try run.read { actor, tx in
        let invitations = try Teams.invitations(for: actor, in: tx)
        return (invitations, try invitations.map { try Teams.teamName($0.scope, in: tx) })
      }
      if run.wantsJSON {
        return run.emit(
          .array(
            invitations.map {
              .object([
                ("team", teamJSON($0.scope)), ("role", .string($0.role.name)),
                ("invited_at", .string($0.since.iso8601)),
              ])
            }))
      }
      var table = Table(["TEAM", "ROLE", "INVITED"])
      for (invitation, name) in zip(invitations, names) {
        table.add(name, invitation.role.name, Views.time(invitation.since))
      }
      run.emit(table)
    })

  static func answer(_ accept: Bool) -> Command {
    Command(
      accept ? "accept" : "decline",
      summary: accept ? "Join a team you were invited to" : "Turn an invitation down",
      arguments: [
        Argument(
          "PRODUCT-OR-ORG", "the product ID or slug, or the organization",
          completion: .state(.invitations))
      ],
      permission: Teams.Needs.respond,
      action: { run in
        let member = try run.write { actor, tx in
          try Teams.answer(
            run.argument("PRODUCT-OR-ORG"), accept: accept, by: actor, in: tx)
        }
        if run.wantsJSON {
          return run.emit(accept ? memberJSON(member) : declinedJSON(member))
        }
        run.print(
          accept
            ? "joined \(member.scope.label) as \(member.role.name)\n"
            : "declined the invitation to \(member.scope.label)\n")
      })
  }
}
