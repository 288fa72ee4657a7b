import PconCore

/// One command of the table: everything pcon knows about it, declared once.
///
/// Parsing, `--help`, usage lines, man pages and shell completion are all derived from these
/// values, so a flag is never described in two places.
public struct Command: Sendable {
  /// What a command does when it runs.
  public typealias Action = @Sendable (Invocation) throws -> Void

  public let name: String
  public var aliases: [String] = []
  public let summary: String
  public var discussion: String = ""
  public var arguments: [Argument] = []
  public var options: [Option] = []
  public var subcommands: [Command] = []
  public var examples: [Example] = []
  /// Groups of options (long names) of which at most one may be given.
  public var conflicts: [[String]] = []
  /// Options (long names) that may be given only with another: `["quarantined": "product"]`.
  public var requires: [String: String] = [:]
  /// Hidden commands parse and run but appear in no help, man page or completion.
  public var isHidden = false
  public var action: Action?

  /// What the command needs from whoever runs it (nil only for groups, which never run).
  public let permission: Permission?

  /// A group of subcommands; it runs nothing itself.
  public init(
    _ name: String, aliases: [String] = [], summary: String, discussion: String = "",
    subcommands: [Command],
    isHidden: Bool = false
  ) {
    self.name = name
    self.aliases = aliases
    self.summary = summary
    self.discussion = discussion
    self.subcommands = subcommands
    self.isHidden = isHidden
    self.permission = nil
  }

  /// A command that runs. It cannot be declared without the permission it needs: the action
  /// hands the actor to a PconCore rule that checks the same `Needs` value itself.
  public init(
    _ name: String, aliases: [String] = [], summary: String, discussion: String = "",
    arguments: [Argument] = [], options: [Option] = [], subcommands: [Command] = [],
    examples: [Example] = [], conflicts: [[String]] = [], requires: [String: String] = [:],
    isHidden: Bool = false, permission: Permission,
    action: @escaping Action
  ) {
    self.name = name
    self.aliases = aliases
    self.summary = summary
    self.discussion = discussion
    self.arguments = arguments
    self.options = options
    self.subcommands = subcommands
    self.examples = examples
    self.conflicts = conflicts
    self.requires = requires
    self.isHidden = isHidden
    self.permission = permission
    self.action = action
  }

  /// The subcommand called `word`, by name or alias.
  func subcommand(_ word: String) -> Command? {
    subcommands.first { $0.name == word || $0.aliases.contains(word) }
  }

  /// The subcommands shown to people.
  var visibleSubcommands: [Command] { subcommands.filter { !$0.isHidden } }
}

/// A positional argument.
public struct Argument: Sendable {
  public let name: String
  public let summary: String
  public var isOptional = false
  /// Takes every remaining word.
  public var isVariadic = false
  /// When non-empty, the only values accepted.
  public var allowed: [String] = []
  public var completion: ValueCompletion = .none

  public init(
    _ name: String, _ summary: String, optional: Bool = false, variadic: Bool = false,
    allowed: [String] = [], completion: ValueCompletion = .none
  ) {
    self.name = name
    self.summary = summary
    self.isOptional = optional
    self.isVariadic = variadic
    self.allowed = allowed
    self.completion = allowed.isEmpty ? completion : .values(allowed)
  }
}

/// An option or flag, `--long` with an optional `-s` short form.
public struct Option: Sendable {
  public let long: String
  public var short: Character?
  /// The placeholder for the value; nil makes this a flag.
  public var valueName: String?
  public var summary: String
  /// When non-empty, the only values accepted.
  public var allowed: [String] = []
  public var isRepeatable = false
  /// A repeatable option whose value runs on over the following words up to the next option:
  /// `--scope a b` is `--scope a --scope b`.
  public var takesMany = false
  /// An option the command cannot run without.
  public var isRequired = false
  /// A flag that also accepts `--no-<long>`.
  public var isNegatable = false
  public var defaultValue: String?
  public var completion: ValueCompletion = .none
  /// Whether a word is a well-formed value; set by the `OptionKey` that parses it.
  var accepts: (@Sendable (String) -> Bool)?
  /// What a well-formed value is, for the error when `accepts` refuses one.
  var expects = ""

  public init(
    _ long: String, short: Character? = nil, value: String? = nil, _ summary: String,
    allowed: [String] = [], repeatable: Bool = false, many: Bool = false, required: Bool = false,
    negatable: Bool = false,
    default defaultValue: String? = nil, completion: ValueCompletion = .none
  ) {
    self.isRequired = required
    self.long = long
    self.short = short
    self.valueName = value
    self.summary = summary
    self.allowed = allowed
    self.isRepeatable = repeatable || many
    self.takesMany = many
    self.isNegatable = negatable
    self.defaultValue = defaultValue
    self.completion = allowed.isEmpty ? completion : .values(allowed)
  }

  /// Whether the option is a flag (takes no value).
  public var isFlag: Bool { valueName == nil }

  /// The known value closest to a mistyped one: among the allowed values, else among those
  /// completion offers.
  func suggestion(for value: String) -> String? {
    if !allowed.isEmpty { return Suggestion.closest(to: value, among: allowed) }
    guard case .values(let values) = completion else { return nil }
    return Suggestion.closest(to: value, among: values)
  }

  /// `-s, --long VALUE` as help shows it.
  var label: String {
    var text = short.map { "-\($0), " } ?? ""
    text += "--\(long)"
    if let valueName { text += " \(valueName)" }
    return text
  }
}

/// A worked example for help and man pages.
public struct Example: Sendable {
  public let command: String
  public let explanation: String
  public init(_ command: String, _ explanation: String) {
    self.command = command
    self.explanation = explanation
  }
}

/// How the value of an argument or option is completed in a shell.
public enum ValueCompletion: Sendable, Equatable {
  case none
  case values([String])
  case file
  case directory
  /// Command names under the path of words given so far to this argument (`help`, `man`).
  case commands
  /// Values that live in the state directory, fetched through `pcon __complete`.
  case state(StateValues)
}

/// The kinds of values `pcon __complete` reads from the state.
public enum StateValues: String, Sendable, CaseIterable {
  /// Device names and IDs: those of the product named on the line, else every one the actor sees.
  case devices
  case accounts, tokens, sims
  /// Customers of the product named on the line.
  case customers
  /// Device groups of the product named on the line.
  case groups
  /// API users of the product or organization named on the line.
  case apiUsers
  /// Organizations the actor is on.
  case orgs
  /// The teams (product slugs, organizations) whose invitations wait for the actor.
  case invitations
  /// Product IDs and slugs the actor can see.
  case products
  /// Firmware versions of the product named on the line.
  case firmwareVersions
  /// Event names seen lately in the actor's log.
  case events
  /// Filter terms: modifiers, and event or device names after `event:` or `device:`.
  case query
}
