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
}
