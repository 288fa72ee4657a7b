import PconCore

/// A SIM as `--json` prints it: CLI.md's keys in its order.
enum SIMView {
  /// The SIM object of CLI.md.
  static func json(_ sim: SIM) -> JSON {
    .object([
      ("iccid", .string(sim.iccid)), ("owner", .string(sim.owner)),
      ("device_id", .string(sim.deviceID)), ("status", .string(sim.status.rawValue)),
      ("activated_at", .string(sim.activatedAt.iso8601)),
      ("updated_at", .string(sim.updatedAt.iso8601)),
    ])
  }
}
