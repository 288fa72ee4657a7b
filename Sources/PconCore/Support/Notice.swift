/// Something a use case reports without stopping: a problem found, a record skipped, a warning.
/// PconCore only describes it; PconCLI decides how it is shown.
public struct Notice: Sendable, Equatable {
  /// How much a notice matters to the person reading it.
  public enum Severity: String, Sendable {
    case info, warning, problem
  }

  /// How much it matters.
  public let severity: Severity
  /// What it is about: a file, a device ID, an input line; empty when it stands alone.
  public let subject: String
  /// What is wrong or worth knowing about the subject.
  public let message: String

  /// A notice of `severity` about `subject`.
  public init(_ severity: Severity, subject: String, message: String) {
    self.severity = severity
    self.subject = subject
    self.message = message
  }
}
