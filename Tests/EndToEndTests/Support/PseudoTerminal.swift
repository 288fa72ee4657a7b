import Foundation

/// A pseudo-terminal opened by the test: pcon runs on its slave side, the test types on and
/// reads from its master side, and can read the slave's settings to see they were restored.
final class PseudoTerminal {
  let master: Int32
  let slave: Int32
  /// Everything pcon wrote so far.
  private(set) var output: [UInt8] = []

  /// A terminal `columns` × `rows`, or nil where the system has no pseudo-terminals.
  init?(columns: Int = 100, rows: Int = 24) {
    // posix_openpt and friends are not visible from Swift's Glibc module; on Linux they are
    // /dev/ptmx and two ioctls: unlock the slave (TIOCSPTLCK), read its number (TIOCGPTN).
    let master = open("/dev/ptmx", O_RDWR | O_NOCTTY)
    guard master >= 0 else { return nil }
    var unlock: Int32 = 0
    var number: UInt32 = 0
    guard ioctl(master, 0x4004_5431, &unlock) == 0, ioctl(master, 0x8004_5430, &number) == 0 else {
      close(master)
      return nil
    }
    let name = "/dev/pts/\(number)"
    let slave = open(name, O_RDWR | O_NOCTTY)
    guard slave >= 0 else {
      close(master)
      return nil
    }
    self.master = master
    self.slave = slave
    resize(columns: columns, rows: rows)
  }

  deinit {
    close(master)
    close(slave)
  }

  /// Sets the window size the slave reports.
  func resize(columns: Int, rows: Int) {
    var size = winsize(ws_row: UInt16(rows), ws_col: UInt16(columns), ws_xpixel: 0, ws_ypixel: 0)
    _ = ioctl(master, UInt(TIOCSWINSZ), &size)
  }

  /// The slave's settings, to compare before and after.
  var settings: [UInt8] {
    var state = termios()
    tcgetattr(slave, &state)
    return withUnsafeBytes(of: &state) { Array($0) }
  }

  /// Whether the slave is in raw mode (no echo, no line editing).
  var isRaw: Bool {
    var state = termios()
    tcgetattr(slave, &state)
    return state.c_lflag & tcflag_t(ICANON | ECHO) == 0
  }

  /// Starts `pcon ARGUMENTS` on the slave side with `pcon`'s state directory.
  func start(_ pcon: Pcon, _ arguments: [String]) throws -> Process {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: Pcon.binary)
    process.arguments = arguments
    var env = ProcessInfo.processInfo.environment
    for key in ["PCON_TOKEN", "PCON_NOW", "NO_COLOR", "XDG_DATA_HOME", "COLUMNS"] {
      env[key] = nil
    }
    env["PCON_STATE_DIR"] = pcon.stateDir
    env["TERM"] = "xterm"
    // A signal that kills the view must not wait on Swift's interactive crash report.
    env["SWIFT_BACKTRACE"] = "enable=no"
    process.environment = env
    let handle = FileHandle(fileDescriptor: slave, closeOnDealloc: false)
    process.standardInput = handle
    process.standardOutput = handle
    process.standardError = handle
    try process.run()
    return process
  }

  /// Types `text` as keys.
  func type(_ text: String) {
    let bytes = Array(text.utf8)
    _ = bytes.withUnsafeBytes { write(master, $0.baseAddress, $0.count) }
  }

  /// Reads until what pcon wrote since `from` contains `text`, or `timeout` seconds pass
  /// (a safety net: the wait ends as soon as the text appears).
  @discardableResult
  func waitFor(_ text: String, since from: Int = 0, timeout: Double = 10) -> Bool {
    let needle = Array(text.utf8)
    let deadline = Date().addingTimeInterval(timeout)
    while true {
      if output.count >= from + needle.count,
        output[from...].firstRange(of: needle) != nil
      {
        return true
      }
      let left = Int32(deadline.timeIntervalSinceNow * 1000)
      guard left > 0 else { return false }
      var poller = pollfd(fd: master, events: Int16(POLLIN), revents: 0)
      guard poll(&poller, 1, left) > 0 else { return false }
      var buffer = [UInt8](repeating: 0, count: 65536)
      let n = read(master, &buffer, buffer.count)
      if n <= 0 { return false }
      output += buffer[0..<n]
    }
  }

  /// Reads what is left once pcon has exited.
  func drain() {
    var poller = pollfd(fd: master, events: Int16(POLLIN), revents: 0)
    var buffer = [UInt8](repeating: 0, count: 65536)
    while poll(&poller, 1, 0) > 0 {
      let n = read(master, &buffer, buffer.count)
      if n <= 0 { return }
      output += buffer[0..<n]
    }
  }

  /// What pcon wrote, as text.
  var text: String { String(decoding: output, as: UTF8.self) }

  /// Whether the alternate screen was entered and then left, with the cursor shown and line
  /// wrapping on again.
  var leftAlternateScreen: Bool {
    let text = self.text
    guard let entered = text.range(of: "\u{1b}[?1049h", options: .backwards),
      let left = text.range(of: "\u{1b}[?1049l", options: .backwards)
    else { return false }
    return left.lowerBound > entered.lowerBound
      && text[entered.upperBound...].contains("\u{1b}[?25h")
      && text[entered.upperBound...].contains("\u{1b}[?7h")
  }
}
