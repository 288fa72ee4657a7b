/// A table for people: a header row and aligned columns.
struct Table {
  /// A value in a cell, with the style it is drawn in on a terminal.
  struct Cell {
    /// The text as printed: control and bidi characters made visible, so no cell forges a row.
    let text: String
    var style: Style = .plain
    init(_ text: String, _ style: Style = .plain) {
      self.text = Visible.text(text)
      self.style = style
    }
  }

  let headers: [String]
  var rows: [[Cell]] = []

  init(_ headers: [String]) { self.headers = headers }

  mutating func add(_ cells: [Cell]) { rows.append(cells) }
  mutating func add(_ texts: String...) { rows.append(texts.map { Cell($0) }) }

  /// Columns of free text (names, notes, data), which give way when a table is too wide for
  /// the terminal; IDs, times and states never do.
  static let freeText: Set<String> = [
    "NAME", "NOTES", "DATA", "DESCRIPTION", "VALUE", "DEVICE", "DEVICES", "MESSAGE", "PROBLEM",
    "TITLE",
  ]

  /// The rendered lines; the last column is never padded, so lines carry no trailing blanks.
  /// With a `width` (stdout is a terminal of that many columns) the widest free-text column is
  /// cut with an ellipsis, then the next, until the table fits; without one nothing is cut.
  func render(headers showHeaders: Bool, colour: Bool, width: Int? = nil) -> String {
    var widths = showHeaders ? headers.map(\.count) : [Int](repeating: 0, count: headers.count)
    for row in rows {
      for (n, cell) in row.enumerated() where n < widths.count {
        widths[n] = max(widths[n], cell.text.count)
      }
    }
    if let width { fit(&widths, into: width, showHeaders: showHeaders) }
    var out = ""
    func line(_ cells: [Cell]) {
      var text = ""
      for (n, cell) in cells.enumerated() {
        let isLast = n == cells.count - 1
        let shown = Table.clip(cell.text, to: n < widths.count ? widths[n] : cell.text.count)
        text += cell.style.apply(shown, enabled: colour)
        if !isLast { text += String(repeating: " ", count: widths[n] - shown.count + 2) }
      }
      while text.hasSuffix(" ") { text.removeLast() }
      out += text + "\n"
    }
    if showHeaders { line(headers.map { Cell($0, .bold) }) }
    for row in rows { line(row) }
    return out
  }

  /// Narrows free-text columns, widest first, until the line fits `width` or none can give.
  private func fit(_ widths: inout [Int], into width: Int, showHeaders: Bool) {
    let flexible = headers.indices.filter { Table.freeText.contains(headers[$0]) }
    // A column keeps its header and a few characters, so a cut value still says something.
    let floor = { (n: Int) in max(showHeaders ? self.headers[n].count : 0, 8) }
    var excess = widths.reduce(0, +) + 2 * max(widths.count - 1, 0) - width
    // One character at a time from the widest, so two wide columns end up sharing the cut.
    while excess > 0 {
      guard
        let widest = flexible.filter({ widths[$0] > floor($0) }).max(by: {
          widths[$0] < widths[$1]
        })
      else { return }
      widths[widest] -= 1
      excess -= 1
    }
  }

  /// `text` cut to `width` characters, the last being an ellipsis when anything was cut.
  static func clip(_ text: String, to width: Int) -> String {
    text.count <= width ? text : String(text.prefix(max(width - 1, 0))) + "…"
  }
}
