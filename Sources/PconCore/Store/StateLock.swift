import Glibc

/// The advisory lock that serialises writers and lets readers share: `flock` on `lock`.
final class StateLock {
  enum Mode { case shared, exclusive }

  private let fd: Int32

  /// Takes the lock in `mode`, waiting at most `timeout` seconds.
  init(directory: String, mode: Mode, timeout: Double) throws(PconError) {
    let path = directory + "/lock"
    let fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o600)
    guard fd >= 0 else {
      throw PconError.stateUnusable(
        path: directory, reason: "cannot open its lock file: \(String(cString: strerror(errno)))")
    }
    self.fd = fd
    do {
      try StateLock.acquire(fd, mode == .shared ? LOCK_SH : LOCK_EX, timeout: timeout)
    } catch {
      close(fd)
      throw error
    }
  }

  /// Changes the mode of a held lock (used to replay a journal, then go back to sharing).
  func change(to mode: Mode, timeout: Double) throws(PconError) {
    try StateLock.acquire(fd, mode == .shared ? LOCK_SH : LOCK_EX, timeout: timeout)
  }

  private static func acquire(_ fd: Int32, _ operation: Int32, timeout: Double) throws(PconError) {
    var waited = 0.0
    var pause = 0.001
    while flock(fd, operation | LOCK_NB) != 0 {
      guard errno == EWOULDBLOCK || errno == EINTR else {
        throw PconError.stateUnusable(path: "lock", reason: String(cString: strerror(errno)))
      }
      guard waited < timeout else { throw PconError.stateLocked(seconds: timeout) }
      // Back off up to 20 ms so many waiting writers do not spin the CPU.
      usleep(UInt32(pause * 1_000_000))
      waited += pause
      pause = min(pause * 2, 0.02)
    }
  }

  deinit {
    flock(fd, LOCK_UN)
    close(fd)
  }
}
