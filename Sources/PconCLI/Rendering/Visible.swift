import PconCore

/// Makes text another principal, a device or a file supplied safe to print on a terminal.
enum Visible {
  /// `text` with control characters and bidi controls shown as escapes, so it cannot move the
  /// cursor, start a new line, recolour the terminal or reorder what follows it.
  ///
  /// C0 controls and DEL become `\xNN` (`\u{1b}` → `\x1b`); C1 controls and bidi
  /// controls become `\u{NNNN}` (U+202E → `\u{202e}`). Everything else is unchanged.
  static func text(_ text: String) -> String {
    guard text.unicodeScalars.contains(where: needsEscape) else { return text }
    var out = ""
    out.reserveCapacity(text.utf8.count + 8)
    for scalar in text.unicodeScalars {
      if !needsEscape(scalar) {
        out.unicodeScalars.append(scalar)
      } else if scalar.value < 0x80 {
        out += "\\x" + hex(scalar.value, digits: 2)
      } else {
        out += "\\u{" + hex(scalar.value, digits: 4) + "}"
      }
    }
    return out
  }

  /// Multi-line `text` with its line feeds kept and every other control made visible.
  static func lines(_ text: String) -> String {
    text.split(separator: "\n", omittingEmptySubsequences: false).map { Self.text(String($0)) }
      .joined(separator: "\n")
  }

  /// Whether `scalar` is a C0 or C1 control, DEL, or a bidirectional formatting control.
  static func needsEscape(_ scalar: Unicode.Scalar) -> Bool { DisplayName.isControl(scalar) }

  private static func hex(_ value: UInt32, digits: Int) -> String {
    let text = String(value, radix: 16)
    return String(repeating: "0", count: max(digits - text.count, 0)) + text
  }
}
