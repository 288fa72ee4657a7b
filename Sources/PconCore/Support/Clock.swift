import Glibc

/// Where "now" comes from: the system clock, or a fixed instant for replayable runs.
public struct Clock: Sendable {
  private let read: @Sendable () -> Timestamp

  public init(_ read: @escaping @Sendable () -> Timestamp) { self.read = read }

  /// The current instant.
  public func now() -> Timestamp { read() }

  /// The system's real-time clock.
  public static let system = Clock {
    var spec = timespec()
    clock_gettime(CLOCK_REALTIME, &spec)
    return Timestamp(
      millisecondsSince1970: Int64(spec.tv_sec) * 1000 + Int64(spec.tv_nsec) / 1_000_000)
  }

  /// A clock that always answers `instant`.
  public static func fixed(_ instant: Timestamp) -> Clock { Clock { instant } }
}
