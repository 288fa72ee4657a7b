/// One setting of the Tracker configuration schema: where it lives, its type, range and default.
public struct TrackerField: Sendable, Equatable {
  /// The JSON Schema types a setting can have.
  public enum Kind: Sendable, Equatable {
    case bool, integer, number
    /// A string that must be one of these values.
    case enumeration([String])

    /// How the type reads in an error: "true or false", "a whole number", ….
    var expectation: String {
      switch self {
      case .bool: return "true or false"
      case .integer: return "a whole number"
      case .number: return "a number"
      case .enumeration(let values): return "one of " + values.joined(separator: ", ")
      }
    }
  }

  /// The module (top-level object) it belongs to: `location`, `sleep`, `geofence`, ….
  public let module: String
  /// Its key inside the module; a geofence zone's keys are `zone1.lat` and so on.
  public let key: String
  public let kind: Kind
  public let minimum: Double?
  public let maximum: Double?
  public let defaultValue: TrackerValue

  /// The name `config set` takes: `location.radius`, `geofence.zone2.enable`.
  public var path: String { "\(module).\(key)" }

  /// Reads `text` as this setting's value, refusing the wrong type or a value out of range.
  public func value(parsing text: String) throws -> TrackerValue {
    let parsed: TrackerValue?
    switch kind {
    case .bool: parsed = text == "true" ? .bool(true) : text == "false" ? .bool(false) : nil
    case .integer: parsed = Self.isInteger(text) ? Int64(text).map(TrackerValue.integer) : nil
    case .number:
      parsed = Figures.decimal(text).map(TrackerValue.number)
    case .enumeration(let values): parsed = values.contains(text) ? .text(text) : nil
    }
    guard let parsed else {
      throw PconError.invalidValue(
        field: .trackerSetting(path), value: text, expected: expectation)
    }
    try check(parsed)
    return parsed
  }

  /// Refuses a value of the wrong type for this setting or outside its range.
  func check(_ value: TrackerValue) throws {
    let fits: Bool
    switch (kind, value) {
    case (.bool, .bool), (.integer, .integer), (.number, .number): fits = true
    case (.enumeration(let values), .text(let text)): fits = values.contains(text)
    default: fits = false
    }
    if fits, let number = value.numeric {
      if let minimum, number < minimum { return try refuse(value) }
      if let maximum, number > maximum { return try refuse(value) }
    }
    if !fits { try refuse(value) }
  }

  private func refuse(_ value: TrackerValue) throws {
    throw PconError.invalidValue(
      field: .trackerSetting(path), value: value.text, expected: expectation)
  }

  /// What a value must be: its type and range, as an error says it.
  public var expectation: String {
    let figure = { (bound: Double) in JSONWriter.format(bound) }
    switch (minimum, maximum) {
    case (let low?, let high?):
      return "\(kind.expectation) from \(figure(low)) to \(figure(high))"
    case (let low?, nil): return "\(kind.expectation) of at least \(figure(low))"
    case (nil, let high?): return "\(kind.expectation) of at most \(figure(high))"
    case (nil, nil): return kind.expectation
    }
  }

  private static func isInteger(_ text: String) -> Bool {
    let digits = text.hasPrefix("-") ? text.dropFirst() : Substring(text)
    return !digits.isEmpty && digits.count <= 18 && digits.allSatisfy { $0.isASCII && $0.isNumber }
  }

}
