import PconCore

/// An option together with the PconCore value its words become.
///
/// The parser refuses a word `parse` rejects, naming the option and what it expects, so an
/// action reading `run[key]` only ever sees a value that parsed.
public struct OptionKey<Value: Sendable>: Sendable {
  /// The option as help, man pages and completion show it.
  public private(set) var option: Option
  let parse: @Sendable (String) -> Value?

  /// A key whose words become values through `parse`; `expects` finishes "expected …".
  public init(
    _ option: Option, expects: String, parse: @escaping @Sendable (String) -> Value?
  ) {
    var option = option
    option.expects = expects
    option.accepts = { parse($0) != nil }
    self.option = option
    self.parse = parse
  }

  /// The same key with the summary this command gives it.
  public func described(_ summary: String) -> OptionKey {
    var key = self
    key.option.summary = summary
    return key
  }

  /// The same key, which this command cannot run without.
  public func required() -> OptionKey {
    var key = self
    key.option.isRequired = true
    return key
  }

  private init(option: Option, parse: @escaping @Sendable (String) -> Value?) {
    self.option = option
    self.parse = parse
  }
}

extension OptionKey where Value == String {
  /// A key whose value is the word as given.
  public init(_ option: Option) {
    self.init(option: option, parse: { $0 })
  }
}

extension OptionKey where Value: RawRepresentable & CaseIterable, Value.RawValue == String {
  /// A key whose words are the raw values of an enumeration.
  public init(enumeration option: Option) {
    var option = option
    option.allowed = Value.allCases.map(\.rawValue)
    option.completion = .values(option.allowed)
    self.init(option: option, parse: { Value(rawValue: $0) })
  }
}

extension OptionKey where Value == Int {
  /// A key whose value is a duration within `range` seconds: whole seconds, or a span such as
  /// `90d` or `1h30m`, as time options take.
  public static func duration(_ option: Option, in range: ClosedRange<Int>) -> OptionKey {
    OptionKey(
      option, expects: "seconds or a span such as 12h or 90d, at most \(range.upperBound) seconds",
      parse: { text in
        let seconds = Int(text) ?? TimeSpec.spanSeconds(text).map(Int.init)
        return seconds.flatMap { range.contains($0) ? $0 : nil }
      })
  }

  /// A key whose value is a whole number within `range`.
  public static func integer(_ option: Option, in range: ClosedRange<Int>) -> OptionKey {
    OptionKey(
      option, expects: "a whole number from \(range.lowerBound) to \(range.upperBound)",
      parse: { Int($0).flatMap { range.contains($0) ? $0 : nil } })
  }
}
