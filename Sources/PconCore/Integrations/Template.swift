/// A parsed mustache template, the language Particle's webhooks expand: `{{name}}` (HTML-escaped),
/// `{{{name}}}` and `{{& name}}` (raw), dotted names (`a.b`, `c.0.d`), sections `{{#x}}…{{/x}}`,
/// inverted sections `{{^x}}…{{/x}}` and comments `{{! …}}`.
///
/// Parsing is separate from rendering so a definition's templates can be checked when it is
/// saved, and each delivery renders what was parsed within a budget (see `Budget`).
public struct Template: Sendable, Equatable {
  /// One piece of a template.
  indirect enum Node: Sendable, Equatable {
    case text([UInt8])
    /// A value; `path` is empty for `{{.}}`, the current context itself.
    case value(path: [String], escaped: Bool)
    case section(path: [String], inverted: Bool, body: [Node])
  }

  let nodes: [Node]

  /// The most sections one template may nest, so rendering never recurses without bound.
  public static let maxNesting = 32

  /// Why a text is not a well-formed template, and where.
  public struct SyntaxError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The byte (UTF-8, from 0) where the fault starts.
    public let offset: Int
    public let reason: String

    public init(offset: Int, reason: String) {
      self.offset = offset
      self.reason = reason
    }

    public var description: String { "\(reason) at byte \(offset)" }
  }

  /// Parses `text`, or names the first fault in it.
  public static func parse(_ text: String) throws(SyntaxError) -> Template {
    var parser = TemplateParser(bytes: Array(text.utf8))
    return Template(nodes: try parser.parse())
  }

  /// Whether the template holds no tags: it renders to its own text.
  public var isConstant: Bool {
    nodes.allSatisfy { if case .text = $0 { return true } else { return false } }
  }
}

extension Template {
  /// How rendered values are escaped.
  public enum Escaping: Sendable {
    /// Mustache's rule: `{{x}}` is HTML-escaped, `{{{x}}}` and `{{& x}}` are not.
    case html
    /// Every value is percent-encoded (all but `A–Z a–z 0–9 - . _ ~`), whatever its braces: the
    /// rule for URLs, so a value can fill a path segment or query value but never add one.
    case url
  }

  /// What rendering may spend: bytes of output and steps of work. One budget can be shared by
  /// every template of a request, so a hostile definition or event cannot exhaust memory or time.
  public struct Budget: Sendable, Equatable {
    public var outputBytes: Int
    public var steps: Int

    public init(outputBytes: Int, steps: Int) {
      self.outputBytes = outputBytes
      self.steps = steps
    }

    /// 1 MiB of output and a million steps: far beyond any real webhook, quick to exhaust.
    public static let standard = Budget(outputBytes: 1 << 20, steps: 1 << 20)
  }

  /// Rendering stopped because the budget ran out.
  public struct BudgetExceeded: Error, Equatable, Sendable, CustomStringConvertible {
    public let reason: String
    public var description: String { reason }
  }

  /// Renders over `context`, a stack of scopes searched from the last to the first, spending
  /// from `budget`.
  public func render(_ context: [JSON], escaping: Escaping = .html, budget: inout Budget)
    throws(BudgetExceeded) -> String
  {
    var renderer = TemplateRenderer(escaping: escaping, budget: budget, scopes: context)
    defer { budget = renderer.budget }
    try renderer.render(nodes)
    return String(decoding: renderer.output, as: UTF8.self)
  }

  /// Renders over `context` within a standard budget of its own.
  public func render(_ context: [JSON], escaping: Escaping = .html) throws(BudgetExceeded)
    -> String
  {
    var budget = Budget.standard
    return try render(context, escaping: escaping, budget: &budget)
  }
}
