/// The versions of a product's firmware: uploading a binary, listing, editing, deleting and
/// downloading versions.
extension Firmware {
  /// One version as `firmware list` and `show` present it.
  public struct VersionSummary: Sendable {
    public let version: FirmwareVersion
    /// How many of the product's devices run it.
    public let devices: Int

    public init(version: FirmwareVersion, devices: Int) {
      self.version = version
      self.devices = devices
    }
  }

  /// The largest binary pcon reads or keeps.
  public static let binarySizeLimit = FirmwareBinaries.sizeLimit

  /// The highest product version a binary can carry (0xFFFF means "none").
  public static let highestVersion = 0xFFFE

  /// The versions of `product`, oldest first.
  static func versions(of product: Product, in transaction: Transaction) throws
    -> [FirmwareVersion]
  {
    try transaction.load(StateFiles.productFirmware(product.id))
  }

  /// The longest description a version keeps, as for a device's notes.
  static let descriptionLimit = 4096

  /// Throws when `description` is longer than a version keeps.
  static func validate(description: String?) throws {
    guard let description, description.utf8.count > descriptionLimit else { return }
    throw PconError.invalidValue(
      field: "firmware description", value: String(description.prefix(20)) + "…",
      expected: "at most \(descriptionLimit) bytes")
  }

  /// Where version `number` sits in `versions`, the list of the product named `reference`.
  static func find(_ number: Int, in versions: [FirmwareVersion], product reference: String)
    throws -> Int
  {
    guard let index = versions.firstIndex(where: { $0.version == number }) else {
      throw PconError.firmwareVersionNotFound(number, product: reference)
    }
    return index
  }

  /// Uploads `bytes`, read from `file`, as version `version` of product `reference`, once the
  /// binary proves to be an intact application for this product compiled as that version.
  public static func upload(
    _ bytes: [UInt8], file: String, product reference: String, version: Int, title: String,
    description: String?, by actor: Actor, in transaction: Transaction
  ) throws -> FirmwareVersion {
    let product = try authorizedProduct(reference, Needs.upload, actor: actor, in: transaction)
    try DisplayName.validate(title, field: "firmware title")
    try validate(description: description)
    var versions = try versions(of: product, in: transaction)
    let module = try ModuleInfo.decode(bytes, file: file)
    try UploadCheck(module: module, file: file, product: product).require(
      version: version, after: versions.map(\.version).max())
    let uploader: String
    switch actor {
    case .person(let account): uploader = account.email
    case .apiUser(let user): uploader = user.name
    case .customer(let customer): uploader = customer.email
    }
    let record = FirmwareVersion(
      version: version, title: title.trimmingSpaces,
      description: description?.isEmpty == true ? nil : description,
      size: bytes.count, sha256: try FirmwareBinaries.store(bytes, in: transaction),
      platformID: module.platformID, uploadedAt: transaction.now, uploadedBy: uploader)
    versions.append(record)
    transaction.save(StateFiles.productFirmware(product.id), versions)
    return record
  }

  /// Every version of product `reference` with the number of its devices running each.
  public static func list(_ reference: String, by actor: Actor, in transaction: Transaction)
    throws -> [VersionSummary]
  {
    let product = try authorizedProduct(reference, Needs.view, actor: actor, in: transaction)
    let versions = try versions(of: product, in: transaction)
    // The per-version counts the device writes keep: the fleet itself is not read.
    let running = try transaction.load(StateFiles.runningVersions(product.id))
    return versions.map { VersionSummary(version: $0, devices: running[$0.version] ?? 0) }
  }

  /// Version `number` of product `reference`.
  public static func show(
    _ number: Int, product reference: String, by actor: Actor, in transaction: Transaction
  ) throws -> VersionSummary {
    let product = try authorizedProduct(reference, Needs.show, actor: actor, in: transaction)
    let versions = try versions(of: product, in: transaction)
    let version = versions[try find(number, in: versions, product: reference)]
    let running = try transaction.load(StateFiles.runningVersions(product.id))
    return VersionSummary(version: version, devices: running[number] ?? 0)
  }

  /// Changes the title or description of version `number`; a nil leaves it as it is.
  public static func edit(
    _ number: Int, product reference: String, title: String?, description: String?,
    by actor: Actor, in transaction: Transaction
  ) throws -> FirmwareVersion {
    let product = try authorizedProduct(reference, Needs.edit, actor: actor, in: transaction)
    var versions = try versions(of: product, in: transaction)
    let index = try find(number, in: versions, product: reference)
    try validate(description: description)
    if let title {
      try DisplayName.validate(title, field: "firmware title")
      versions[index].title = title.trimmingSpaces
    }
    if let description { versions[index].description = description.isEmpty ? nil : description }
    transaction.save(StateFiles.productFirmware(product.id), versions)
    return versions[index]
  }

  /// Deletes version `number`, which must never have been released; its binary goes when no
  /// version of any product names it. Its number may then be uploaded again.
  public static func delete(
    _ number: Int, product reference: String, by actor: Actor, in transaction: Transaction
  ) throws -> FirmwareVersion {
    let product = try authorizedProduct(reference, Needs.delete, actor: actor, in: transaction)
    var versions = try versions(of: product, in: transaction)
    let index = try find(number, in: versions, product: reference)
    let version = versions[index]
    guard !version.isReleased else {
      let targets =
        (version.productDefault ? ["the product default"] : [])
        + version.groups.map { "group \($0)" }
      throw PconError.firmwareReleased(
        version: number, product: String(product.id), targets: targets.joined(separator: ", "))
    }
    // A lock names an uploaded version: deleting it would leave devices targeting nothing they
    // can be sent.
    let locked = try transaction.productDevices(product.id).filter {
      $0.desiredFirmwareVersion == number
    }
    if !locked.isEmpty {
      throw PconError.firmwareLocked(
        version: number, devices: locked.map { $0.name ?? $0.id }.sorted())
    }
    versions.remove(at: index)
    transaction.save(StateFiles.productFirmware(product.id), versions)
    try FirmwareBinaries.removeIfUnused(version.sha256, in: transaction)
    return version
  }

  /// The stored bytes of version `number`, exactly as uploaded.
  public static func download(
    _ number: Int, product reference: String, by actor: Actor, in transaction: Transaction
  ) throws -> [UInt8] {
    let product = try authorizedProduct(reference, Needs.download, actor: actor, in: transaction)
    let versions = try versions(of: product, in: transaction)
    return try FirmwareBinaries.load(
      versions[try find(number, in: versions, product: reference)], in: transaction)
  }
}
