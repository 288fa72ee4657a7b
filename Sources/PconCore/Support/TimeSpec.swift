/// Reads a TIME argument: ISO-8601 (`2026-11-26`, `2026-11-26T10:00:00Z`) or a span ago
/// (`30s`, `15m`, `2h`, `7d`, `2w`, `1y`), also compound (`1h30m`, `2d12h`); nil for anything
/// else, or a time outside years 0000–9999.
public enum TimeSpec {
  /// The instant `text` names when the time is `now`; nil when it names none.
  public static func parse(_ text: String, now: Timestamp) -> Timestamp? {
    if let absolute = Timestamp(iso8601: text) { return absolute }
    guard let seconds = spanSeconds(text) else { return nil }
    // Unclamped: a span reaching before year 0000 is refused, not moved.
    let instant = Timestamp(millisecondsSince1970: now.millisecondsSince1970 - seconds * 1000)
    return instant.isStorable ? instant : nil
  }

  /// Seconds in a span such as `90d` or `1h30m`: parts of digits and a unit, largest first
  /// or not, each unit once; nil for anything else.
  public static func spanSeconds(_ text: String) -> Int64? {
    var total: Int64 = 0
    var digits = ""
    var seen: Set<Character> = []
    for character in text {
      if character.isASCII, character.isNumber {
        digits.append(character)
        continue
      }
      guard !digits.isEmpty, digits.count <= 9, let amount = Int64(digits),
        let unit = unitSeconds[character], seen.insert(character).inserted
      else { return nil }
      total += amount * unit
      // Bounded far below where milliseconds overflow: about 300,000 years.
      guard total <= maxSeconds else { return nil }
      digits = ""
    }
    // A bare number names no unit; every part must end in one.
    guard digits.isEmpty, !seen.isEmpty else { return nil }
    return total
  }

  private static let maxSeconds: Int64 = 10_000_000_000_000

  /// Seconds per unit letter; a year is 365 days, as `journalctl --since` counts it.
  private static let unitSeconds: [Character: Int64] = [
    "s": 1, "m": 60, "h": 3600, "d": 86400, "w": 7 * 86400, "y": 365 * 86400,
  ]
}
