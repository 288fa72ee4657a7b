import Glibc

/// The terminal the live view takes over: raw input, the alternate screen, a hidden cursor.
/// `restore` puts back exactly the settings found, and is safe to call more than once.
final class RawTerminal {
  /// Why the terminal could not be taken over.
  struct Failure: Error, CustomStringConvertible {
    let description: String
  }

  private let input: Int32
  private let output: Int32
  private var saved = termios()
  private var active = false

  /// Takes over the terminal on `input` and `output`; throws if its settings cannot be read.
  init(input: Int32 = 0, output: Int32 = 1) throws {
    self.input = input
    self.output = output
    guard tcgetattr(input, &saved) == 0 else {
      throw Failure(
        description: "cannot read the terminal's settings: \(String(cString: strerror(errno)))")
    }
    var raw = saved
    // No echo, no line editing, no signals from keys (Ctrl-C arrives as a key), no flow control
    // or CR translation; reads return at once with what there is.
    raw.c_lflag &= ~tcflag_t(ECHO | ICANON | ISIG | IEXTEN)
    raw.c_iflag &= ~tcflag_t(IXON | ICRNL | INLCR | BRKINT | ISTRIP)
    raw.c_cc.16 = 0  // VTIME
    raw.c_cc.6 = 1  // VMIN
    guard tcsetattr(input, TCSANOW, &raw) == 0 else {
      throw Failure(
        description: "cannot put the terminal in raw mode: \(String(cString: strerror(errno)))")
    }
    active = true
    // Autowrap off: a row wider than the terminal thinks (wide characters) is cut at the
    // edge instead of wrapping and scrolling the whole screen.
    write("\u{1B}[?1049h\u{1B}[?25l\u{1B}[?7l\u{1B}[2J")
  }

  deinit { restore() }

  /// The window's size, or nil when the terminal does not say.
  var size: (width: Int, height: Int)? {
    var size = winsize()
    guard ioctl(output, UInt(TIOCGWINSZ), &size) == 0, size.ws_col > 0, size.ws_row > 0 else {
      return nil
    }
    return (Int(size.ws_col), Int(size.ws_row))
  }

  /// Writes `text` whole, retrying short writes; a terminal that is gone is given up on.
  func write(_ text: String) {
    let bytes = Array(text.utf8)
    var offset = 0
    while offset < bytes.count {
      let n = bytes.withUnsafeBytes { raw in
        Glibc.write(output, raw.baseAddress.map { $0 + offset }, raw.count - offset)
      }
      if n < 0, errno == EINTR { continue }
      if n <= 0 { return }
      offset += n
    }
  }

  /// Leaves the alternate screen, shows the cursor, wraps again and puts back the settings found.
  func restore() {
    guard active else { return }
    active = false
    write("\u{1B}[0m\u{1B}[?7h\u{1B}[?25h\u{1B}[?1049l")
    tcsetattr(input, TCSANOW, &saved)
  }
}
