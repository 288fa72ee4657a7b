import PconCore

/// Answers `pcon __complete WORDS…`: the candidates for the last word, from the command table
/// and, for values that live in the state, from the state directory.
enum Completer {
  /// Printed alone when the shell should complete file or directory names itself.
  static let filesDirective = "::files"
  static let directoriesDirective = "::dirs"

  /// Candidates for the last of `words` (argv after `pcon`, the last word possibly empty).
  /// With `describe`, a command or option is followed by a tab and its summary, which zsh and
  /// fish show beside it.
  static func complete(
    _ words: [String], root: Command, describe: Bool = false,
    stateValues: (StateValues, [String]) -> [String]
  ) -> [String] {
    func described(_ name: String, _ summary: String) -> String {
      describe ? name + "\t" + summary : name
    }
    var words = words
    let current = words.popLast() ?? ""
    // The same scan the parser runs, tolerant of a line still being typed, so completion
    // sees the command, the option awaiting a value and the positional index as parsing will.
    let scan =
      (try? Parser(root: root).scan(words, tolerant: true))
      ?? Parser.Scan(
        line: ParsedLine(command: root))
    let node = scan.line.command
    var expecting = scan.awaiting
    let positionals = scan.positionals.count
    let optionsEnded = scan.optionsEnded
    var valuePrefix = ""
    var currentWord = current

    func options() -> [Option] { node.options + GlobalOptions.available(to: node) }

    if expecting == nil, !optionsEnded, current.hasPrefix("--"), current.contains("=") {
      let name = String(current.dropFirst(2).prefix { $0 != "=" })
      if let option = options().first(where: { $0.long == name }), !option.isFlag {
        expecting = option
        valuePrefix = "--\(name)="
        currentWord = String(current.drop { $0 != "=" }.dropFirst())
      }
    }
    if expecting != nil, currentWord == "=" { currentWord = "" }

    let completion: ValueCompletion
    var subcommands: [String] = []
    // A word such as `-event:x` is a negated filter term where the command takes a query.
    let takesQuery = node.arguments.contains { $0.completion == .state(.query) }
    if let option = expecting {
      completion = option.completion
    } else if !optionsEnded, current.hasPrefix("-"),
      !(current.hasPrefix("-") && !current.hasPrefix("--") && takesQuery)
    {
      let names = options().flatMap { option -> [(String, String)] in
        let long = "--\(option.long)" + (option.isFlag ? "" : "=")
        let pair = (long, option.summary)
        return option.isNegatable ? [pair, ("--no-\(option.long)", option.summary)] : [pair]
      }
      return names.filter { $0.0.hasPrefix(current) }.map {
        described($0.0.hasSuffix("=") ? String($0.0.dropLast()) : $0.0, $0.1)
      }
    } else if positionals == 0, !optionsEnded, !node.visibleSubcommands.isEmpty,
      node.arguments.isEmpty
    {
      return node.visibleSubcommands.filter { $0.name.hasPrefix(current) }.map {
        described($0.name, $0.summary)
      }
    } else if positionals == 0, !optionsEnded, !node.visibleSubcommands.isEmpty,
      let argument = node.arguments.first
    {
      // A command such as `logs` takes subcommands or its own arguments: offer both.
      subcommands = node.visibleSubcommands.filter { $0.name.hasPrefix(current) }.map {
        described($0.name, $0.summary)
      }
      completion = argument.completion
    } else if let argument = node.arguments.indices.contains(positionals)
      ? node.arguments[positionals] : node.arguments.last.flatMap({ $0.isVariadic ? $0 : nil })
    {
      completion = argument.completion
    } else {
      completion = .none
    }
    return subcommands + values(for: completion)

    func values(for completion: ValueCompletion) -> [String] {
      switch completion {
      case .none: return []
      case .file: return [filesDirective]
      case .directory: return [directoriesDirective]
      case .values(let values):
        return values.filter { $0.hasPrefix(currentWord) }.map { valuePrefix + $0 }
      case .commands:
        // The words before this one name the command whose subcommands come next.
        var command = root
        for word in scan.positionals {
          guard let next = command.subcommand(word) else { return [] }
          command = next
        }
        return command.visibleSubcommands.filter { $0.name.hasPrefix(currentWord) }.map {
          described($0.name, $0.summary)
        }
      case .state(.query): return queryTerms(currentWord, words: words, stateValues: stateValues)
      case .state(let kind):
        return stateValues(kind, words).filter { $0.hasPrefix(currentWord) }.map {
          valuePrefix + $0
        }
      }
    }
  }

  /// Filter terms for a log query: a modifier, or a value after `event:` or `device:` (either
  /// may follow a `-`). A query typed inside an opened quote (`'event:te`, `"a event:te`) is
  /// completed at its last term, the quote and earlier terms kept in front.
  static func queryTerms(
    _ current: String, words: [String], stateValues: (StateValues, [String]) -> [String]
  ) -> [String] {
    var lead = ""
    var term = Substring(current)
    if let quote = term.first, quote == "'" || quote == "\"" {
      let inside = term.dropFirst()
      let start = inside.lastIndex(of: " ").map { inside.index(after: $0) } ?? inside.startIndex
      lead = String(quote) + inside[..<start]
      term = inside[start...]
    }
    if term.hasPrefix("-") {
      lead += "-"
      term = term.dropFirst()
    }
    for (modifier, kind) in [("event:", StateValues.events), ("device:", .devices)]
    where term.hasPrefix(modifier) {
      let partial = term.dropFirst(modifier.count)
      return stateValues(kind, words).filter { $0.hasPrefix(partial) }.map {
        lead + modifier + $0
      }
    }
    return ["device:", "event:", "data:", "range:"].filter { $0.hasPrefix(term) }.map {
      lead + $0
    }
  }

  /// The state directory and identity the line being completed names, read by the parser's own
  /// scan as the command would read them; nil when no state directory can be named.
  static func session(words: [String], context: CLIContext) -> (StateStore, Identity)? {
    let line = (try? Parser(root: CommandTable.root).scan(words, tolerant: true))?.line
    func flag(_ name: String) -> String? { line?.value(name) }
    guard let root = try? context.stateLocation(flag: flag("state-dir")) else { return nil }
    // Completion must never wait on a busy state directory.
    let store = StateStore(root: root, lockTimeout: 0.5)
    let asEmail = flag("as")
    let token =
      flag("token")
      ?? (asEmail == nil
        ? context.environment["PCON_TOKEN"].flatMap { $0.isEmpty ? nil : $0 } : nil)
    return (store, Identity(asEmail: asEmail, token: token))
  }

  /// The state values for completion, read with the `--state-dir` and `--as` on the line.
  static func stateValues(_ kind: StateValues, words: [String], context: CLIContext) -> [String] {
    guard let (store, identity) = session(words: words, context: context) else { return [] }
    // The scope options on the line narrow some values, as they narrow the command itself.
    let line = (try? Parser(root: CommandTable.root).scan(words, tolerant: true))?.line
    func flag(_ name: String) -> String? { line?.value(name) }
    let values = try? store.read { tx -> [String] in
      // Completion offers what the same actor could name in the command itself.
      let actor = { try Access.actor(identity, in: tx) }
      let named = flag("product")
      let product = try named ?? Access.defaultProduct(of: try actor())
      switch kind {
      case .accounts: return try Accounts.list(by: try actor(), in: tx).map(\.email)
      case .devices:
        // With a product on the line, its devices; else every device the actor can see.
        let devices: [Device]
        if let product {
          devices = try Products.devices(
            product, query: DeviceQuery(), quarantined: false, by: try actor(), in: tx)
        } else {
          devices = try Fleet.visible(to: try actor(), in: tx)
        }
        // A name two devices share is ambiguous, so only their IDs are offered.
        let names = Dictionary(grouping: devices.compactMap(\.name)) { $0 }
        return names.filter { $0.value.count == 1 }.keys.sorted() + devices.map(\.id).sorted()
      case .tokens: return try Accounts.tokens(by: try actor(), in: tx).map(\.id)
      case .sims:
        // A SIM is named by its ICCID or by the device it is in.
        let sims = try SIMs.listNamed(for: try actor(), in: tx)
        return sims.map(\.sim.iccid) + sims.compactMap(\.deviceName)
      case .events:
        guard case .person(let account) = try actor() else { return [] }
        return try Events.recentNames(in: .account(id: account.id), in: tx)
      case .products:
        let products = try Products.list(for: try actor(), in: tx).map(
          \.product)
        return products.map(\.slug) + products.map { String($0.id) }
      case .customers:
        guard let product else { return [] }
        return try Customers.list(product: product, by: try actor(), in: tx).map(\.0.email)
      case .groups:
        guard let product else { return [] }
        return try Groups.list(product: product, by: try actor(), in: tx).map(\.group.name)
      case .apiUsers:
        let org = flag("org")
        guard product != nil || org != nil else { return [] }
        return try Teams.list(product: product, org: org, by: try actor(), in: tx).apiUsers.map(
          \.name)
      case .orgs: return try Orgs.list(for: try actor(), in: tx).map(\.0.id)
      case .invitations:
        let products = try tx.products()
        return try Teams.invitations(for: try actor(), in: tx).map { invitation in
          switch invitation.scope {
          case .product(let id): return products.first { $0.id == id }?.slug ?? String(id)
          case .org(let id): return id
          }
        }
      case .firmwareVersions:
        guard let product else { return [] }
        return try Firmware.list(product, by: try actor(), in: tx).map {
          String($0.version.version)
        }
      case .query: return []
      }
    }
    return values ?? []
  }
}
