/// Expands parsed template nodes over a stack of scopes, within a budget.
struct TemplateRenderer {
  let escaping: Template.Escaping
  var budget: Template.Budget
  /// The context stack: the last scope is searched first.
  var scopes: [JSON]
  var output: [UInt8] = []

  init(escaping: Template.Escaping, budget: Template.Budget, scopes: [JSON]) {
    self.escaping = escaping
    self.budget = budget
    self.scopes = scopes
  }

  mutating func render(_ nodes: [Template.Node]) throws(Template.BudgetExceeded) {
    for node in nodes {
      try spend(1)
      switch node {
      case .text(let bytes):
        try emit(bytes)
      case .value(let path, let escaped):
        guard let value = try lookup(path) else { continue }
        let text = Self.text(of: value)
        switch escaping {
        case .html: try emit(escaped ? Self.htmlEscaped(text) : Array(text.utf8))
        case .url: try emit(Self.percentEncoded(text))
        }
      case .section(let path, let inverted, let body):
        let value = try lookup(path)
        let truthy = value.map(Self.isTruthy) ?? false
        if inverted {
          if !truthy { try render(body) }
          continue
        }
        guard truthy, let value else { continue }
        if case .array(let items) = value {
          for item in items { try renderBody(body, in: item) }
        } else {
          try renderBody(body, in: value)
        }
      }
    }
  }

  private mutating func renderBody(_ body: [Template.Node], in scope: JSON)
    throws(Template.BudgetExceeded)
  {
    try spend(1)
    scopes.append(scope)
    defer { scopes.removeLast() }
    try render(body)
  }

  /// The value a name denotes: its first segment found in the nearest scope that holds it, the
  /// rest followed from there. Each scope and key looked at costs a step.
  private mutating func lookup(_ path: [String]) throws(Template.BudgetExceeded) -> JSON? {
    guard let first = path.first else { return scopes.last }
    var found: JSON?
    for scope in scopes.reversed() {
      if let value = try child(of: scope, first) {
        found = value
        break
      }
    }
    for segment in path.dropFirst() {
      guard let current = found else { return nil }
      found = try child(of: current, segment)
    }
    return found
  }

  private mutating func child(of value: JSON, _ key: String) throws(Template.BudgetExceeded)
    -> JSON?
  {
    switch value {
    case .object(let pairs):
      try spend(1 + pairs.count / 8)
      return pairs.first { $0.0 == key }?.1
    case .array(let items):
      try spend(1)
      guard let n = Int(key), items.indices.contains(n) else { return nil }
      return items[n]
    default:
      try spend(1)
      return nil
    }
  }

  private mutating func spend(_ steps: Int) throws(Template.BudgetExceeded) {
    budget.steps -= steps
    guard budget.steps >= 0 else {
      throw Template.BudgetExceeded(reason: "the template takes too many steps to expand")
    }
  }

  private mutating func emit(_ bytes: [UInt8]) throws(Template.BudgetExceeded) {
    guard bytes.count <= budget.outputBytes else {
      throw Template.BudgetExceeded(reason: "the template expands to too many bytes")
    }
    budget.outputBytes -= bytes.count
    output.append(contentsOf: bytes)
  }

  /// JavaScript's truthiness, which Particle's mustache follows: `false`, `null`, `""`, `0` and
  /// an empty list are false; everything else, objects included, is true.
  static func isTruthy(_ value: JSON) -> Bool {
    switch value {
    case .null: return false
    case .bool(let b): return b
    case .int(let i): return i != 0
    case .double(let d): return d != 0 && !d.isNaN
    case .string(let s): return !s.isEmpty
    case .array(let items): return !items.isEmpty
    case .object: return true
    }
  }

  /// A value as text: strings as they are, numbers and booleans as JSON writes them, `null` as
  /// nothing, lists and objects as compact JSON (more useful in a body than JavaScript's
  /// `[object Object]`).
  static func text(of value: JSON) -> String {
    switch value {
    case .null: return ""
    case .string(let s): return s
    case .bool, .int, .double, .array, .object: return JSONWriter(pretty: false).string(value)
    }
  }

  /// The five characters Particle's documentation names: `& < > " '`.
  static func htmlEscaped(_ text: String) -> [UInt8] {
    var out: [UInt8] = []
    out.reserveCapacity(text.utf8.count)
    for byte in text.utf8 {
      switch byte {
      case UInt8(ascii: "&"): out.append(contentsOf: "&amp;".utf8)
      case UInt8(ascii: "<"): out.append(contentsOf: "&lt;".utf8)
      case UInt8(ascii: ">"): out.append(contentsOf: "&gt;".utf8)
      case UInt8(ascii: "\""): out.append(contentsOf: "&quot;".utf8)
      case UInt8(ascii: "'"): out.append(contentsOf: "&#39;".utf8)
      default: out.append(byte)
      }
    }
    return out
  }

  /// RFC 3986 percent-encoding of everything but the unreserved characters.
  static func percentEncoded(_ text: String) -> [UInt8] {
    let hex = Array("0123456789ABCDEF".utf8)
    var out: [UInt8] = []
    out.reserveCapacity(text.utf8.count)
    for byte in text.utf8 {
      switch byte {
      case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"),
        UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "."),
        UInt8(ascii: "_"), UInt8(ascii: "~"):
        out.append(byte)
      default:
        out.append(contentsOf: [UInt8(ascii: "%"), hex[Int(byte >> 4)], hex[Int(byte & 15)]])
      }
    }
    return out
  }
}
