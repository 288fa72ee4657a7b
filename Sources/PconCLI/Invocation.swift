import PconCore

/// A parsed command line about to run, with its context and the output helpers commands share.
public struct Invocation: Sendable {
  public let line: ParsedLine
  public let context: CLIContext
  /// The whole command table, for commands that describe or re-run commands.
  let root: Command

  /// Whether output is JSON (`--json`).
  var wantsJSON: Bool { line.flag("json") }
  /// The colour rule for this command line.
  var colourPolicy: ColourPolicy {
    ColourPolicy(noColorFlag: line.flag("no-color"), environment: context.environment)
  }
  /// Whether to draw colour on stdout.
  var colour: Bool { colourPolicy.colours(context.stdout) }

  /// The word given for a required positional argument (the parser guarantees it).
  func argument(_ name: String) -> String { line.argument(name) ?? "" }

  /// The state directory chosen by flag, environment and XDG rules, once a token on the line
  /// has proved known: an unknown, revoked or expired token is refused before anything runs.
  func store() throws -> StateStore {
    let store = try uncheckedStore()
    try Self.requireKnownToken(identity, in: store)
    return store
  }

  /// The state directory, for `read` and `write`, which resolve the token in their own
  /// transaction.
  private func uncheckedStore() throws -> StateStore {
    let root = try context.stateLocation(flag: line.value("state-dir"))
    return StateStore(
      root: root, lockTimeout: try lockTimeout(), clock: try clock(), crash: crashHook)
  }

  /// Refuses (exit 4) a token `store` did not issue or has revoked or let expire. A state
  /// fault met while checking is left to the command, which meets or reports it itself.
  static func requireKnownToken(_ identity: Identity, in store: StateStore) throws {
    guard identity.token != nil else { return }
    do {
      _ = try store.read { tx in try Access.actor(identity, in: tx) }
    } catch let error as PconError where error.kind == .state {
      return
    }
  }

  /// Debug builds die with SIGKILL at the commit step `PCON_CRASH_AT` names, so tests can prove
  /// that a change lands whole or not at all wherever a crash hits. Release builds ignore it.
  private var crashHook: @Sendable (CrashPoint) throws -> Void {
    #if DEBUG
      if let point = context.environment["PCON_CRASH_AT"].flatMap(CrashPoint.init(rawValue:)) {
        return CrashPoint.killing(at: point)
      }
    #endif
    return { _ in }
  }

  /// Reads state as whoever this command line names. The actor is resolved once, through
  /// `Access.actor`, and handed to the PconCore rule, which authorizes it: commands never check.
  func read<T>(_ body: (Actor, Transaction) throws -> T) throws -> T {
    try uncheckedStore().read { tx in try body(try Access.actor(identity, in: tx), tx) }
  }

  /// Changes state as whoever this command line names; see `read`.
  func write<T>(_ body: (Actor, Transaction) throws -> T) throws -> T {
    var repairs: [Notice] = []
    let result = try uncheckedStore().write { tx in
      defer { repairs = tx.repairs + tx.notices }
      return try body(try Access.actor(identity, in: tx), tx)
    }
    repairs.forEach(report)
    return result
  }

  /// Who acts: `--as`, else `--token`, else `$PCON_TOKEN`, else the logged-in account.
  var identity: Identity {
    let asEmail = line.value("as")
    let token =
      line.value("token")
      ?? (asEmail == nil
        ? context.environment["PCON_TOKEN"].flatMap { $0.isEmpty ? nil : $0 } : nil)
    return Identity(asEmail: asEmail, token: token)
  }

  /// `PCON_LOCK_TIMEOUT`: decimal seconds (`10`, `0.5`), at most a day. Anything `Double`
  /// would also read (`0x10`, `1e3`, `inf`, `nan`, `-1`, ` 5`) is refused, not reinterpreted.
  private func lockTimeout() throws -> Double {
    let name = "PCON_LOCK_TIMEOUT"
    if context.undecodable.variables.contains(name) {
      throw UsageError("\(name) is not valid UTF-8", path: line.path)
    }
    guard let text = context.environment[name], !text.isEmpty else { return 10 }
    let parts = text.split(separator: ".", omittingEmptySubsequences: false)
    let isDecimal =
      parts.count <= 2 && text.count <= 12
      && parts.allSatisfy { !$0.isEmpty && $0.allSatisfy { $0.isASCII && $0.isNumber } }
    guard isDecimal, let seconds = Double(text), seconds <= 86_400 else {
      throw UsageError(
        "\(name)='\(Visible.text(text))' is not a number of seconds from 0 to 86400 (like 10 or 2.5)",
        path: line.path)
    }
    return seconds
  }

  private func clock() throws -> Clock {
    guard let text = context.environment["PCON_NOW"], !text.isEmpty else { return .system }
    guard let instant = Timestamp(iso8601: text) else {
      throw UsageError(
        "PCON_NOW='\(text)' is not an ISO-8601 time in years 0000–9999 UTC", path: line.path)
    }
    return .fixed(instant)
  }

  /// The value of an option, parsed (the parser has refused a malformed one), or its default.
  subscript<Value>(key: OptionKey<Value>) -> Value? {
    line.value(key.option.long).flatMap(key.parse)
  }

  /// The value of an option the command requires (the parser has refused a line without it).
  func required<Value>(_ key: OptionKey<Value>) throws -> Value {
    guard let value = self[key] else {
      throw UsageError("missing --\(key.option.long)", path: line.path)
    }
    return value
  }

  // MARK: - Output

  /// Writes `text` to stdout as it is.
  func print(_ text: String) { context.stdout.write(text) }

  /// Writes a line to stderr: notices, progress; control characters are made visible.
  /// What stdout holds so far is written first, so on a terminal a notice follows what it is about.
  func notice(_ text: String) {
    context.stdout.flush()
    context.stderr.write(Visible.text(text) + "\n")
  }

  /// Writes a notice to stderr as `NoticeView` renders it.
  func report(_ notice: Notice) {
    context.stdout.flush()
    context.stderr.write(NoticeView.line(notice, colour: colourPolicy.colours(context.stderr)))
  }

  /// Writes a warning that stands alone (no subject) to stderr.
  func warn(_ text: String) { report(Notice(.warning, subject: "", message: text)) }

  /// Writes `value` as indented JSON to stdout.
  func emit(_ value: JSON) {
    var bytes = JSONWriter(pretty: true).bytes(value)
    bytes.append(0x0A)
    context.stdout.write(bytes: bytes)
  }

  /// Writes a table to stdout, honouring `--no-headers` and colour; on a terminal it is fitted
  /// to the terminal's width, and through a pipe it is never cut.
  func emit(_ table: Table) {
    print(table.render(headers: !line.flag("no-headers"), colour: colour, width: terminalWidth))
  }

  /// The width tables fit on stdout: the terminal's, or none when stdout is not a terminal.
  var terminalWidth: Int? {
    guard context.stdout.isTerminal else { return nil }
    return context.terminalWidth
  }

  /// Asks the person at the terminal to confirm; `--yes` answers for them. Without a terminal
  /// and without `--yes` the action is refused, so scripts never hang on a prompt.
  func confirm(_ action: String) throws {
    if line.flag("yes") { return }
    guard context.stdinIsTerminal else {
      throw ConfirmationRequired(action: action)
    }
    context.stdout.flush()
    context.stderr.write("\(action.prefix(1).uppercased() + action.dropFirst())? [y/N] ")
    context.stderr.flush()
    let answer = (context.readLine() ?? "").lowercased()
    guard answer == "y" || answer == "yes" else {
      throw ConfirmationRequired(action: action, declined: true)
    }
  }
}

/// An action that needed a yes it did not get.
struct ConfirmationRequired: Error {
  let action: String
  var declined = false
}
