/// How a device's last over-the-air update ended: which version, whether it took, and when.
public struct OTAOutcome: Sendable, Equatable {
  /// Whether the device runs the version it was sent.
  public enum Status: String, Sendable {
    case success, failed
  }

  public var version: Int
  public var status: Status
  public var at: Timestamp

  public init(version: Int, status: Status, at: Timestamp) {
    self.version = version
    self.status = status
    self.at = at
  }
}

extension OTAOutcome {
  init(stored json: JSONObject) throws {
    let status = try json.string("status")
    guard let known = Status(rawValue: status) else {
      throw JSONObject.ShapeError(
        path: json.path + ".status", problem: "'\(status)' is not success or failed")
    }
    self.init(version: try json.int("version"), status: known, at: try json.date("at"))
  }

  var stored: JSON {
    .object([
      ("version", .int(version)), ("status", .string(status.rawValue)),
      ("at", .string(at.iso8601)),
    ])
  }
}
