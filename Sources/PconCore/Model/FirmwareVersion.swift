/// One version of a product's firmware: the uploaded binary's metadata and where it is released.
public struct FirmwareVersion: Sendable, Equatable {
  /// The product version compiled into the binary (`PRODUCT_VERSION(N)`), unique in its product.
  public var version: Int
  public var title: String
  public var description: String?
  /// The binary's length in bytes.
  public var size: Int
  /// The SHA-256 of the whole binary, lower-case hex: its name in the binary store.
  public var sha256: String
  /// The platform the binary was built for.
  public var platformID: Int
  public var uploadedAt: Timestamp
  /// Who uploaded it: an account's email, an API user's name, or `particle` for a catalogue entry.
  public var uploadedBy: String
  /// Whether it is the product's default release.
  public var productDefault: Bool
  /// The groups it is released to, sorted.
  public var groups: [String]
  /// When it was last released (to the default or a group); nil while never released.
  public var releasedAt: Timestamp?
  /// An off-the-shelf release from pcon's built-in catalogue rather than an upload.
  public var catalogue: Bool

  public init(
    version: Int, title: String, description: String? = nil, size: Int, sha256: String,
    platformID: Int, uploadedAt: Timestamp, uploadedBy: String, catalogue: Bool = false
  ) {
    self.version = version
    self.title = title
    self.description = description
    self.size = size
    self.sha256 = sha256
    self.platformID = platformID
    self.uploadedAt = uploadedAt
    self.uploadedBy = uploadedBy
    self.productDefault = false
    self.groups = []
    self.releasedAt = nil
    self.catalogue = catalogue
  }

  /// Whether it is released anywhere: the product default or any group.
  public var isReleased: Bool { productDefault || !groups.isEmpty }
}

extension FirmwareVersion {
  init(stored json: JSONObject) throws {
    self.init(
      version: try json.int("version"), title: try json.string("title"),
      description: try json.optionalString("description"), size: try json.int("size"),
      sha256: try json.string("sha256"), platformID: try json.int("platform_id"),
      uploadedAt: try json.date("uploaded_at"), uploadedBy: try json.string("uploaded_by"),
      catalogue: try json.bool("catalogue", default: false))
    productDefault = try json.bool("product_default", default: false)
    groups = try json.strings("groups")
    releasedAt = try json.optionalDate("released_at")
  }

  var stored: JSON {
    .object([
      ("version", .int(version)), ("title", .string(title)),
      ("description", .string(description)), ("size", .int(size)),
      ("sha256", .string(sha256)), ("platform_id", .int(platformID)),
      ("uploaded_at", .string(uploadedAt.iso8601)), ("uploaded_by", .string(uploadedBy)),
      ("product_default", .bool(productDefault)), ("groups", .array(groups.map(JSON.string))),
      ("released_at", .string(releasedAt?.iso8601)), ("catalogue", .bool(catalogue)),
    ])
  }
}
