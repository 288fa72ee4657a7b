/// A parsed JSON value whose objects keep their keys in order.
///
/// pcon reads and writes its state files and `--json` output through this type rather than
/// `Codable`, so that a damaged file is reported with the byte where it breaks and output keys
/// come out in the documented order.
public enum JSON: Sendable, Equatable {
  case null
  case bool(Bool)
  case int(Int64)
  case double(Double)
  case string(String)
  case array([JSON])
  case object([(String, JSON)])

  public static func == (lhs: JSON, rhs: JSON) -> Bool {
    switch (lhs, rhs) {
    case (.null, .null): return true
    case (.bool(let a), .bool(let b)): return a == b
    case (.int(let a), .int(let b)): return a == b
    case (.double(let a), .double(let b)): return a == b
    case (.int(let a), .double(let b)), (.double(let b), .int(let a)): return Double(a) == b
    case (.string(let a), .string(let b)): return a == b
    case (.array(let a), .array(let b)): return a == b
    case (.object(let a), .object(let b)):
      return a.count == b.count && zip(a, b).allSatisfy { $0.0 == $1.0 && $0.1 == $1.1 }
    default: return false
    }
  }

  /// The value for `key` when this is an object.
  public subscript(key: String) -> JSON? {
    guard case .object(let pairs) = self else { return nil }
    for (k, v) in pairs where k == key { return v }
    return nil
  }

  /// A name for the kind of value, for error messages.
  public var kindName: String {
    switch self {
    case .null: return "null"
    case .bool: return "a boolean"
    case .int, .double: return "a number"
    case .string: return "a string"
    case .array: return "an array"
    case .object: return "an object"
    }
  }
}

extension JSON {
  /// Wraps an optional string, mapping `nil` to `null`.
  public static func string(_ value: String?) -> JSON { value.map(JSON.string) ?? .null }
  /// Wraps an optional integer, mapping `nil` to `null`.
  public static func int(_ value: Int?) -> JSON { value.map { JSON.int(Int64($0)) } ?? .null }
}
