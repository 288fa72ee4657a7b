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

  /// The rendered lines; the last column is never padded, so lines carry no trailing blanks.
  func render(headers showHeaders: Bool, colour: Bool) -> String {
    var widths = showHeaders ? headers.map(\.count) : [Int](repeating: 0, count: headers.count)
    for row in rows {
      for (n, cell) in row.enumerated() where n < widths.count {
        widths[n] = max(widths[n], cell.text.count)
      }
    }
    var out = ""
    func line(_ cells: [Cell]) {
      var text = ""
      for (n, cell) in cells.enumerated() {
        let isLast = n == cells.count - 1
        text += cell.style.apply(cell.text, enabled: colour)
        if !isLast { text += String(repeating: " ", count: widths[n] - cell.text.count + 2) }
      }
      while text.hasSuffix(" ") { text.removeLast() }
      out += text + "\n"
    }
    if showHeaders { line(headers.map { Cell($0, .bold) }) }
    for row in rows { line(row) }
    return out
  }
}
