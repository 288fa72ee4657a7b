import Glibc

/// SIGWINCH: the terminal's window changed size, so the live view lays itself out again.
enum WindowResize {
  nonisolated(unsafe) private static var flag: sig_atomic_t = 0

  /// Starts catching the signal.
  static func install() {
    flag = 0
    signal(SIGWINCH) { _ in WindowResize.flag = 1 }
    // As with Interrupt: a parent may have started pcon with the signal blocked.
    var set = sigset_t()
    sigemptyset(&set)
    sigaddset(&set, SIGWINCH)
    pthread_sigmask(SIG_UNBLOCK, &set, nil)
  }

  /// Whether the window changed since the last call.
  static func take() -> Bool {
    defer { flag = 0 }
    return flag != 0
  }
}
