/// `device import`: a list of device IDs into a product, in one transaction, reading and
/// writing each shard it touches once.
public enum DeviceImport {
  /// Why an ID was not imported.
  public enum Reason: String, Sendable {
    case invalid
    case alreadyInProduct = "already-in-product"
    case claimedOutsideTeam = "claimed-outside-team"
    case platformMismatch = "platform-mismatch"
    case planLimit = "plan-limit"
  }

  public struct Report: Sendable {
    public var imported: [String] = []
    /// Already members: not an error, reported as `existing`.
    public var existing: [String] = []
    /// IDs not imported: warnings whose subject is the ID and whose message is the reason.
    public var skipped: [Notice] = []
    /// The product's default release, when devices were imported into a product that has one:
    /// they update to it at their next handshake.
    public var defaultRelease: Int?

    mutating func skip(_ id: String, _ reason: Reason) {
      skipped.append(Notice(.warning, subject: id, message: reason.rawValue))
    }
  }

  /// An import list read: its IDs, lower-case and each once, in order, and the lines that
  /// are not IDs (their first 64 characters).
  public struct List: Sendable, Equatable {
    public var ids: [String] = []
    public var invalid: [String] = []
    fileprivate var seen = Set<String>()

    public static func == (a: List, b: List) -> Bool { a.ids == b.ids && a.invalid == b.invalid }

    fileprivate mutating func add(_ word: Substring) {
      let word = String(word).trimmingSpaces
      guard !word.isEmpty else { return }
      let id = word.lowercased()
      guard Device.isID(id) else {
        invalid.append(String(word.prefix(64)))
        return
      }
      if seen.insert(id).inserted { ids.append(id) }
    }
  }

  /// The longest line an import list may hold: an ID and a generous comment.
  public static let maxLineLength = 4_096
  /// How many device shards one save covers: few enough that a group's records are small,
  /// many enough that the product index is rewritten a handful of times per import.
  static let shardsPerSave = 128
  /// The most lines one import reads; a longer list is refused, and should be split.
  public static let maxLines = 1_000_000

  /// The IDs in an import list: one per line, blanks and `#` comments ignored, any case,
  /// duplicates folded. Lines that are not IDs come back as `invalid`.
  public static func parse(_ text: String) -> List {
    var source = MemorySource(Array(text.utf8))
    return (try? read(&source, limit: Int.max)) ?? List()
  }

  /// Reads an import list from `source`, line by line, refusing one of more than `maxLines`
  /// lines or with a line longer than `maxLineLength` bytes.
  public static func read(_ source: inout some ByteSource) throws -> List {
    try read(&source, limit: maxLineLength)
  }

  private static func read(_ source: inout some ByteSource, limit: Int) throws -> List {
    var list = List()
    let name = source.name
    try source.forEachLine(limit: limit) { number, line in
      guard number <= maxLines else {
        throw PconError.inputTooLarge(input: name, limit: maxLines, unit: "lines")
      }
      let text = String(decoding: line, as: UTF8.self)
      // Any newline character separates IDs, as in a text file from any system.
      for part in text.split(whereSeparator: \.isNewline) {
        list.add(part.prefix { $0 != "#" })
      }
    }
    list.seen = []  // only needed while reading
    return list
  }

  /// Imports `text`'s IDs into product `reference`.
  public static func run(
    _ text: String, into reference: String, by actor: Actor, in transaction: Transaction
  ) throws -> Report {
    try run(parse(text), into: reference, by: actor, in: transaction)
  }

  /// Imports the IDs of `list` into product `reference`.
  public static func run(
    _ list: List, into reference: String, by actor: Actor, in transaction: Transaction
  ) throws -> Report {
    let grant = try Products.authorize(
      reference, Products.Needs.importDevices, actor: actor, in: transaction)
    guard let product = grant.product else { throw PconError.productNotFound(reference) }
    let (ids, invalid) = (list.ids, list.invalid)
    var report = Report()
    for id in invalid { report.skip(id, .invalid) }
    let members = Set(try transaction.productIndex(product.id).members)
    var team = Set(
      try Teams.members(of: .product(product.id), in: transaction).filter(\.accepted).map(\.email))
    if let orgID = product.orgID {
      team.formUnion(
        try Teams.members(of: .org(orgID), in: transaction).filter(\.accepted).map(\.email))
    }
    let customers = Set(
      try transaction.customers().filter { $0.productID == product.id }.map(\.email))
    let plan = try Plan.of(product, in: transaction)
    var room = plan.deviceLimit - (try Plan.devicesCounted(against: product, in: transaction))

    let existing = Dictionary(
      uniqueKeysWithValues: try transaction.devices(ids: ids.filter { !members.contains($0) }).map {
        ($0.id, $0)
      })
    var accepted: [String] = []
    for id in ids {
      if members.contains(id) {
        report.existing.append(id)
        continue
      }
      let device = existing[id] ?? Device(id: id, platformID: product.platformID, owner: nil)
      // A person's device may join when the person is on the team, a customer's when the
      // customer is this product's; the same email of the other kind does not count.
      if let owner = device.owner,
        !(device.ownerKind != .customer && team.contains(owner)),
        !(device.ownerKind != .person && customers.contains(owner))
      {
        report.skip(id, .claimedOutsideTeam)
        continue
      }
      if device.platformID != product.platformID {
        report.skip(id, .platformMismatch)
        continue
      }
      if let other = device.productID, other != product.id {
        report.skip(id, .invalid)
        continue
      }
      guard room > 0 else {
        report.skip(id, .planLimit)
        continue
      }
      room -= 1
      accepted.append(id)
    }
    report.imported = accepted
    // Saved a group of shards at a time: only one group's records are built at once, and each
    // shard is still written once.
    let byShard = Dictionary(grouping: accepted, by: StateLayout.deviceShard)
    let shards = byShard.keys.sorted()
    for start in stride(from: 0, to: shards.count, by: shardsPerSave) {
      let devices = shards[start..<min(start + shardsPerSave, shards.count)].flatMap { shard in
        (byShard[shard] ?? []).map { id in
          var device = existing[id] ?? Device(id: id, platformID: product.platformID, owner: nil)
          device.productID = product.id
          device.quarantined = false
          return device
        }
      }
      try transaction.save(devices)
    }
    if !accepted.isEmpty {
      report.defaultRelease = try transaction.releaseMap(product.id).productDefault
    }
    return report
  }
}
