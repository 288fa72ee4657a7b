/// Reads a filter query (`event:temp* -data:0 range:-10--2.5 "two words"`) into an `EventFilter`.
public enum FilterParser {
  static let modifiers = ["device", "event", "data", "range"]

  /// Parses `query`; every malformed term is a usage error naming it.
  public static func parse(_ query: String) throws -> EventFilter {
    var filter = EventFilter()
    var groups: [String: Int] = [:]
    for (text, negated, key, value) in try tokens(query) {
      let term: EventFilter.Term
      switch key {
      case nil: term = .word(value.lowercased())
      case "device"?: term = .device(value)
      case "event"?: term = .event(Wildcard(value))
      case "data"?: term = .data(Wildcard(value))
      case "range"?:
        let (low, high) = try range(value, term: text)
        term = .range(low, high)
      default:
        throw PconError.invalidQuery(
          term: text, reason: "unknown modifier; use \(modifiers.joined(separator: ", "))")
      }
      if negated {
        filter.excluded.append(term)
      } else if case .word = term {
        filter.required.append([term])
      } else if let index = groups[term.key] {
        filter.required[index].append(term)
      } else {
        groups[term.key] = filter.required.count
        filter.required.append([term])
      }
    }
    return filter
  }

  /// Splits a query into terms: (text as written, negated, modifier key, value).
  static func tokens(_ query: String) throws -> [(String, Bool, String?, String)] {
    var result: [(String, Bool, String?, String)] = []
    let characters = Array(query)
    var index = 0
    while index < characters.count {
      if characters[index].isWhitespace {
        index += 1
        continue
      }
      let start = index
      var negated = false
      if characters[index] == "-" {
        negated = true
        index += 1
      }
      var key: String?
      var keyEnd = index
      while keyEnd < characters.count, characters[keyEnd].isLetter, characters[keyEnd].isASCII {
        keyEnd += 1
      }
      if keyEnd > index, keyEnd < characters.count, characters[keyEnd] == ":" {
        key = String(characters[index..<keyEnd]).lowercased()
        index = keyEnd + 1
      }
      var value = ""
      if index < characters.count, characters[index] == "\"" {
        guard let close = characters[(index + 1)...].firstIndex(of: "\"") else {
          throw PconError.invalidQuery(
            term: String(characters[start...]), reason: "the quote is not closed")
        }
        value = String(characters[(index + 1)..<close])
        index = close + 1
      } else {
        while index < characters.count, !characters[index].isWhitespace {
          if characters[index] == "\"" {
            guard let close = characters[(index + 1)...].firstIndex(of: "\"") else {
              throw PconError.invalidQuery(
                term: String(characters[start...]), reason: "the quote is not closed")
            }
            value += String(characters[(index + 1)..<close])
            index = close + 1
            continue
          }
          value.append(characters[index])
          index += 1
        }
      }
      let text = String(characters[start..<index])
      if let key, !modifiers.contains(key) {
        throw PconError.invalidQuery(
          term: text, reason: "unknown modifier '\(key)'; use \(modifiers.joined(separator: ", "))")
      }
      guard !value.isEmpty else {
        throw PconError.invalidQuery(
          term: text,
          reason: key == nil ? "'-' needs a term after it" : "'\(key ?? ""):' needs a value")
      }
      result.append((text, negated, key, value))
    }
    return result
  }

  /// `MIN-MAX` with optional signs and decimals: `20-100`, `-10--2.5`, `0.5-1`.
  static func range(_ value: String, term: String) throws -> (Double, Double) {
    let bytes = Array(value.utf8)
    // The separator is the first '-' that follows a digit or '.'.
    var separator: Int?
    for i in 1..<max(bytes.count, 1) where bytes[i] == UInt8(ascii: "-") {
      if (bytes[i - 1] >= 0x30 && bytes[i - 1] <= 0x39) || bytes[i - 1] == UInt8(ascii: ".") {
        separator = i
        break
      }
    }
    guard let separator, let low = decimal(bytes[..<separator]),
      let high = decimal(bytes[(separator + 1)...])
    else {
      throw PconError.invalidQuery(
        term: term,
        reason: "expected range:MIN-MAX with decimal numbers, e.g. range:20-100 or range:-10--2.5")
    }
    guard low <= high else {
      throw PconError.invalidQuery(term: term, reason: "MIN is greater than MAX")
    }
    return (low, high)
  }

  private static let powersOfTen: [Double] = (0...22).map { n in
    (0..<n).reduce(1.0) { r, _ in r * 10 }
  }

  /// A plain decimal number (`-12`, `3.5`, `.5`, `+2`), or nil; no exponents, no spaces.
  static func decimal<Bytes: Collection>(_ bytes: Bytes) -> Double? where Bytes.Element == UInt8 {
    var digits = 0
    var dots = 0
    for (n, byte) in bytes.enumerated() {
      switch byte {
      case 0x30...0x39: digits += 1
      case UInt8(ascii: "."): dots += 1
      case UInt8(ascii: "-"), UInt8(ascii: "+"): if n != 0 { return nil }
      default: return nil
      }
    }
    guard digits > 0, dots <= 1 else { return nil }
    // Up to 15 digits and 22 decimals, mantissa / 10^decimals is exact then rounded once:
    // the same Double the full parser gives, without building a String.
    if digits <= 15 {
      var mantissa: Int64 = 0
      var decimals = 0
      var seenDot = false
      var negative = false
      for byte in bytes {
        switch byte {
        case 0x30...0x39:
          mantissa = mantissa * 10 + Int64(byte - 0x30)
          if seenDot { decimals += 1 }
        case UInt8(ascii: "."): seenDot = true
        case UInt8(ascii: "-"): negative = true
        default: break
        }
      }
      let value = Double(mantissa) / powersOfTen[decimals]
      return negative ? -value : value
    }
    return Double(String(decoding: bytes, as: UTF8.self))
  }
}
