/// The rule for a name someone gives a thing: a product, an organization, an API user, an OAuth
/// client, an account. Such names are shown to other principals in tables and notices, so they
/// are refused at input if they hold a control or bidirectional formatting character; free
/// text (notes, descriptions, event data) is kept as given and escaped when shown instead.
public enum DisplayName {
  /// The most characters a name may have.
  public static let maxLength = 64

  /// Checks `name`: 1 to 64 characters, not all spaces, with no control or bidi character.
  public static func validate(_ name: String, field: Field) throws {
    guard !name.trimmingSpaces.isEmpty, name.count <= maxLength else {
      throw PconError.invalidValue(
        field: field, value: name, expected: "1 to \(maxLength) characters")
    }
    guard !name.unicodeScalars.contains(where: { isControl($0) || isInvisible($0) }) else {
      throw PconError.invalidValue(
        field: field, value: name,
        expected: "no control, formatting or invisible characters")
    }
  }

  /// Whether `scalar` is a formatting character (zero-width spaces and joiners, the byte-order
  /// mark) or a line or paragraph separator: harmless in text, but in a name it makes two
  /// names that look alike differ, so one can pass for the other.
  public static func isInvisible(_ scalar: Unicode.Scalar) -> Bool {
    switch scalar.properties.generalCategory {
    case .format, .lineSeparator, .paragraphSeparator: true
    default: false
    }
  }

  /// Whether `scalar` is a C0 or C1 control, DEL, or a bidirectional formatting control: the
  /// characters that can move a terminal's cursor, recolour it or reorder what follows.
  public static func isControl(_ scalar: Unicode.Scalar) -> Bool {
    switch scalar.value {
    case 0x00...0x1F, 0x7F...0x9F: true
    case 0x061C, 0x200E, 0x200F, 0x202A...0x202E, 0x2066...0x2069: true
    default: false
    }
  }
}
