import PconCore

/// "Did you mean" for the words of a command line; the measure is PconCore's `Nearest`, which
/// also suggests device names and product slugs from the state.
enum Suggestion {
  /// The candidate closest to a mistyped `word`; nil when none is close.
  static func closest(to word: String, among candidates: [String]) -> String? {
    Nearest.closest(to: word, among: candidates)
  }
}

/// Enumerated values (`--role`, `--format`, `on|off`, …) as every command reads them: in any
/// case, each word becoming the value as the table spells it.
enum Enumeration {
  /// The allowed value `word` names, ignoring case; nil when it names none.
  static func match(_ word: String, among allowed: [String]) -> String? {
    allowed.first { $0 == word } ?? allowed.first { $0.lowercased() == word.lowercased() }
  }
}

extension Suggestion {
  /// A device name, product slug or group name close to the one a command could not find, among those the
  /// same actor can see (PconCore chooses them); nil when none is close or the state cannot say.
  static func fromState(for error: PconError, in run: Invocation) -> String? {
    switch error {
    case .deviceNotFound(let reference) where !Device.isID(reference):
      return try? run.read { actor, tx in
        try Fleet.nearestName(to: reference, for: actor, in: tx)
      }
    case .productNotFound(let reference) where Int(reference) == nil:
      return try? run.read { actor, tx in
        Products.nearestSlug(to: reference, for: actor, in: tx)
      }
    case .groupNotFound(let name, let product):
      return try? run.read { actor, tx in
        Groups.nearestName(to: name, product: product, for: actor, in: tx)
      }
    case .integrationNotFound(let id):
      return try? run.read { actor, tx in Webhooks.nearestID(to: id, for: actor, in: tx) }
    default: return nil
    }
  }
}
