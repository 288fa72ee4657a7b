/// A cellular SIM card in an account, and whether it is being billed.
public struct SIM: Sendable, Equatable {
  /// Where a SIM is in its life: billed while active, not while paused, gone once released.
  public enum Status: String, Sendable, CaseIterable {
    case active, paused, released
  }

  public var iccid: String
  public var owner: String
  public var deviceID: String?
  public var status: Status
  public var activatedAt: Timestamp
  public var updatedAt: Timestamp

  public init(
    iccid: String, owner: String, deviceID: String?, status: Status, activatedAt: Timestamp
  ) {
    self.iccid = iccid
    self.owner = owner
    self.deviceID = deviceID
    self.status = status
    self.activatedAt = activatedAt
    self.updatedAt = activatedAt
  }

  /// Whether `text` has the form of an ICCID: 19 or 20 decimal digits.
  public static func isICCID(_ text: String) -> Bool {
    (19...20).contains(text.utf8.count) && text.utf8.allSatisfy { $0 >= 0x30 && $0 <= 0x39 }
  }
}

extension SIM {
  /// A SIM as `sims.json` stores it.
  init(stored json: JSONObject) throws {
    let statusText = try json.string("status")
    guard let status = Status(rawValue: statusText) else {
      throw JSONObject.ShapeError(
        path: json.path + ".status", problem: "unknown SIM status '\(statusText)'")
    }
    self.init(
      iccid: try json.string("iccid"), owner: try json.string("owner"),
      deviceID: try json.optionalString("device_id"),
      status: status, activatedAt: try json.date("activated_at"))
    updatedAt = try json.date("updated_at")
  }

  /// The stored form; `--json` is built by the CLI's view, so the two may differ.
  var stored: JSON {
    .object([
      ("iccid", .string(iccid)), ("owner", .string(owner)), ("device_id", .string(deviceID)),
      ("status", .string(status.rawValue)), ("activated_at", .string(activatedAt.iso8601)),
      ("updated_at", .string(updatedAt.iso8601)),
    ])
  }
}
