/// A device as its group's index keeps it: what deciding its firmware target takes (and its
/// name, for listing), so a release to a group reads the group's index, not its devices' shards.
public struct GroupMember: Sendable, Equatable {
  public let id: String
  public let name: String?
  public let firmwareVersion: Int?
  public let development: Bool
  /// The version the device is locked to.
  public let lock: Int?
  public let groups: [String]

  /// The index entry of `device`.
  init(_ device: Device) {
    id = device.id
    name = device.name
    firmwareVersion = device.firmwareVersion
    development = device.development
    lock = device.desiredFirmwareVersion
    groups = device.groups
  }

  init(stored json: JSONObject) throws {
    id = try json.string("id")
    name = try json.optionalString("name")
    firmwareVersion = try json.optionalInt("firmware_version")
    development = try json.bool("development", default: false)
    lock = try json.optionalInt("lock")
    groups = try json.strings("groups")
  }

  var stored: JSON {
    .object([
      ("id", .string(id)), ("name", .string(name)), ("firmware_version", .int(firmwareVersion)),
      ("development", .bool(development)), ("lock", .int(lock)),
      ("groups", .array(groups.map(JSON.string))),
    ])
  }

  /// The member as a device of `product`, holding what targeting reads and nothing else.
  func device(in product: Product) -> Device {
    var device = Device(id: id, platformID: product.platformID, owner: nil)
    device.productID = product.id
    device.name = name
    device.firmwareVersion = firmwareVersion
    device.development = development
    device.desiredFirmwareVersion = lock
    device.groups = groups
    return device
  }
}
