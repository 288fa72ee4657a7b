/// Numbers as people read them, in messages and tables alike.
public enum Figures {
  /// `value` with thousands separated: `100,000`.
  public static func grouped(_ value: Int64) -> String {
    let digits = String(value.magnitude)
    var out = value < 0 ? "-" : ""
    for (index, character) in digits.enumerated() {
      if index > 0 && (digits.count - index) % 3 == 0 { out.append(",") }
      out.append(character)
    }
    return out
  }

  /// Bytes as megabytes (1,000,000 bytes, as carriers count) with one decimal: `1,500.0`.
  public static func megabytes(_ bytes: Int64) -> String {
    let tenths = (bytes * 10 + Allowance.megabyte / 2) / Allowance.megabyte
    return "\(grouped(tenths / 10)).\(tenths % 10)"
  }

  /// A plain decimal (`151`, `-40.5`), or nil: not `0x10`, `1e3`, `inf`, `nan` or ` 5`, which
  /// `Double` would also read, and not one too long to mean anything.
  public static func decimal(_ text: some StringProtocol) -> Double? {
    let text = String(text)
    let body = text.hasPrefix("-") ? text.dropFirst() : Substring(text)
    let parts = body.split(separator: ".", omittingEmptySubsequences: false)
    guard (1...2).contains(parts.count), body.count <= 24,
      parts.allSatisfy({ !$0.isEmpty && $0.allSatisfy { $0.isASCII && $0.isNumber } })
    else { return nil }
    return Double(text).flatMap { $0.isFinite ? $0 : nil }
  }
}
