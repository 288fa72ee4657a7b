/// A command line matched against the table: which command, and the words given to it.
public struct ParsedLine: Sendable {
  /// Command names from the root, e.g. `["device", "rename"]`.
  public var path: [String] = []
  public var command: Command
  /// Option values by long name, in the order given.
  public var values: [String: [String]] = [:]
  /// Flags by long name: true when given, false for `--no-<flag>`.
  public var flags: [String: Bool] = [:]
  /// Positional words by argument name.
  public var arguments: [String: [String]] = [:]
  public var wantsHelp = false
  public var wantsVersion = false

  init(command: Command) { self.command = command }

  /// The last value of an option, or its declared default.
  public func value(_ long: String) -> String? {
    values[long]?.last ?? option(long)?.defaultValue
  }

  /// Whether a flag was given (and not negated).
  public func flag(_ long: String) -> Bool { flags[long] ?? false }

  /// The single word given for a positional argument.
  public func argument(_ name: String) -> String? { arguments[name]?.first }

  private func option(_ long: String) -> Option? {
    command.options.first { $0.long == long } ?? GlobalOptions.named(long)
  }
}
