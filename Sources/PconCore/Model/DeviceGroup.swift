/// A named set of a product's devices, the unit a firmware release can target.
public struct DeviceGroup: Sendable, Equatable {
  /// `a-z 0-9 - _`, at most 64 characters; unique in its product.
  public var name: String
  public var description: String?
  /// `#RRGGBB`, as the console shows it.
  public var color: String?
  public var createdAt: Timestamp

  public init(name: String, description: String? = nil, color: String? = nil, createdAt: Timestamp)
  {
    self.name = name
    self.description = description
    self.color = color
    self.createdAt = createdAt
  }
}

extension DeviceGroup {
  /// The most characters a group name may have.
  public static let maxNameLength = 64

  /// Whether `name` is a group name: 1 to 64 of `a-z 0-9 - _`.
  public static func isValidName(_ name: some StringProtocol) -> Bool {
    !name.isEmpty && name.count <= maxNameLength
      && name.unicodeScalars.allSatisfy {
        ("a"..."z").contains($0) || ("0"..."9").contains($0) || $0 == "-" || $0 == "_"
      }
  }

  /// Whether `color` is `#RRGGBB`.
  public static func isValidColor(_ color: String) -> Bool {
    color.utf8.count == 7 && color.hasPrefix("#")
      && color.dropFirst().unicodeScalars.allSatisfy {
        ("0"..."9").contains($0) || ("a"..."f").contains($0) || ("A"..."F").contains($0)
      }
  }

  init(stored json: JSONObject) throws {
    self.init(
      name: try json.string("name"), description: try json.optionalString("description"),
      color: try json.optionalString("color"), createdAt: try json.date("created_at"))
  }

  var stored: JSON {
    .object([
      ("name", .string(name)), ("description", .string(description)),
      ("color", .string(color)), ("created_at", .string(createdAt.iso8601)),
    ])
  }
}
