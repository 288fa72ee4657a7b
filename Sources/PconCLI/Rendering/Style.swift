/// Terminal colours, applied only when the output is a terminal and colour is wanted.
enum Style: String, Sendable {
  case plain = ""
  case bold = "1"
  case dim = "2"
  case green = "32"
  case yellow = "33"
  case red = "31"
  case cyan = "36"

  func apply(_ text: String, enabled: Bool) -> String {
    guard enabled, self != .plain, !text.isEmpty else { return text }
    return "\u{1B}[\(rawValue)m\(text)\u{1B}[0m"
  }
}
