/// One setting's value, typed as the schema types it.
public enum TrackerValue: Sendable, Equatable {
  case bool(Bool)
  case integer(Int64)
  case number(Double)
  /// One of an enumeration's values.
  case text(String)

  /// The value as it is written in configuration JSON.
  public var json: JSON {
    switch self {
    case .bool(let value): return .bool(value)
    case .integer(let value): return .int(value)
    case .number(let value): return .double(value)
    case .text(let value): return .string(value)
    }
  }

  /// The value as a person types it: `true`, `900`, `151.5`, `medium`.
  public var text: String {
    switch self {
    case .bool(let value): return value ? "true" : "false"
    case .integer(let value): return String(value)
    case .number(let value): return JSONWriter.format(value)
    case .text(let value): return value
    }
  }

  /// The value as a number, for range checks; nil for booleans and enumerations.
  var numeric: Double? {
    switch self {
    case .integer(let value): return Double(value)
    case .number(let value): return value
    case .bool, .text: return nil
    }
  }
}
