import PconCore

/// `firmware …`: a product's firmware versions, from the binary to the devices running it, their
/// releases and locks.
enum FirmwareCommands {
  static let firmware = Command(
    "firmware",
    summary: "Upload product firmware, release it, lock devices to it and follow its rollout",
    discussion:
      "A product's firmware is a list of versions, each one uploaded Particle application binary (a .bin module) whose product version (PRODUCT_VERSION) is its number, VERSION. pcon checks every upload as the console does: it must be an intact application for the product's platform, compiled with PRODUCT_VERSION equal to --version, above every version already uploaded. Binaries are kept once each, named by their SHA-256, in the state directory; 'pcon doctor' checks them. A tracker product starts with Particle's off-the-shelf Tracker Edge releases.\n\nWhich version a device runs follows the precedence rules: a development device gets nothing automatically; a locked device gets its lock; a device in groups with released firmware gets the highest version released to any of them; any other device gets the product default release, if there is one. Devices receive their target at their next handshake ('pcon device connect').",
    subcommands: [inspect, upload, list, show, edit, delete, download] + releaseSubcommands)

  /// A VERSION argument, completed from the versions of the product on the line.
  static let versionArgument = Argument(
    "VERSION", "a product firmware version", completion: .state(.firmwareVersions))

  /// The VERSION argument as a number; anything else is a usage error.
  static func version(_ run: Invocation) throws -> Int {
    let word = run.argument("VERSION")
    guard let number = Int(word), (1...Firmware.highestVersion).contains(number) else {
      throw UsageError(
        "VERSION '\(Visible.text(word))' is not a whole number from 1 to \(Firmware.highestVersion)",
        path: run.line.path)
    }
    return number
  }
}
