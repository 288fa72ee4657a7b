import PconCore

/// How records look in tables and detail views for people.
enum Views {
  /// A time for a table cell: seconds precision, UTC, or "-" when unknown.
  static func time(_ timestamp: Timestamp?) -> String {
    guard let timestamp else { return "-" }
    return String(timestamp.iso8601.prefix(19)) + "Z"
  }

  /// "1 device", "3 devices": a count with its noun.
  static func count(_ number: Int, _ noun: String) -> String {
    "\(number) \(noun)\(number == 1 ? "" : "s")"
  }

  /// The hint for a person with no devices of their own who is on `products`: `command` with
  /// `--product`, for the first of them. Nil when there is nowhere else to look.
  static func elsewhereHint(_ products: [Product], command: String) -> String? {
    guard let first = products.first else { return nil }
    let names = products.prefix(3).map(\.slug).joined(separator: ", ")
    let more = products.count > 3 ? " and \(products.count - 3) more" : ""
    return
      "hint: you own no devices, but you are on \(count(products.count, "product")) (\(names)\(more)): try '\(command) --product \(first.slug)'"
  }

  static func deviceTable(_ devices: [Device]) -> Table {
    var table = Table(["ID", "NAME", "PLATFORM", "ONLINE", "LAST HEARD", "FIRMWARE", "NOTES"])
    for device in devices {
      table.add([
        .init(device.id), .init(device.name ?? "-", device.name == nil ? .dim : .plain),
        .init(device.platform?.name ?? String(device.platformID)),
        device.online ? .init("yes", .green) : .init("no", .dim),
        .init(time(device.lastHeard)), .init(device.firmwareVersion.map(String.init) ?? "-"),
        .init(device.notes.map(oneLine) ?? ""),
      ])
    }
    return table
  }

  /// Every field of a device, one per line, in CLI.md's key order; the product by its slug,
  /// and whether the device waits in its quarantine.
  static func deviceDetail(_ detail: DeviceDetail) -> Table {
    let device = detail.device
    var table = Table(["FIELD", "VALUE"])
    let product = device.productID.map { id in
      detail.product.map { "\($0.slug) (\(id))" } ?? "\(id)"
    }
    let pairs: [(String, String)] = [
      ("id", device.id), ("name", device.name ?? "-"),
      ("platform", "\(device.platform?.name ?? "unknown") (\(device.platformID))"),
      ("product", product ?? "- (sandbox)"),
      ("quarantined", device.quarantined ? "yes: not admitted until imported" : "no"),
      ("owner", device.owner ?? "-"),
      ("online", device.online ? "yes" : "no"), ("cellular", device.isCellular ? "yes" : "no"),
      ("iccid", device.iccid ?? "-"), ("last heard", time(device.lastHeard)),
      ("last handshake", time(device.lastHandshakeAt)),
      ("last IP address", device.lastIPAddress ?? "-"),
      ("Device OS", device.systemFirmwareVersion ?? "-"),
      ("firmware version", device.firmwareVersion.map(String.init) ?? "-"),
      ("desired firmware", device.desiredFirmwareVersion.map(String.init) ?? "-"),
      ("targeted release", device.targetedFirmwareReleaseVersion.map(String.init) ?? "-"),
      ("development", device.development ? "yes" : "no"),
      ("groups", device.groups.isEmpty ? "-" : device.groups.joined(separator: ", ")),
      ("notes", device.notes.map { summarise($0, 200) } ?? "-"),
    ]
    for (field, value) in pairs { table.add(field, value) }
    return table
  }

  /// One line of `text`, cut to `width` characters with an ellipsis.
  static func summarise(_ text: String, _ width: Int) -> String {
    Table.clip(oneLine(text), to: width)
  }

  /// `text` on one line, for a table cell that a terminal may cut but a pipe never does.
  static func oneLine(_ text: String) -> String {
    text.split(whereSeparator: \.isNewline).joined(separator: " ")
  }

  static func tokenJSON(_ token: AccessToken) -> JSON {
    .object([
      ("id", .string(token.id)), ("created_at", .string(token.createdAt.iso8601)),
      ("expires_at", .string(token.expiresAt?.iso8601)),
    ])
  }
}
