import Glibc

/// The log filter language: free words and phrases, `device:`, `event:`, `data:`, `range:`,
/// and `-` negation. Repeated modifiers of one kind mean either; all terms must match.
public struct EventFilter: Sendable, Equatable {
  /// One condition on an event.
  public enum Term: Sendable, Equatable {
    /// Case-insensitive substring of the name, data, publisher ID or name, or published_at.
    case word(String)
    /// Published by this device (an ID, or a name resolved against the actor's devices).
    case device(String)
    /// The name matches this pattern (`*` matches any run of characters).
    case event(Wildcard)
    /// The data matches this pattern.
    case data(Wildcard)
    /// The data, read whole as a decimal number, lies in the closed range.
    case range(Double, Double)

    var key: String {
      switch self {
      case .word: return "word"
      case .device: return "device"
      case .event: return "event"
      case .data: return "data"
      case .range: return "range"
      }
    }
  }

  /// Terms that must all hold; each entry is a set of alternatives (a repeated modifier).
  public var required: [[Term]] = []
  /// Terms none of which may hold.
  public var excluded: [Term] = []

  public init() {}

  /// Whether the filter names a device (not allowed where the scope is one device).
  public var mentionsDevice: Bool {
    (required.flatMap { $0 } + excluded).contains {
      if case .device = $0 { return true } else { return false }
    }
  }

  /// Whether the filter accepts everything.
  public var isEmpty: Bool { required.isEmpty && excluded.isEmpty }
}

/// A pattern where `*` matches any run of characters and everything else matches itself.
public struct Wildcard: Sendable, Equatable {
  let parts: [[UInt8]]
  let isExact: Bool

  public init(_ pattern: String) {
    let bytes = Array(pattern.utf8)
    isExact = !bytes.contains(UInt8(ascii: "*"))
    parts = bytes.split(separator: UInt8(ascii: "*"), omittingEmptySubsequences: false).map(
      Array.init)
  }

  /// Whether `text` matches the whole pattern.
  func matches(_ text: UnsafeBufferPointer<UInt8>) -> Bool {
    if isExact {
      let part = parts[0]
      guard text.count == part.count else { return false }
      guard let textBase = text.baseAddress else { return part.isEmpty }
      return part.withUnsafeBufferPointer {
        $0.baseAddress.map { memcmp($0, textBase, part.count) == 0 } ?? true
      }
    }
    guard let first = parts.first, let last = parts.last,
      text.count >= first.count + (parts.count > 1 ? last.count : 0),
      text.starts(with: first), text.reversed().starts(with: last.reversed())
    else { return false }
    var index = first.count
    let limit = text.count - last.count
    for part in parts.dropFirst().dropLast() where !part.isEmpty {
      guard let found = find(part, in: text, from: index, to: limit) else { return false }
      index = found + part.count
    }
    return index <= limit
  }

  private func find(_ needle: [UInt8], in text: UnsafeBufferPointer<UInt8>, from: Int, to: Int)
    -> Int?
  {
    guard needle.count <= to - from else { return nil }
    var i = from
    while i + needle.count <= to {
      var j = 0
      while j < needle.count, text[i + j] == needle[j] { j += 1 }
      if j == needle.count { return i }
      i += 1
    }
    return nil
  }
}
