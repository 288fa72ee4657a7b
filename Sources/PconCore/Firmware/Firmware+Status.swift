/// A rollout's progress: which devices a version targets, which run it, wait for it or failed.
extension Firmware {
  /// Where one device stands with a version.
  public enum RolloutState: String, Sendable {
    /// It runs the version.
    case running
    /// Its last update to the version failed.
    case failed
    /// Targeted, and not connected since the release: it updates at its next handshake.
    case waiting
    /// Targeted, connected since the release, and neither updated nor failed.
    case targeted
  }

  /// `firmware status`: counts and the devices concerned.
  public struct Rollout: Sendable {
    public let version: Int
    /// Devices whose target is the version.
    public let targeted: Int
    public let running: Int
    public let waiting: Int
    public let failed: Int
    /// Every device the version targets, with where it stands.
    public let devices: [(device: Device, state: RolloutState)]
  }

  /// How the rollout of `version` in `product` stands.
  public static func status(
    _ version: Int, product reference: String, by actor: Actor, in transaction: Transaction
  ) throws -> Rollout {
    let product = try authorizedProduct(reference, Needs.view, actor: actor, in: transaction)
    let versions = try transaction.load(StateFiles.productFirmware(product.id))
    guard let record = versions.first(where: { $0.version == version }) else {
      throw PconError.firmwareVersionNotFound(version, product: reference)
    }
    let map = ReleaseMap(versions)
    var counts = (targeted: 0, running: 0, waiting: 0, failed: 0)
    var devices: [(Device, RolloutState)] = []
    // The rollout is the devices the version targets: every count is of them, so running,
    // waiting, failed and the rest add up to targeted (a device running the version by a lock
    // elsewhere, or a development device, is not part of it).
    for device in try transaction.productDevices(product.id).sorted(by: { $0.id < $1.id })
    where map.target(for: device).version == version {
      let state: RolloutState
      if device.firmwareVersion == version {
        state = .running
      } else if device.lastOTA?.version == version && device.lastOTA?.status == .failed {
        state = .failed
      } else {
        // A handshake in the release's own instant came before it: it sent nothing.
        let connectedSince = device.lastHandshakeAt.map { at in
          record.releasedAt.map { at > $0 } ?? false
        }
        state = connectedSince == true ? .targeted : .waiting
      }
      counts.targeted += 1
      switch state {
      case .running: counts.running += 1
      case .failed: counts.failed += 1
      case .waiting: counts.waiting += 1
      case .targeted: break
      }
      devices.append((device, state))
    }
    return Rollout(
      version: version, targeted: counts.targeted, running: counts.running,
      waiting: counts.waiting, failed: counts.failed, devices: devices)
  }
}
