import PconCore

/// The one place notices become text: stderr lines, the doctor table, grouped import skips.
/// Every subject and message goes through `Visible`, since files and devices supply them.
enum NoticeView {
  /// One stderr line: a severity label (coloured when `colour`), the subject and the message.
  static func line(_ notice: Notice, colour: Bool) -> String {
    let body = [notice.subject, notice.message].filter { !$0.isEmpty }.map(Visible.text)
      .joined(separator: ": ")
    guard let (label, style) = label(notice.severity) else { return body + "\n" }
    return style.apply(label, enabled: colour) + " " + body + "\n"
  }

  /// A table of notices, one row each, headed `subject` and `message`.
  static func table(_ notices: [Notice], subject: String, message: String) -> Table {
    var table = Table([subject, message])
    for notice in notices { table.add(notice.subject, notice.message) }
    return table
  }

  /// Notices grouped by message, sorted: a `heading (message): count` line, then at most
  /// `shown` subjects of that group, indented.
  static func grouped(_ notices: [Notice], heading: String, shown: Int = 20) -> String {
    var groups: [String: [String]] = [:]
    for notice in notices { groups[notice.message, default: []].append(notice.subject) }
    var out = ""
    for (message, subjects) in groups.sorted(by: { $0.key < $1.key }) {
      out += "\(heading) (\(Visible.text(message))): \(subjects.count)\n"
      for subject in subjects.prefix(shown) { out += "  \(Visible.text(subject))\n" }
    }
    return out
  }

  private static func label(_ severity: Notice.Severity) -> (String, Style)? {
    switch severity {
    case .info: nil
    case .warning: ("warning:", .yellow)
    case .problem: ("problem:", .red)
    }
  }
}
