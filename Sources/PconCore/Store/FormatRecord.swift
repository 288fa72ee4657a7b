/// `pcon.json`: the format version, and when it was created or last migrated.
public struct FormatRecord: Sendable {
  /// The format version the state was written in.
  public var version: Int
  /// `created_at` or `migrated_at`, and when.
  var stamp: (key: String, time: Timestamp)?
}
