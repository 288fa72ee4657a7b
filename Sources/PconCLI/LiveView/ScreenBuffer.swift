/// What the live view puts on the terminal: `height` rows of exactly `width` characters, each
/// with one style. Text in it is already made visible; the painter writes it as it is.
struct ScreenBuffer: Equatable, Sendable {
  /// How a whole row is drawn.
  enum Style: Equatable, Sendable {
    case plain, heading, selected, status
  }

  /// One row of the screen.
  struct Row: Equatable, Sendable {
    var text: String
    var style: Style
  }

  let width: Int
  let height: Int
  private(set) var rows: [Row]

  /// A blank screen of `width` × `height` (each at least 1).
  init(width: Int, height: Int) {
    self.width = max(width, 1)
    self.height = max(height, 1)
    rows = Array(
      repeating: Row(text: String(repeating: " ", count: self.width), style: .plain),
      count: self.height)
  }

  /// Puts `text` on row `index`, cut or padded to the width; rows outside the screen are ignored.
  mutating func set(_ index: Int, _ text: String, style: Style = .plain) {
    guard rows.indices.contains(index) else { return }
    rows[index] = Row(text: Self.fit(text, to: width), style: style)
  }

  /// `text` cut (with an ellipsis) or padded with spaces to exactly `width` characters.
  static func fit(_ text: String, to width: Int) -> String {
    if text.count > width { return Table.clip(text, to: width) }
    return text + String(repeating: " ", count: width - text.count)
  }

  /// The screen as plain lines with trailing spaces dropped, for tests and reading.
  var lines: [String] {
    rows.map { String($0.text.reversed().drop { $0 == " " }.reversed()) }
  }
}
