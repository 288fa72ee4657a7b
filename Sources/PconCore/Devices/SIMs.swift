/// The rules for SIM cards: activation on claim, pause, resume and release.
public enum SIMs {
  public enum Needs {
    public static let list = Permission.personal
    public static let manage = Permission.personal
  }

  static func all(in transaction: Transaction) throws -> [SIM] {
    try transaction.load(StateFiles.sims)
  }

  static func save(_ sims: [SIM], in transaction: Transaction) {
    transaction.save(StateFiles.sims, sims)
  }

  /// The SIMs in `account`, released ones left out unless asked for.
  public static func list(
    for actor: Actor, includeReleased: Bool = false, in transaction: Transaction
  ) throws -> [SIM] {
    try list(
      for: try Access.authorize(actor, Needs.list, in: transaction).person(),
      includeReleased: includeReleased, in: transaction)
  }

  /// The SIMs in `account`, released ones left out unless asked for.
  static func list(
    for account: Account, includeReleased: Bool = false, in transaction: Transaction
  ) throws -> [SIM] {
    try all(in: transaction).filter {
      $0.owner == account.email && (includeReleased || $0.status != .released)
    }
  }

  /// Activates `iccid` in `owner`'s account for `device`.
  static func activate(iccid: String, device: String, owner: Account, in transaction: Transaction)
    throws
  {
    var sims = try all(in: transaction)
    if let n = sims.firstIndex(where: { $0.iccid == iccid }) {
      guard sims[n].status == .released || (sims[n].owner == owner.email && sims[n].deviceID == nil)
      else {
        throw PconError.iccidInUse(iccid)
      }
      sims[n] = SIM(
        iccid: iccid, owner: owner.email, deviceID: device, status: .active,
        activatedAt: transaction.now)
    } else {
      sims.append(
        SIM(
          iccid: iccid, owner: owner.email, deviceID: device, status: .active,
          activatedAt: transaction.now))
    }
    save(sims, in: transaction)
  }

  /// Detaches a SIM from its device when the device leaves the account; the SIM stays.
  static func detach(iccid: String, in transaction: Transaction) throws -> SIM? {
    var sims = try all(in: transaction)
    guard let n = sims.firstIndex(where: { $0.iccid == iccid }) else { return nil }
    sims[n].deviceID = nil
    sims[n].updatedAt = transaction.now
    save(sims, in: transaction)
    return sims[n]
  }

  /// The lifecycle steps `sim pause|resume|release` take.
  public enum Action: String, Sendable {
    case pause, resume, release

    var allowedFrom: [SIM.Status] {
      switch self {
      case .pause: return [.active]
      case .resume: return [.paused]
      case .release: return [.active, .paused]
      }
    }

    var target: SIM.Status {
      switch self {
      case .pause: return .paused
      case .resume: return .active
      case .release: return .released
      }
    }

    public var pastTense: String {
      switch self {
      case .pause: return "paused"
      case .resume: return "resumed"
      case .release: return "released"
      }
    }
  }

  /// Moves one of `account`'s SIMs through its lifecycle.
  public static func perform(
    _ action: Action, iccid: String, by actor: Actor, in transaction: Transaction
  ) throws -> SIM {
    let account = try Access.authorize(actor, Needs.manage, in: transaction).person()
    guard SIM.isICCID(iccid) else { throw PconError.invalidICCID(iccid) }
    var sims = try all(in: transaction)
    guard
      let n = sims.firstIndex(where: {
        $0.iccid == iccid && $0.owner == account.email && $0.status != .released
      })
    else { throw PconError.simNotFound(iccid) }
    guard action.allowedFrom.contains(sims[n].status) else {
      throw PconError.simTransition(
        iccid: iccid, from: sims[n].status.rawValue, to: action.pastTense)
    }
    sims[n].status = action.target
    sims[n].updatedAt = transaction.now
    save(sims, in: transaction)
    return sims[n]
  }
}
