import PconCore

/// `integration …`: webhooks that send matching events to a URL, defined by flags or in
/// Particle's webhook JSON.
enum IntegrationCommands {
  static let idArgument = Argument("ID", "the integration's ID (24 hex digits)")
  static let event = Option(
    "event", value: "PREFIX", "the event name prefix it watches (case-sensitive)")
  static let url = Option(
    "url", value: "URL", "where it sends: http:// or https://, templates allowed in path and query")
  static let product = SharedOptions.product.described(
    "the product whose devices' events it watches")
  static let device = SharedOptions.device.described(
    "a sandbox hook's one device to watch ('' for all)")
  static let method = Option(
    "method", value: "METHOD", "the HTTP method (default POST)",
    allowed: Webhook.Method.allCases.map(\.rawValue))
  static let json = Option(
    "json", value: "TEMPLATE", "send a JSON body: an object, or a template string")
  static let form = Option(
    "form", value: "K=V", "send a form field (repeat for more)", repeatable: true)
  static let body = Option("body", value: "TEMPLATE", "send this body as it is")
  static let query = Option(
    "query", value: "K=V", "add a query parameter (repeat for more)", repeatable: true)
  static let header = Option(
    "header", value: "K:V", "add a request header (repeat for more)", repeatable: true)
  static let name = Option("name", value: "NAME", "its name (default '<event> for <host>')")
  static let defaults = Option(
    "defaults", "send the default fields event, data, published_at, coreid (--no-defaults: not)",
    negatable: true)
  static let responseTopic = Option("response-topic", value: "TOPIC", "the response event's name")
  static let errorTopic = Option("error-topic", value: "TOPIC", "the error event's name")
  static let disabled = Option(
    "disabled", "make it disabled (--no-disabled: enabled)", negatable: true)
  static let fromFile = Option(
    "from-file", value: "FILE", "Particle's webhook JSON ('-' for standard input)",
    completion: .file)

  /// The options that define a hook; `--from-file` takes the place of all of them.
  static let definitionOptions = [
    event, url, device.option, method, json, form, body, query, header, name, defaults,
    responseTopic,
    errorTopic, disabled,
  ]

  static let integration = Command(
    "integration", summary: "Webhooks: send matching events to a URL",
    discussion:
      "A webhook watches events whose names begin with its event prefix (case-sensitive): a sandbox hook its owner's devices (or one of them), a product hook the product's devices. Definitions use Particle's webhook JSON: 'show --json' prints it and 'create --from-file' reads it, so a hook can be copied, edited and made again. Templates ({{PARTICLE_EVENT_VALUE}} and the like) may be used in the URL's path and query, the body, fields, headers and topics. Here --json names the JSON body template; output is text.",
    subcommands: [
      create, list, show, edit, delete, enable, disable, IntegrationDeliveryCommands.test,
      IntegrationDeliveryCommands.deliver, IntegrationDeliveryCommands.history,
    ])

  static let create = Command(
    "create", summary: "Create a webhook from flags or Particle's webhook JSON",
    discussion:
      "Give --event and --url (and the rest as needed), or --from-file with the JSON the console's custom template or 'particle webhook create' takes. At most one of --json, --form and --body. Prints the new integration's ID. A new hook sees only events published after it is made.",
    options: [product.option, fromFile] + definitionOptions,
    examples: [
      Example(
        "pcon integration create --event temp --url https://example.com/in --product 10001",
        "send every 'temp…' event of a product's devices"),
      Example(
        "pcon integration show ID --json | pcon integration create --from-file -", "copy a hook"),
    ],
    permission: Webhooks.Needs.create,
    action: { run in
      let definition = try definition(run)
      let hook = try run.write { actor, tx in
        try Webhooks.create(
          definition, product: run[product], by: actor, in: tx, random: run.context.random)
      }
      run.print(hook.id + "\n")
    })

  static let list = Command(
    "list", aliases: ["ls"], summary: "List the webhooks you can see",
    discussion: "Your sandbox's hooks, then each product's you have a role on.",
    permission: Webhooks.Needs.list,
    action: { run in
      let hooks = try run.read { actor, tx in try Webhooks.list(by: actor, in: tx) }
      if run.wantsJSON { return run.emit(.array(hooks.map(WebhookJSON.particle))) }
      run.emit(IntegrationView.table(hooks))
    })

  static let show = Command(
    "show", summary: "Show a webhook",
    discussion:
      "The table masks the password and credential-like header and query values; --json prints Particle's webhook JSON whole, which 'create --from-file' reads back.",
    arguments: [idArgument],
    permission: Webhooks.Needs.get,
    action: { run in
      let hook = try run.read { actor, tx in
        try Webhooks.show(run.argument("ID"), by: actor, in: tx)
      }
      if run.wantsJSON { return run.emit(WebhookJSON.particle(hook)) }
      run.emit(IntegrationView.detail(hook))
    })

  static let edit = Command(
    "edit", summary: "Change a webhook's fields, or replace it with --from-file",
    discussion:
      "Flags change those fields and leave the rest. --from-file replaces the whole definition, as Particle's edit does; the ID, owner and creation time stay. '' clears --response-topic, --error-topic and --device.",
    arguments: [idArgument],
    options: [fromFile] + definitionOptions,
    permission: Webhooks.Needs.update,
    action: { run in
      let id = run.argument("ID")
      let hook: Webhook
      if run.line.value("from-file") != nil {
        let definition = try definition(run)
        hook = try run.write { actor, tx in
          try Webhooks.replace(id, with: definition, by: actor, in: tx)
        }
      } else {
        let changes = try changes(run)
        hook = try run.write { actor, tx in try Webhooks.edit(id, changes, by: actor, in: tx) }
      }
      run.print("edited integration \(hook.id)\n")
    })

  static let delete = Command(
    "delete", aliases: ["rm"], summary: "Delete a webhook",
    discussion: "Asks first (--yes skips the question).",
    arguments: [idArgument],
    permission: Webhooks.Needs.remove,
    action: { run in
      let id = run.argument("ID")
      if !run.line.flag("yes") {
        let hook = try run.read { actor, tx in try Webhooks.deletion(id, by: actor, in: tx) }
        try run.confirm("delete integration \(hook.id) (\(hook.name))")
      }
      let hook = try run.write { actor, tx in try Webhooks.delete(id, by: actor, in: tx) }
      if run.wantsJSON {
        return run.emit(.object([("id", .string(hook.id)), ("deleted", .bool(true))]))
      }
      run.print("deleted integration \(hook.id)\n")
    })

  static let enable = switchCommand(
    "enable", enabled: true,
    summary: "Turn a webhook on; it sees only events published from now on")
  static let disable = switchCommand("disable", enabled: false, summary: "Turn a webhook off")

  private static func switchCommand(_ name: String, enabled: Bool, summary: String) -> Command {
    Command(
      name, summary: summary, arguments: [idArgument], permission: Webhooks.Needs.update,
      action: { run in
        let change = try run.write { actor, tx in
          try Webhooks.setEnabled(run.argument("ID"), enabled, by: actor, in: tx)
        }
        let state = enabled ? "enabled" : "disabled"
        if run.wantsJSON {
          return run.emit(
            .object([
              ("id", .string(change.hook.id)), ("disabled", .bool(change.hook.disabled)),
              ("changed", .bool(change.changed)),
            ]))
        }
        run.print(
          change.changed
            ? "\(state) integration \(change.hook.id)\n"
            : "integration \(change.hook.id) was already \(state); nothing changed\n")
      })
  }

  // MARK: Reading the line

  /// The definition the line gives: the file, or the flags.
  private static func definition(_ run: Invocation) throws -> WebhookJSON.Definition {
    if let path = run.line.value("from-file") {
      if let given = definitionOptions.first(where: { given(run, $0) }) {
        throw UsageError(
          "--from-file gives the whole definition; --\(given.long) cannot be added to it",
          path: run.line.path)
      }
      var source = try run.input(path)
      let bytes = try source.readAll(limit: 1 << 20)
      return try WebhookJSON.definition(bytes: bytes, name: source.name)
    }
    guard let eventName = run.line.value("event") else {
      throw UsageError("missing --event (or --from-file)", path: run.line.path)
    }
    guard let target = run.line.value("url") else {
      throw UsageError("missing --url (or --from-file)", path: run.line.path)
    }
    let changes = try changes(run)
    var hook = Webhook(
      id: "", owner: .account(id: ""), name: changes.name ?? "", event: eventName, url: target,
      method: changes.method ?? .post, payload: changes.payload ?? .none,
      query: changes.query ?? [],
      headers: changes.headers ?? [], disabled: changes.disabled ?? false,
      noDefaults: changes.noDefaults ?? false, createdAt: Timestamp(millisecondsSince1970: 0))
    hook.responseTopic = changes.responseTopic.flatMap { $0.isEmpty ? nil : $0 }
    hook.errorResponseTopic = changes.errorResponseTopic.flatMap { $0.isEmpty ? nil : $0 }
    return WebhookJSON.Definition(
      hook: hook, productID: nil, device: changes.device.flatMap { $0.isEmpty ? nil : $0 })
  }

  /// The fields the line's flags set.
  private static func changes(_ run: Invocation) throws -> Webhooks.Changes {
    let line = run.line
    var changes = Webhooks.Changes()
    changes.event = line.value("event")
    changes.url = line.value("url")
    changes.method = line.value("method").flatMap { Webhook.Method(rawValue: $0.uppercased()) }
    changes.name = line.value("name")
    changes.responseTopic = line.value("response-topic")
    changes.errorResponseTopic = line.value("error-topic")
    changes.device = line.value("device")
    changes.noDefaults = line.flags["defaults"].map { !$0 }
    changes.disabled = line.flags["disabled"]
    let payloads = ["json", "form", "body"].filter { line.values[$0] != nil }
    guard payloads.count <= 1 else {
      throw UsageError(
        "--\(payloads[0]) and --\(payloads[1]) exclude each other: a webhook sends one kind of body",
        path: line.path)
    }
    if let text = line.value("json") {
      // An object is kept as one; anything else is a template that may be JSON once expanded.
      if let parsed = try? JSONParser.parse(text), case .object = parsed {
        changes.payload = .json(parsed)
      } else {
        changes.payload = .json(.string(text))
      }
    }
    if let fields = line.values["form"] {
      changes.payload = .form(try pairs(fields, "form", "=", run))
    }
    if let text = line.value("body") { changes.payload = .body(text) }
    if let fields = line.values["query"] { changes.query = try pairs(fields, "query", "=", run) }
    if let fields = line.values["header"] {
      changes.headers = try pairs(fields, "header", ":", run).map {
        ($0.0, String($0.1.drop { $0 == " " }))
      }
    }
    return changes
  }

  /// `K=V` (or `K:V`) words split at the first separator.
  private static func pairs(
    _ words: [String], _ option: String, _ separator: Character, _ run: Invocation
  ) throws -> [(String, String)] {
    try words.map { word in
      guard let at = word.firstIndex(of: separator), at != word.startIndex else {
        throw UsageError(
          "--\(option) '\(Visible.text(word))' is not NAME\(separator)VALUE", path: run.line.path)
      }
      return (String(word[..<at]), String(word[word.index(after: at)...]))
    }
  }

  private static func given(_ run: Invocation, _ option: Option) -> Bool {
    run.line.values[option.long] != nil || run.line.flags[option.long] != nil
  }
}
