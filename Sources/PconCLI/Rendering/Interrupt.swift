import Glibc

/// SIGINT, SIGTERM and SIGHUP for long-running commands (`logs --follow`): the first one asks the
/// loop to finish cleanly, so the command flushes its output and exits 0.
enum Interrupt {
  nonisolated(unsafe) private static var flag: sig_atomic_t = 0

  /// Starts catching the signals.
  static func install() {
    flag = 0
    signal(SIGINT) { _ in Interrupt.flag = 1 }
    signal(SIGTERM) { _ in Interrupt.flag = 1 }
    // A hangup sent to a terminal that is still there (kill -HUP, a multiplexer) ends the
    // command as cleanly as SIGTERM does.
    signal(SIGHUP) { _ in Interrupt.flag = 1 }
    // A parent may have started pcon with these signals blocked; following must still stop.
    var set = sigset_t()
    sigemptyset(&set)
    sigaddset(&set, SIGINT)
    sigaddset(&set, SIGTERM)
    sigaddset(&set, SIGHUP)
    pthread_sigmask(SIG_UNBLOCK, &set, nil)
  }

  /// Whether a signal arrived since `install`.
  static var requested: Bool { flag != 0 }
}
