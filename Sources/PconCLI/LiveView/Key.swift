/// One key press as the live view understands it.
enum Key: Equatable, Sendable {
  case character(Character)
  case up, down, pageUp, pageDown, home, end
  case enter, escape, backspace, tab
  /// Ctrl and a letter (Ctrl-C is `.control("c")`).
  case control(Character)
}
