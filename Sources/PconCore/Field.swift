/// What a value is for, in the domain's words; a front end names the input that supplies it.
public struct Field: Sendable, Hashable, ExpressibleByStringLiteral {
  /// The field in words, as PconCore's own messages say it.
  public let name: String

  public init(_ name: String) { self.name = name }
  public init(stringLiteral name: String) { self.name = name }

  /// An event's time to live, in seconds.
  public static let ttl = Field("time to live")
  /// How long a new token lasts, in seconds.
  public static let tokenLifetime = Field("token lifetime")
  /// The product firmware version a device reports.
  public static let firmwareVersion = Field("firmware version")
  /// The Device OS version a device reports.
  public static let deviceOS = Field("Device OS version")
  /// The IP address a device connects from.
  public static let ipAddress = Field("IP address")
  /// Where a team command acts: one product or one org.
  public static let teamReach = Field("team")
  /// An API user's scopes.
  public static let apiScope = Field("scope")
  /// An org's plan size in blocks.
  public static let blocks = Field("block count")
  /// A product ID asked for at creation.
  public static let productID = Field("product ID")
  /// An OAuth client's type.
  public static let clientType = Field("client type")
  /// A device group's name.
  public static let groupName = Field("group name")
  /// A device group's colour.
  public static let groupColor = Field("group colour")
  /// An OAuth client's redirect URI.
  public static let redirectURI = Field("redirect URI")
  /// A Tracker configuration setting, by its name (`location.radius`).
  public static func trackerSetting(_ path: String) -> Field { Field(path) }
}
