/// The moment an exchange must be over by, on the monotonic clock.
struct Deadline {
  private let end: ContinuousClock.Instant
  /// The timeout as people read it, for messages: "20 s", "0.25 s".
  let limit: String

  /// `seconds` from now; a negative, NaN or huge timeout is clamped to a sane range.
  init(seconds: Double) {
    let clamped = seconds.isNaN ? 0 : min(max(seconds, 0), 86_400)
    end = ContinuousClock.now.advanced(by: .milliseconds(Int64(clamped * 1000)))
    let whole = clamped.rounded() == clamped
    limit = whole ? "\(Int(clamped)) s" : "\((clamped * 1000).rounded() / 1000) s"
  }

  /// Milliseconds left for poll(2): 0 once passed.
  var remainingMilliseconds: Int32 {
    let now = ContinuousClock.now
    guard now < end else { return 0 }
    let left = now.duration(to: end).components
    // Rounded up, so a wait never ends before the deadline it was given.
    let partial = (left.attoseconds + 999_999_999_999_999) / 1_000_000_000_000_000
    return Int32(clamping: left.seconds * 1000 + partial)
  }

  var hasPassed: Bool { ContinuousClock.now >= end }
}
