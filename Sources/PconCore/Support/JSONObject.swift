/// Reads the fields of a JSON object, naming the path of any field that is missing or mistyped.
public struct JSONObject {
  /// Why a JSON document does not have the shape a model needs.
  public struct ShapeError: Error, Sendable, Equatable, CustomStringConvertible {
    public let path: String
    public let problem: String
    public var description: String { "\(problem) at \(path)" }
  }

  private let pairs: [(String, JSON)]
  /// Where this object sits in its document, e.g. `devices[3]`.
  public let path: String

  public init(_ value: JSON, path: String) throws(ShapeError) {
    guard case .object(let pairs) = value else {
      throw ShapeError(
        path: path.isEmpty ? "the top level" : path,
        problem: "expected an object, found \(value.kindName)")
    }
    self.pairs = pairs
    self.path = path
  }

  /// The object's keys and values, in document order.
  var fields: [(String, JSON)] { pairs }

  private func field(_ key: String) -> String { path.isEmpty ? key : "\(path).\(key)" }

  private func lookup(_ key: String) -> JSON? {
    for (k, v) in pairs where k == key { return v }
    return nil
  }

  private func required(_ key: String) throws(ShapeError) -> JSON {
    guard let value = lookup(key) else {
      throw ShapeError(path: field(key), problem: "missing key")
    }
    return value
  }

  private func mistyped(_ key: String, _ expected: String, _ value: JSON) -> ShapeError {
    ShapeError(path: field(key), problem: "expected \(expected), found \(value.kindName)")
  }

  public func string(_ key: String) throws(ShapeError) -> String {
    let value = try required(key)
    guard case .string(let s) = value else { throw mistyped(key, "a string", value) }
    return s
  }

  public func optionalString(_ key: String) throws(ShapeError) -> String? {
    guard let value = lookup(key) else { return nil }
    switch value {
    case .null: return nil
    case .string(let s): return s
    default: throw mistyped(key, "a string or null", value)
    }
  }

  public func int(_ key: String) throws(ShapeError) -> Int {
    let value = try required(key)
    guard case .int(let i) = value, let n = Int(exactly: i) else {
      throw mistyped(key, "an integer", value)
    }
    return n
  }

  public func optionalInt(_ key: String) throws(ShapeError) -> Int? {
    guard let value = lookup(key) else { return nil }
    switch value {
    case .null: return nil
    case .int(let i): return Int(i)
    default: throw mistyped(key, "an integer or null", value)
    }
  }

  public func bool(_ key: String, default fallback: Bool? = nil) throws(ShapeError) -> Bool {
    guard let value = lookup(key) else {
      if let fallback { return fallback }
      throw ShapeError(path: field(key), problem: "missing key")
    }
    guard case .bool(let b) = value else { throw mistyped(key, "a boolean", value) }
    return b
  }

  public func strings(_ key: String) throws(ShapeError) -> [String] {
    guard let value = lookup(key), value != .null else { return [] }
    guard case .array(let items) = value else { throw mistyped(key, "an array", value) }
    var result: [String] = []
    for (n, item) in items.enumerated() {
      guard case .string(let s) = item else {
        throw ShapeError(
          path: "\(field(key))[\(n)]", problem: "expected a string, found \(item.kindName)")
      }
      result.append(s)
    }
    return result
  }

  /// The objects of an array field, each with its own path.
  public func objects(_ key: String) throws(ShapeError) -> [JSONObject] {
    guard let value = lookup(key), value != .null else { return [] }
    guard case .array(let items) = value else { throw mistyped(key, "an array", value) }
    var result: [JSONObject] = []
    result.reserveCapacity(items.count)
    for (n, item) in items.enumerated() {
      result.append(try JSONObject(item, path: "\(field(key))[\(n)]"))
    }
    return result
  }

  /// An object field with its own path.
  public func object(_ key: String) throws(ShapeError) -> JSONObject {
    try JSONObject(try required(key), path: field(key))
  }

  /// An object field with its own path, or nil when absent or null.
  public func optionalObject(_ key: String) throws(ShapeError) -> JSONObject? {
    guard let value = lookup(key), value != .null else { return nil }
    return try JSONObject(value, path: field(key))
  }

  /// A date field in pcon's ISO-8601 form, or nil when absent or null.
  public func optionalDate(_ key: String) throws(ShapeError) -> Timestamp? {
    guard let text = try optionalString(key) else { return nil }
    guard let date = Timestamp(iso8601: text) else {
      throw ShapeError(path: field(key), problem: "expected an ISO-8601 time, found \"\(text)\"")
    }
    return date
  }

  public func date(_ key: String) throws(ShapeError) -> Timestamp {
    guard let date = try optionalDate(key) else {
      throw ShapeError(path: field(key), problem: "missing key")
    }
    return date
  }
}

extension JSONObject {
  /// Requires each key to be present and an array (a state file's top-level lists).
  func requireArrays(_ keys: String...) throws(ShapeError) {
    for key in keys {
      guard let value = fields.first(where: { $0.0 == key })?.1 else {
        throw ShapeError(path: key, problem: "missing key")
      }
      guard case .array = value else {
        throw ShapeError(path: key, problem: "expected an array, found \(value.kindName)")
      }
    }
  }

  /// Requires `key` to be present (null allowed).
  func requireKey(_ key: String) throws(ShapeError) {
    guard fields.contains(where: { $0.0 == key }) else {
      throw ShapeError(path: key, problem: "missing key")
    }
  }
}
