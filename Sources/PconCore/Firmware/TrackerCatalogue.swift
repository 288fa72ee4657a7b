/// The off-the-shelf Tracker Edge releases a `tracker` product starts with, titled and
/// numbered as Particle publishes them (release vN is product version N), so they can be
/// released like uploads. Their binaries are built as Device OS lays out a Tracker application.
public enum TrackerCatalogue {
  /// One Tracker Edge release.
  public struct Release: Sendable {
    public let version: Int
    public var title: String { "Tracker Edge Firmware v\(version)" }
  }

  /// Every release pcon carries: Tracker Edge v1 to v23.
  public static let releases = (1...23).map(Release.init(version:))

  /// Who a catalogue entry says uploaded it.
  public static let publisher = "particle"

  /// The binary of `release`: a Tracker (platform 26) application in the 256 KB user slot,
  /// with the platform ID as product ID as Device OS 4 and later compile it.
  public static func binary(_ release: Release) -> [UInt8] {
    var builder = ModuleBuilder(
      platformID: Platform.tracker, productID: Platform.tracker, productVersion: release.version)
    builder.index = 2
    builder.startAddress = 0x000B_4000
    builder.payload = Array("\(release.title) (off-the-shelf, built into pcon)".utf8)
    return builder.build()
  }

  /// Adds every release to the new product `product`, when it is a Tracker product.
  static func add(to product: Product, in transaction: Transaction) throws {
    guard product.platformID == Platform.tracker else { return }
    let versions = try releases.map { release in
      let bytes = binary(release)
      return FirmwareVersion(
        version: release.version, title: release.title,
        description: "Off-the-shelf Tracker Edge release", size: bytes.count,
        sha256: try FirmwareBinaries.store(bytes, in: transaction),
        platformID: Platform.tracker, uploadedAt: transaction.now, uploadedBy: publisher,
        catalogue: true)
    }
    transaction.save(StateFiles.productFirmware(product.id), versions)
  }
}

extension Platform {
  /// The Tracker SoM's platform ID.
  static let tracker = 26
}
