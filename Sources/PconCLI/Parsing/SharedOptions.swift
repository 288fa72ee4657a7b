import PconCore

/// Options many commands take, declared once; a command may give one its own summary
/// (`SharedOptions.product.described("…")`) or make it required.
enum SharedOptions {
  static let product = OptionKey(
    Option("product", value: "PRODUCT", "a product ID or slug", completion: .state(.products)))

  static let device = OptionKey(
    Option("device", value: "DEVICE", "a device ID or name", completion: .state(.devices)))

  static let org = OptionKey(
    Option("org", value: "ORG", "an organization", completion: .state(.orgs)))

  /// A growth-plan device class, which blocks are bought for.
  static let deviceClass = OptionKey<DeviceClass>(
    enumeration: Option(
      "class", value: "CLASS", "the device class the blocks are for"))

  static let platform = OptionKey(
    Option(
      "platform", value: "PLATFORM", "a platform", completion: .values(Platform.all.map(\.name))),
    expects: "a platform name or ID (\(Platform.all.map(\.name).joined(separator: ", ")))",
    parse: { try? Platform.named($0) })

  static let since = time(
    "since", "only events at or after TIME (ISO-8601, or a span ago: 15m, 1h30m, 7d, 1y)")
  static let until = time("until", "only events at or before TIME")
  static let before = time("before", "ISO-8601, or a span ago such as 90d")

  /// A count of at most `Int32.max` things.
  static let limit = OptionKey.integer(
    Option("limit", value: "N", "at most N"), in: 1...Int(Int32.max))

  /// The instants `--since` and `--until` name at `now`; a window that ends before it starts
  /// is a usage error, not an empty listing.
  static func window(_ run: Invocation, now: Timestamp) throws(UsageError) -> (
    since: Timestamp?, until: Timestamp?
  ) {
    let since = run[SharedOptions.since]?.resolved(now: now)
    let until = run[SharedOptions.until]?.resolved(now: now)
    if let since, let until, since > until {
      throw UsageError(
        "--since \(since.iso8601) is after --until \(until.iso8601)", path: run.line.path)
    }
    return (since, until)
  }

  private static func time(_ long: String, _ summary: String) -> OptionKey<TimeOption> {
    OptionKey(
      Option(long, value: "TIME", summary),
      expects: "ISO-8601 (2026-11-26T10:00:00Z) or a span ago (15m, 2h, 7d, 1h30m, 1y)",
      parse: TimeOption.init)
  }
}

/// A time given on the command line: an instant, or a span before whatever now turns out to be.
struct TimeOption: Sendable {
  private let text: String

  init?(_ text: String) {
    // The instant is checked against a fixed now: whether a word parses never depends on it.
    guard TimeSpec.parse(text, now: Timestamp(millisecondsSince1970: 0)) != nil else { return nil }
    self.text = text
  }

  /// The instant this names when the time is `now`.
  func resolved(now: Timestamp) -> Timestamp { TimeSpec.parse(text, now: now) ?? now }
}
