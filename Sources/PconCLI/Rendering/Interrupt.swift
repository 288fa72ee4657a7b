import Glibc

/// SIGINT and SIGTERM for long-running commands (`logs --follow`): the first one asks the
/// loop to finish cleanly, so the command flushes its output and exits 0.
enum Interrupt {
  nonisolated(unsafe) private static var flag: sig_atomic_t = 0

  /// Starts catching the signals.
  static func install() {
    flag = 0
    signal(SIGINT) { _ in Interrupt.flag = 1 }
    signal(SIGTERM) { _ in Interrupt.flag = 1 }
    // A parent may have started pcon with these signals blocked; following must still stop.
    var set = sigset_t()
    sigemptyset(&set)
    sigaddset(&set, SIGINT)
    sigaddset(&set, SIGTERM)
    pthread_sigmask(SIG_UNBLOCK, &set, nil)
  }

  /// Whether a signal arrived since `install`.
  static var requested: Bool { flag != 0 }
}
