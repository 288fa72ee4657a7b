/// Finds the known word closest to a mistyped one, as git's "did you mean" does: the one
/// measure behind every suggestion pcon makes, for commands, options, values and names.
public enum Nearest {
  /// The candidate within edit distance 2 of `word` (in any case), closest first, else the one
  /// candidate `word` begins; nil when none is close.
  public static func closest(to word: String, among candidates: [String]) -> String? {
    var best: (String, Int)?
    let typed = word.lowercased()
    for candidate in candidates {
      let distance = editDistance(typed, candidate.lowercased())
      if distance <= 2, distance < (best?.1 ?? Int.max) { best = (candidate, distance) }
    }
    if let best { return best.0 }
    // A word cut short (`admin` for `administrator`) names the one candidate it begins.
    let extended = candidates.filter { typed.count >= 2 && $0.lowercased().hasPrefix(typed) }
    return extended.count == 1 ? extended[0] : nil
  }

  /// Levenshtein distance with adjacent transpositions counted as one edit.
  public static func editDistance(_ a: String, _ b: String) -> Int {
    let x = Array(a.unicodeScalars)
    let y = Array(b.unicodeScalars)
    if x.isEmpty { return y.count }
    if y.isEmpty { return x.count }
    var previous2 = [Int](repeating: 0, count: y.count + 1)
    var previous = Array(0...y.count)
    var current = [Int](repeating: 0, count: y.count + 1)
    for i in 1...x.count {
      current[0] = i
      for j in 1...y.count {
        let cost = x[i - 1] == y[j - 1] ? 0 : 1
        current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
        if i > 1, j > 1, x[i - 1] == y[j - 2], x[i - 2] == y[j - 1] {
          current[j] = min(current[j], previous2[j - 2] + 1)
        }
      }
      (previous2, previous, current) = (previous, current, previous2)
    }
    return previous[y.count]
  }
}
