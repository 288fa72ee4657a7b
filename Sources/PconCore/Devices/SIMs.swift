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

  /// The acting person's SIMs with the name of the device each serves (nil when it has none).
  public static func listNamed(for actor: Actor, in transaction: Transaction) throws
    -> [(sim: SIM, deviceName: String?, cellularBytes: Int64)]
  {
    let account = try Access.authorize(actor, Needs.list, in: transaction).person()
    let sims = try list(for: account, in: transaction)
    var names: [String: String] = [:]
    // Month-to-date data of the device each SIM is in: the account pays for the SIM.
    var used: [String: Int64] = [:]
    let month = transaction.now.month
    for device in try transaction.devices(ids: sims.compactMap(\.deviceID)) {
      if let iccid = device.iccid {
        used[iccid] = device.usage?.used(in: month).cellularBytes ?? 0
      }
      if try Access.canSee(device, actor, in: transaction) { names[device.id] = device.name }
    }
    return sims.map { ($0, $0.deviceID.flatMap { names[$0] }, used[$0.iccid] ?? 0) }
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

  /// The SIM `reference` names in `account`: an ICCID, or a device (ID or name) the person
  /// sees whose SIM is in the account. Released SIMs have left the account.
  static func find(_ reference: String, for account: Account, in transaction: Transaction)
    throws -> SIM
  {
    let sims = try list(for: account, in: transaction)
    if SIM.isICCID(reference) {
      guard let sim = sims.first(where: { $0.iccid == reference }) else {
        throw PconError.simNotFound(reference)
      }
      return sim
    }
    let device: Device
    do {
      device = try Fleet.resolve(reference, for: account, in: transaction)
    } catch PconError.deviceNotFound where reference.utf8.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }) {
      // Digits that name no device were meant as an ICCID.
      throw PconError.invalidICCID(reference)
    }
    guard let iccid = device.iccid, let sim = sims.first(where: { $0.iccid == iccid }) else {
      throw PconError.deviceHasNoSIM(reference)
    }
    return sim
  }

  /// The SIM `reference` (an ICCID or a device) names in the acting person's account.
  public static func find(_ reference: String, by actor: Actor, in transaction: Transaction)
    throws -> SIM
  {
    let account = try Access.authorize(actor, Needs.manage, in: transaction).person()
    return try find(reference, for: account, in: transaction)
  }

  /// Moves one of the acting person's SIMs through its lifecycle; a SIM already where the step
  /// leads (pausing a paused SIM) is left as it is, and `changed` is false.
  public static func perform(
    _ action: Action, sim reference: String, by actor: Actor, in transaction: Transaction
  ) throws -> (sim: SIM, changed: Bool) {
    let found = try find(reference, by: actor, in: transaction)
    guard found.status != action.target else { return (found, false) }
    var sims = try all(in: transaction)
    guard let n = sims.firstIndex(where: { $0.iccid == found.iccid }) else {
      throw PconError.simNotFound(reference)
    }
    sims[n].status = action.target
    sims[n].updatedAt = transaction.now
    save(sims, in: transaction)
    return (sims[n], true)
  }
}
