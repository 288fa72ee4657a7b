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
    Self.armRescue(input: input, output: output, settings: saved)
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
    Self.disarmRescue()
    write(Self.restoreSequence)
    tcsetattr(input, TCSANOW, &saved)
  }

  /// What leaves the view: plain colours, wrapping, the cursor, the main screen.
  static let restoreSequence = "\u{1B}[0m\u{1B}[?7h\u{1B}[?25h\u{1B}[?1049l"

  // MARK: The terminal back on a fatal signal

  /// Signals that end the process without unwinding (SIGQUIT, and a trap or crash): their
  /// handler gives the terminal back first, then lets the signal do what it did before.
  private static let fatalSignals = [SIGQUIT, SIGILL, SIGTRAP, SIGABRT, SIGBUS, SIGFPE, SIGSEGV]
  nonisolated(unsafe) private static var rescueInput: Int32 = -1
  nonisolated(unsafe) private static var rescueOutput: Int32 = 1
  nonisolated(unsafe) private static var rescueSettings = termios()
  nonisolated(unsafe) private static var rescueBytes: UnsafeMutableBufferPointer<UInt8>?
  nonisolated(unsafe) private static var previous: [Int32: sigaction] = [:]
  nonisolated(unsafe) private static var previousStop = sigaction()

  /// Prepares everything the handler needs beforehand: a handler may only call
  /// async-signal-safe functions, so it writes bytes and settings already in place.
  private static func armRescue(input: Int32, output: Int32, settings: termios) {
    let bytes = Array(restoreSequence.utf8)
    let buffer = UnsafeMutableBufferPointer<UInt8>.allocate(capacity: bytes.count)
    _ = buffer.initialize(from: bytes)
    rescueBytes = buffer
    rescueSettings = settings
    rescueOutput = output
    rescueInput = input
    var action = sigaction()
    action.__sigaction_handler.sa_handler = { signal in
      RawTerminal.rescue()
      // The previous disposition (Swift's crash reporter, or the default) takes it from here.
      if var old = RawTerminal.previous[signal] { sigaction(signal, &old, nil) }
      raise(signal)
    }
    sigemptyset(&action.sa_mask)
    action.sa_flags = 0
    var unblock = sigset_t()
    sigemptyset(&unblock)
    for signal in fatalSignals {
      var old = sigaction()
      sigaction(signal, &action, &old)
      previous[signal] = old
      sigaddset(&unblock, signal)
    }
    // A parent may have started pcon with them blocked; a quit must still reach the handler.
    pthread_sigmask(SIG_UNBLOCK, &unblock, nil)
    // Stopped by kill -TSTP with the terminal raw, a shell would get it back unusable: the
    // view ignores it (Ctrl-Z is a key here, not a signal).
    var ignore = sigaction()
    ignore.__sigaction_handler.sa_handler = SIG_IGN
    sigaction(SIGTSTP, &ignore, &previousStop)
  }

  private static func disarmRescue() {
    for (signal, old) in previous {
      var old = old
      sigaction(signal, &old, nil)
    }
    previous = [:]
    sigaction(SIGTSTP, &previousStop, nil)
    rescueInput = -1
  }

  /// Async-signal-safe: write(2) and tcsetattr(3) only.
  private static func rescue() {
    guard rescueInput >= 0, let bytes = rescueBytes else { return }
    _ = Glibc.write(rescueOutput, bytes.baseAddress, bytes.count)
    tcsetattr(rescueInput, TCSANOW, &rescueSettings)
    rescueInput = -1
  }
}
