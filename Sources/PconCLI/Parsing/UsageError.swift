/// A command line pcon cannot run: an unknown word, a missing or malformed argument.
public struct UsageError: Error, Sendable, Equatable {
  public let message: String
  /// The command path the error is about, for the usage line and the help hint.
  public let path: [String]
  /// A "did you mean" suggestion, when one is close enough.
  public var suggestion: String?

  public init(_ message: String, path: [String], suggestion: String? = nil) {
    self.message = message
    self.path = path
    self.suggestion = suggestion
  }
}
