/// Turns screens into the escapes that draw them, writing only the rows that changed since
/// the last screen it drew.
struct ScreenPainter {
  private var last: ScreenBuffer?

  /// The bytes that take the terminal from the last screen painted to `screen`; all of it after
  /// a resize (or the first time), nothing when nothing changed.
  mutating func paint(_ screen: ScreenBuffer) -> String {
    let previous = last.flatMap {
      $0.width == screen.width && $0.height == screen.height ? $0 : nil
    }
    last = screen
    var out = previous == nil ? "\u{1B}[0m\u{1B}[2J" : ""
    for (index, row) in screen.rows.enumerated() where previous?.rows[index] != row {
      out += "\u{1B}[\(index + 1);1H" + Self.sgr(row.style) + row.text + "\u{1B}[0m"
    }
    return out
  }

  /// Forgets what is on the terminal, so the next paint draws everything.
  mutating func invalidate() { last = nil }

  private static func sgr(_ style: ScreenBuffer.Style) -> String {
    switch style {
    case .plain: return ""
    case .heading: return "\u{1B}[1m"
    case .selected, .status: return "\u{1B}[7m"
    }
  }
}
