/// Reads a TIME argument: ISO-8601 (`2026-11-26`, `2026-11-26T10:00:00Z`) or a span ago
/// (`30s`, `15m`, `2h`, `7d`, `2w`); nil for anything else, or a time outside years 0000–9999.
public enum TimeSpec {
  public static func parse(_ text: String, now: Timestamp) -> Timestamp? {
    if let absolute = Timestamp(iso8601: text) { return absolute }
    guard let unit = text.last, let amount = Int64(text.dropLast()), amount >= 0,
      amount < 1_000_000_000
    else { return nil }
    let seconds: Int64
    switch unit {
    case "s": seconds = amount
    case "m": seconds = amount * 60
    case "h": seconds = amount * 3600
    case "d": seconds = amount * 86400
    case "w": seconds = amount * 7 * 86400
    default: return nil
    }
    // Unclamped: a span reaching before year 0000 is refused, not moved.
    let instant = Timestamp(millisecondsSince1970: now.millisecondsSince1970 - seconds * 1000)
    return instant.isStorable ? instant : nil
  }
}
