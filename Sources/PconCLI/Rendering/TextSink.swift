import Glibc

/// Somewhere text goes: a file descriptor, or a buffer in tests.
public final class TextSink: @unchecked Sendable {
  private let fd: Int32?
  private var pending: [UInt8] = []
  private let lock = NSLockLike()
  /// Everything written, when the sink is a buffer.
  public private(set) var captured: [UInt8] = []
  /// Whether the sink is a terminal.
  public let isTerminal: Bool

  private let writesThrough: Bool
  /// Why output was lost, when a write failed for a reason other than a closed pipe (a full
  /// disk, an I/O error): the command must not then report success.
  public private(set) var failure: Int32?

  /// A sink writing to `fd`: buffered until `flush` or 64 KiB, or, with `writesThrough`
  /// (stderr), on every write so notices and prompts appear when they happen.
  public init(fd: Int32, writesThrough: Bool = false) {
    self.fd = fd
    self.isTerminal = isatty(fd) == 1
    self.writesThrough = writesThrough
  }

  /// A sink that keeps what is written, for tests and the demo's tour.
  public init(capturingAsTerminal isTerminal: Bool = false) {
    self.fd = nil
    self.isTerminal = isTerminal
    self.writesThrough = false
  }

  /// The captured text as a string.
  public var text: String { String(decoding: captured, as: UTF8.self) }

  public func write(_ text: String) { write(bytes: Array(text.utf8)) }

  public func write(bytes: [UInt8]) {
    lock.locked {
      guard fd != nil else {
        captured.append(contentsOf: bytes)
        return
      }
      pending.append(contentsOf: bytes)
      if writesThrough || pending.count >= 1 << 16 { drain() }
    }
  }

  /// Writes out whatever is buffered.
  public func flush() { lock.locked { drain() } }

  private func drain() {
    guard let fd, !pending.isEmpty else { return }
    var offset = 0
    while offset < pending.count {
      let n = pending.withUnsafeBytes { raw in
        Glibc.write(fd, raw.baseAddress.map { $0 + offset }, raw.count - offset)
      }
      if n < 0 {
        if errno == EINTR { continue }
        // A closed pipe (e.g. `| head`) drops the rest quietly, as other tools do.
        if errno != EPIPE, failure == nil { failure = errno }
        break
      }
      offset += n
    }
    pending.removeAll(keepingCapacity: true)
  }
}

/// A minimal mutex so sinks can be shared by the follow loop and signal-driven shutdown.
final class NSLockLike: @unchecked Sendable {
  private var mutex = pthread_mutex_t()
  init() { pthread_mutex_init(&mutex, nil) }
  deinit { pthread_mutex_destroy(&mutex) }
  func locked<T>(_ body: () -> T) -> T {
    pthread_mutex_lock(&mutex)
    defer { pthread_mutex_unlock(&mutex) }
    return body()
  }
}
