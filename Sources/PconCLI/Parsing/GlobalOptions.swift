/// The options every command accepts, before or after its name.
enum GlobalOptions {
  static let all: [Option] = [
    Option(
      "state-dir", value: "DIR",
      "state directory (else $PCON_STATE_DIR, $XDG_DATA_HOME/pcon, ~/.local/share/pcon)",
      completion: .directory),
    Option(
      "as", value: "EMAIL", "act as this account for one command", completion: .state(.accounts)),
    Option("token", value: "TOKEN", "act with this token (else $PCON_TOKEN)"),
    Option("json", "print machine-readable JSON"),
    Option("no-color", "never colour the output (also NO_COLOR)"),
    Option("no-headers", "leave the header row out of tables"),
    Option("yes", short: "y", "confirm without asking"),
    Option("version", "print pcon's version"),
    Option("help", short: "h", "show help for the command"),
  ]

  /// The global options `command` accepts: all but those it declares itself, whose meaning
  /// there is its own (`firmware upload --version N`, the contract's spelling).
  static func available(to command: Command) -> [Option] {
    all.filter { global in !command.options.contains { $0.long == global.long } }
  }

  static func named(_ long: String) -> Option? { all.first { $0.long == long } }
  static func short(_ letter: Character) -> Option? { all.first { $0.short == letter } }
}
