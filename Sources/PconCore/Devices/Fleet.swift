import Glibc

/// The rules for devices as their owners and teams see them: claiming, naming, connecting and
/// releasing them. Every rule authorizes the actor through `Access` with its own `Needs`.
public enum Fleet {
  /// How many devices the free sandbox holds per account.
  public static let sandboxLimit = 100

  /// What each device rule needs; the command table declares the same values.
  public enum Needs {
    public static let list = Permission.view("devices:list", customers: true)
    public static let show = Permission.view("devices:get", customers: true)
    public static let claim = Permission.personal
    public static let rename = Permission.develop("devices:update", customers: true)
    public static let notes = Permission.develop("devices:update")
    public static let unclaim = Permission.develop("devices:remove", customers: true)
    public static let connect = Permission.develop("devices:update", customers: true)
  }

  /// A name as given, with surrounding spaces removed, checked by `validate(name:)`.
  public static func deviceName(_ text: String) throws -> String {
    var name = Substring(text)
    while name.first == " " { name = name.dropFirst() }
    while name.last == " " { name = name.dropLast() }
    try validate(name: String(name))
    return String(name)
  }

  /// Checks a device name: letters, digits, `_` and `-`, at most 63, not starting with `-`
  /// (it would read as an option), and not ID-shaped.
  public static func validate(name: String) throws {
    guard !name.isEmpty else { throw PconError.invalidDeviceName(name, reason: "it is empty") }
    guard name.utf8.count <= 63 else {
      throw PconError.invalidDeviceName(name, reason: "it is longer than 63 characters")
    }
    guard name.utf8.allSatisfy({ isNameByte($0) }) else {
      throw PconError.invalidDeviceName(name, reason: "use only letters, digits, '_' and '-'")
    }
    guard !name.hasPrefix("-") else {
      throw PconError.invalidDeviceName(
        name, reason: "it starts with '-', so it would read as an option")
    }
    guard !Device.isID(name) else {
      throw PconError.invalidDeviceName(name, reason: "24 hex digits would read as a device ID")
    }
  }

  private static func isNameByte(_ byte: UInt8) -> Bool {
    switch byte {
    case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
      UInt8(ascii: "0")...UInt8(ascii: "9"),
      UInt8(ascii: "_"), UInt8(ascii: "-"):
      return true
    default: return false
    }
  }

  /// Claims a device into the acting person's sandbox.
  public static func claim(
    id rawID: String, platform: Platform, name: String?, iccid: String?, by actor: Actor,
    in transaction: Transaction
  ) throws -> Device {
    let account = try Access.authorize(actor, Needs.claim, in: transaction).person()
    return try claim(
      id: rawID, platform: platform, name: name, iccid: iccid, by: account, in: transaction)
  }

  /// Claims device `id` into `account`'s sandbox.
  static func claim(
    id rawID: String, platform: Platform, name: String?, iccid: String?, by account: Account,
    in transaction: Transaction
  ) throws -> Device {
    guard Device.isID(rawID) else { throw PconError.invalidDeviceID(rawID) }
    let id = rawID.lowercased()
    let name = try name.map(deviceName)
    if let iccid {
      guard platform.isCellular else { throw PconError.notCellular(platform: platform.name) }
      guard SIM.isICCID(iccid) else { throw PconError.invalidICCID(iccid) }
    }
    let existing = try transaction.device(id: id)
    if let existing, existing.owner != nil {
      throw try Access.owns(account, existing, in: transaction)
        ? PconError.deviceAlreadyClaimed(id: id) : PconError.deviceClaimedByAnother(id: id)
    }
    if let existing, existing.productID != nil,
      try !existing.quarantined || !Access.canSee(existing, .person(account), in: transaction)
    {
      // An unclaimed product device, or one waiting in a quarantine the person cannot see:
      // taking it is that product team's business.
      throw PconError.productDeviceUnclaimable(id: id)
    }
    if let existing, existing.platformID != platform.id {
      // The device reported itself to the cloud: it is that hardware, whatever is claimed.
      throw PconError.devicePlatformDiffers(
        id: id, known: existing.platform?.name ?? String(existing.platformID),
        given: platform.name)
    }
    try Plan.requireSandboxRoom(for: account, in: transaction)
    var device = Device(id: id, platformID: platform.id, owner: account.email)
    if let name {
      try requireUniqueName(name, for: device, by: .person(account), in: transaction)
    }
    device.name = name
    if let iccid {
      try SIMs.activate(iccid: iccid, device: id, owner: account, in: transaction)
      device.iccid = iccid
    }
    try transaction.save(device)
    return device
  }

  /// Renames a device; a name is unique among the devices the actor sees and the owner's.
  public static func rename(
    _ reference: String, to name: String, by actor: Actor, in transaction: Transaction
  ) throws
    -> Device
  {
    let name = try deviceName(name)
    var (device, _) = try Access.device(reference, Needs.rename, actor: actor, in: transaction)
    try requireUniqueName(name, for: device, by: actor, in: transaction)
    device.name = name
    try transaction.save(device)
    return device
  }

  /// Replaces a device's notes (an empty text clears them).
  public static func setNotes(
    _ reference: String, to text: String, by actor: Actor, in transaction: Transaction
  ) throws
    -> Device
  {
    guard text.utf8.count <= 4096 else {
      throw PconError.invalidValue(
        field: "notes", value: String(text.prefix(20)) + "…", expected: "at most 4096 bytes")
    }
    var (device, _) = try Access.device(reference, Needs.notes, actor: actor, in: transaction)
    device.notes = text.isEmpty ? nil : text
    try transaction.save(device)
    return device
  }

  /// What unclaiming a device does, and whether a SIM goes on being billed.
  public struct Unclaimed: Sendable {
    public let device: Device
    /// The ICCID of the device's SIM when pcon knows the SIM and it is active, so it stays
    /// billed after the device goes; nil otherwise.
    public let billedSIM: String?
  }

  /// What `unclaim` would do to `reference`, checked as `unclaim` checks it and changing
  /// nothing: for the warning and the question asked before the change.
  public static func unclaimable(_ reference: String, by actor: Actor, in transaction: Transaction)
    throws -> Unclaimed
  {
    let (device, _) = try Access.device(reference, Needs.unclaim, actor: actor, in: transaction)
    guard device.owner != nil else { throw PconError.deviceNotClaimed(reference) }
    let sim = try device.iccid.flatMap { iccid in
      try SIMs.all(in: transaction).first { $0.iccid == iccid }
    }
    return Unclaimed(device: device, billedSIM: sim?.status == .active ? sim?.iccid : nil)
  }

  /// Releases a device from its owner: a sandbox device leaves the state, a product device
  /// stays in its product, unclaimed. Its SIM stays in the account, detached.
  public static func unclaim(_ reference: String, by actor: Actor, in transaction: Transaction)
    throws -> Unclaimed
  {
    let result = try unclaimable(reference, by: actor, in: transaction)
    let device = result.device
    if let iccid = device.iccid { _ = try SIMs.detach(iccid: iccid, in: transaction) }
    if device.productID != nil && !device.quarantined {
      try transaction.save(try transaction.handedOver(device, to: nil, kind: .person))
    } else {
      try transaction.removeDevices([device.id])
    }
    return result
  }

  /// What a device reports in its handshake.
  public struct Handshake: Sendable, Equatable {
    public var firmwareVersion: Int?
    public var deviceOS: String?
    public var ipAddress: String?
    /// The product ID compiled into the firmware it runs.
    public var productID: Int?
    /// Simulates an update that fails: the device keeps what it runs.
    public var otaFails: Bool
    public init(
      firmwareVersion: Int? = nil, deviceOS: String? = nil, ipAddress: String? = nil,
      productID: Int? = nil, otaFails: Bool = false
    ) {
      self.firmwareVersion = firmwareVersion
      self.deviceOS = deviceOS
      self.ipAddress = ipAddress
      self.productID = productID
      self.otaFails = otaFails
    }
  }

  /// The device's handshake with the cloud: it comes online and reports what it runs. A device
  /// reporting a product it was not imported into is quarantined there: listed, not admitted.
  /// A product device whose targeted firmware differs from what it runs is updated.
  public static func connect(
    _ reference: String, handshake: Handshake, by actor: Actor, in transaction: Transaction
  ) throws
    -> Device
  {
    if let version = handshake.firmwareVersion, !(1...65535).contains(version) {
      throw PconError.invalidValue(
        field: .firmwareVersion, value: String(version),
        expected: "a whole number from 1 to 65535")
    }
    if let os = handshake.deviceOS, !isVersion(os) {
      throw PconError.invalidValue(field: .deviceOS, value: os, expected: "a version like 6.3.0")
    }
    if let ip = handshake.ipAddress, !isIPAddress(ip) {
      throw PconError.invalidValue(
        field: .ipAddress, value: ip, expected: "an IPv4 or IPv6 address")
    }
    var device: Device
    if let productID = handshake.productID {
      device = try Products.arrive(reference, productID: productID, by: actor, in: transaction)
    } else {
      device = try Access.device(reference, Needs.connect, actor: actor, in: transaction).0
    }
    device.online = true
    device.shipping = false
    device.lastHandshakeAt = transaction.now
    device.lastHeard = transaction.now
    if let ip = handshake.ipAddress { device.lastIPAddress = ip }
    if let os = handshake.deviceOS { device.systemFirmwareVersion = os }
    if let version = handshake.firmwareVersion { device.firmwareVersion = version }
    try Events.recordCloudEvent(
      name: "spark/status", data: "online", about: device, in: transaction)
    try Firmware.updateAtHandshake(&device, failing: handshake.otaFails, in: transaction)
    try TrackerSync.atHandshake(&device, in: transaction)
    try transaction.save(device)
    return try transaction.withFirmwareTarget(device)
  }

  /// The device drops its cloud connection.
  public static func disconnect(_ reference: String, by actor: Actor, in transaction: Transaction)
    throws -> Device
  {
    var (device, _) = try Access.device(reference, Needs.connect, actor: actor, in: transaction)
    guard device.online else { return device }
    device.online = false
    device.lastHeard = transaction.now
    try transaction.save(device)
    try Events.recordCloudEvent(
      name: "spark/status", data: "offline", about: device, in: transaction)
    return device
  }

  /// The products whose fleets `actor` may list, when it is a person who owns no device: where
  /// to look instead of an empty fleet or log of its own. Empty otherwise.
  public static func elsewhere(for actor: Actor, in transaction: Transaction) throws -> [Product] {
    guard case .person(let account) = actor,
      try transaction.ownedDeviceIDs(account).isEmpty
    else { return [] }
    return try Access.products(actor, Needs.list, in: transaction)
  }

  /// The devices `actor` lists: a product's (`product`, or the actor's default product) with
  /// `quarantined` picking the quarantine instead of the members, else the person's own.
  public static func list(
    _ query: DeviceQuery, product: String?, quarantined: Bool = false, by actor: Actor,
    in transaction: Transaction
  ) throws -> [Device] {
    if let product = product ?? Access.defaultProduct(of: actor) {
      return try Products.devices(
        product, query: query, quarantined: quarantined, by: actor, in: transaction)
    }
    let account = try Access.authorize(actor, Needs.list, in: transaction).person()
    return try list(query, for: account, in: transaction)
  }

  /// One device, with every field and its product, when `actor` may see it.
  public static func show(_ reference: String, by actor: Actor, in transaction: Transaction)
    throws -> DeviceDetail
  {
    let device = try Access.device(reference, Needs.show, actor: actor, in: transaction).0
    return DeviceDetail(device: device, product: try Access.product(of: device, in: transaction))
  }

  /// The devices `account` owns (its sandbox, and product devices it claimed) matching `query`.
  static func list(_ query: DeviceQuery, for account: Account, in transaction: Transaction)
    throws -> [Device]
  {
    query.apply(
      to: try transaction.ownedDevices(account).filter {
        try Access.owns(account, $0, in: transaction)
      })
  }

  /// Whether `text` is a dotted version of two to four numbers, optionally with a suffix.
  static func isVersion(_ text: String) -> Bool {
    let core = text.split(separator: "-", maxSplits: 1).first ?? ""
    let parts = core.split(separator: ".", omittingEmptySubsequences: false)
    return (2...4).contains(parts.count)
      && parts.allSatisfy { !$0.isEmpty && $0.count <= 5 && $0.allSatisfy(\.isNumber) }
      && text.utf8.count <= 32
  }

  static func isIPAddress(_ text: String) -> Bool {
    var v4 = in_addr()
    var v6 = in6_addr()
    return inet_pton(AF_INET, text, &v4) == 1 || inet_pton(AF_INET6, text, &v6) == 1
  }
}
