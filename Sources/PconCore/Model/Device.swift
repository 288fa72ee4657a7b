/// A device as the cloud knows it: identity, ownership, connection and firmware.
public struct Device: Sendable, Equatable {
  public var id: String
  public var name: String?
  public var platformID: Int
  public var productID: Int?
  /// The email of the account or customer that claimed it, or nil for an unclaimed product device.
  public var owner: String?
  /// Whether `owner` names a person or a customer of the device's product: the same email may
  /// be both, and they are different principals. Nil when unowned, or for an owner stored
  /// before kinds were kept (`Access.owns` decides those).
  public var ownerKind: OwnerKind?
  public var online: Bool
  public var iccid: String?
  public var lastHeard: Timestamp?
  public var lastHandshakeAt: Timestamp?
  public var lastIPAddress: String?
  public var systemFirmwareVersion: String?
  public var firmwareVersion: Int?
  /// The version the device is locked to, whatever is released.
  public var desiredFirmwareVersion: Int?
  /// The version the precedence rules target it to run: derived from the device and its
  /// product's releases whenever devices are read (`Transaction.withFirmwareTargets`), never stored.
  public var targetedFirmwareReleaseVersion: Int?
  public var development: Bool
  public var groups: [String]
  public var notes: String?
  /// Connected reporting a product it was not imported into: seen by the team, not admitted.
  public var quarantined = false
  /// How its last over-the-air update ended, for `firmware status`; stored only.
  public var lastOTA: OTAOutcome?
  /// What it used in the latest billing month it published in.
  public var usage: DeviceUsage?
  /// A tracker's acknowledged settings and its own values; stored only.
  public var trackerConfig: DeviceTrackerConfig?
  /// Where it last reported being, from its latest `loc` event (tracker devices).
  public var location: Location?
  /// A tracker told to enter shipping mode: powered off, publishing nothing, until it connects.
  public var shipping = false

  public init(id: String, platformID: Int, owner: String?) {
    self.id = id
    self.platformID = platformID
    self.owner = owner
    self.ownerKind = owner == nil ? nil : .person
    self.online = false
    self.development = false
    self.groups = []
  }

  /// The platform record, when the ID is one pcon knows.
  public var platform: Platform? { Platform.withID(platformID) }
  /// Whether the device has a cellular modem.
  public var isCellular: Bool { platform?.isCellular ?? false }

  /// Whether `text` has the form of a device ID: 24 hexadecimal digits.
  public static func isID(_ text: String) -> Bool { Hex.isHex(text, count: 24) }

  /// Gives the device to `owner` of `kind`, or to nobody.
  public mutating func setOwner(_ owner: String?, kind: OwnerKind) {
    self.owner = owner
    ownerKind = owner == nil ? nil : kind
  }
}

/// The kind of principal that owns a device.
public enum OwnerKind: String, Sendable {
  case person, customer
}

extension Device {
  /// Reads a stored device; derived keys that older versions stored (`platform`, `cellular`,
  /// `targeted_firmware_release_version`) are ignored.
  init(stored json: JSONObject) throws {
    self.init(
      id: try json.string("id"), platformID: try json.int("platform_id"),
      owner: try json.optionalString("owner"))
    guard Device.isID(id), id == id.lowercased() else {
      throw JSONObject.ShapeError(
        path: json.path + ".id", problem: "'\(id)' is not a lower-case 24-digit device ID")
    }
    name = try json.optionalString("name")
    productID = try json.optionalInt("product_id")
    online = try json.bool("online", default: false)
    iccid = try json.optionalString("iccid")
    lastHeard = try json.optionalDate("last_heard")
    lastHandshakeAt = try json.optionalDate("last_handshake_at")
    lastIPAddress = try json.optionalString("last_ip_address")
    systemFirmwareVersion = try json.optionalString("system_firmware_version")
    firmwareVersion = try json.optionalInt("firmware_version")
    desiredFirmwareVersion = try json.optionalInt("desired_firmware_version")
    development = try json.bool("development", default: false)
    groups = try json.strings("groups")
    notes = try json.optionalString("notes")
    quarantined = try json.bool("quarantined", default: false)
    lastOTA = try json.optionalObject("last_ota").map(OTAOutcome.init(stored:))
    usage = try json.optionalObject("usage").map(DeviceUsage.init(stored:))
    trackerConfig = try json.optionalObject("tracker_config").map(DeviceTrackerConfig.init(stored:))
    location = try json.optionalObject("location").map(Location.init(stored:))
    shipping = try json.bool("shipping", default: false)
    ownerKind = nil
    if let kind = try json.optionalString("owner_kind") {
      guard let known = OwnerKind(rawValue: kind), owner != nil else {
        throw JSONObject.ShapeError(
          path: json.path + ".owner_kind",
          problem: "'\(kind)' is not person or customer of an owner")
      }
      ownerKind = known
    }
  }

  /// The stored record: what pcon keeps, without fields derived from it (`platform`, `cellular`,
  /// the targeted firmware).
  public var stored: JSON {
    var pairs: [(String, JSON)] = [
      ("id", .string(id)),
      ("name", .string(name)),
      ("platform_id", .int(Int64(platformID))),
      ("product_id", .int(productID)),
      ("owner", .string(owner)),
      ("owner_kind", .string(owner == nil ? nil : ownerKind?.rawValue)),
      ("online", .bool(online)),
      ("iccid", .string(iccid)),
      ("last_heard", .string(lastHeard?.iso8601)),
      ("last_handshake_at", .string(lastHandshakeAt?.iso8601)),
      ("last_ip_address", .string(lastIPAddress)),
      ("system_firmware_version", .string(systemFirmwareVersion)),
      ("firmware_version", .int(firmwareVersion)),
      ("desired_firmware_version", .int(desiredFirmwareVersion)),
      ("development", .bool(development)),
      ("groups", .array(groups.map(JSON.string))),
      ("notes", .string(notes)),
      ("quarantined", .bool(quarantined)),
    ]
    // Only devices that were ever updated carry it, so a fleet's shards stay as small as they were.
    if let lastOTA { pairs.append(("last_ota", lastOTA.stored)) }
    if let usage { pairs.append(("usage", usage.stored)) }
    if let trackerConfig, !trackerConfig.isEmpty {
      pairs.append(("tracker_config", trackerConfig.stored))
    }
    if let location { pairs.append(("location", location.stored)) }
    if shipping { pairs.append(("shipping", .bool(true))) }
    return .object(pairs)
  }
}
