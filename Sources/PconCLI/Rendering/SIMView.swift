import PconCore

/// A SIM as `--json` prints it: CLI.md's keys in its order.
enum SIMView {
  /// The SIM object of CLI.md; in a listing, with `mbs_used` (Particle's name): the cellular
  /// data its device used this billing month, in megabytes.
  static func json(_ sim: SIM, usedBytes: Int64?) -> JSON {
    var pairs: [(String, JSON)] = [
      ("iccid", .string(sim.iccid)), ("owner", .string(sim.owner)),
      ("device_id", .string(sim.deviceID)), ("status", .string(sim.status.rawValue)),
      ("activated_at", .string(sim.activatedAt.iso8601)),
      ("updated_at", .string(sim.updatedAt.iso8601)),
    ]
    if let usedBytes { pairs.append(("mbs_used", BillingView.megabytesJSON(usedBytes))) }
    return .object(pairs)
  }
}
