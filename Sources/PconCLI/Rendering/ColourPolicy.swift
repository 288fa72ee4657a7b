/// The one rule for whether a stream gets colour: tables, warnings and errors all ask it.
struct ColourPolicy {
  /// Whether `--no-color` was given.
  let noColorFlag: Bool
  /// The environment pcon runs in, for `NO_COLOR` and `TERM`.
  let environment: [String: String]

  /// Whether to colour `sink`: a terminal, without `--no-color`, a non-empty `NO_COLOR` or
  /// `TERM=dumb`.
  func colours(_ sink: TextSink) -> Bool {
    sink.isTerminal && !noColorFlag && (environment["NO_COLOR"] ?? "").isEmpty
      && environment["TERM"] != "dumb"
  }
}
