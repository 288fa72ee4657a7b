import PconCore

/// A device as `--json` prints it: CLI.md's keys in its order, derived fields computed here.
enum DeviceView {
  /// The device object of CLI.md; `platform` and `cellular` come from the platform ID.
  static func json(_ device: Device) -> JSON {
    .object([
      ("id", .string(device.id)),
      ("name", .string(device.name)),
      ("platform_id", .int(Int64(device.platformID))),
      ("platform", .string(device.platform?.name)),
      ("product_id", .int(device.productID)),
      ("owner", .string(device.owner)),
      ("online", .bool(device.online)),
      ("cellular", .bool(device.isCellular)),
      ("iccid", .string(device.iccid)),
      ("last_heard", .string(device.lastHeard?.iso8601)),
      ("last_handshake_at", .string(device.lastHandshakeAt?.iso8601)),
      ("last_ip_address", .string(device.lastIPAddress)),
      ("system_firmware_version", .string(device.systemFirmwareVersion)),
      ("firmware_version", .int(device.firmwareVersion)),
      ("desired_firmware_version", .int(device.desiredFirmwareVersion)),
      ("targeted_firmware_release_version", .int(device.targetedFirmwareReleaseVersion)),
      ("development", .bool(device.development)),
      ("groups", .array(device.groups.map(JSON.string))),
      ("notes", .string(device.notes)),
      ("quarantined", .bool(device.quarantined)),
    ])
  }
}
