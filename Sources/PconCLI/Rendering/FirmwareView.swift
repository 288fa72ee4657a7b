import PconCore

/// Firmware modules and versions as `--json` prints them and as tables show them.
enum FirmwareView {
  /// A decoded module: CLI.md's keys first, in its order, then the rest of what was decoded.
  static func json(_ module: ModuleInfo, sha256: String) -> JSON {
    .object([
      ("platform_id", .int(module.platformID)), ("platform", .string(module.platform)),
      ("module_function", .int(module.function)), ("module_index", .int(module.index)),
      ("module_version", .int(module.moduleVersion)), ("product_id", .int(module.productID)),
      ("product_version", .int(module.productVersion)), ("crc_valid", .bool(module.crcValid)),
      ("sha256_valid", .bool(module.sha256Valid)), ("size", .int(module.size)),
      ("module_function_name", .string(module.functionName)),
      ("prefix_offset", .int(module.prefixOffset)),
      ("start_address", .string(hex(module.prefix.startAddress))),
      ("end_address", .string(hex(module.prefix.endAddress))),
      ("flags", .int(module.prefix.flags)),
      (
        "dependencies",
        .array(
          module.dependencies.map {
            .object([
              ("module_function", .int($0.function)), ("module_index", .int($0.index)),
              ("module_version", .int($0.version)),
            ])
          })
      ),
      ("suffix_size", .int(module.suffix.size)),
      ("crc32", .string(hex(module.suffix.storedCRC))), ("sha256", .string(sha256)),
    ])
  }

  /// A decoded module as a FIELD/VALUE table.
  static func table(_ module: ModuleInfo, sha256: String) -> Table {
    var table = Table(["FIELD", "VALUE"])
    let dependencies = module.dependencies.map {
      "\(ModuleFunction.name(of: $0.function)) \($0.index) ≥ \($0.version)"
    }
    func valid(_ ok: Bool) -> String { ok ? "valid" : "INVALID" }
    for (field, value) in [
      (
        "platform",
        module.platform.map { "\($0) (\(module.platformID))" } ?? "ID \(module.platformID)"
      ),
      ("module function", "\(module.functionName) (\(module.function))"),
      ("module index", String(module.index)),
      ("module version", String(module.moduleVersion)),
      ("dependencies", dependencies.isEmpty ? "none" : dependencies.joined(separator: ", ")),
      ("product ID", product(module.productID)),
      ("product version", product(module.productVersion)),
      ("prefix offset", hex(UInt32(module.prefixOffset))),
      ("addresses", "\(hex(module.prefix.startAddress)) → \(hex(module.prefix.endAddress))"),
      ("suffix size", String(module.suffix.size)),
      ("CRC-32", "\(hex(module.suffix.storedCRC)) \(valid(module.crcValid))"),
      ("SHA-256", valid(module.sha256Valid)),
      ("size", "\(module.size) bytes"),
      ("file SHA-256", sha256),
    ] {
      table.add(field, value)
    }
    return table
  }

  private static func product(_ value: Int?) -> String {
    guard let value else { return "- (36-byte suffix)" }
    return ModuleInfo.isUnset(value) ? "\(value) (none)" : String(value)
  }

  private static func hex(_ value: UInt32) -> String { "0x" + String(value, radix: 16) }

  /// Where a version is released, in words: `default`, group names, or `-`.
  static func released(_ version: FirmwareVersion) -> String {
    let targets = (version.productDefault ? ["default"] : []) + version.groups
    return targets.isEmpty ? "-" : targets.joined(separator: ", ")
  }

  /// A version with the count of devices running it.
  static func json(_ summary: Firmware.VersionSummary) -> JSON {
    let version = summary.version
    return .object([
      ("version", .int(version.version)), ("title", .string(version.title)),
      ("description", .string(version.description)), ("size", .int(version.size)),
      ("sha256", .string(version.sha256)), ("platform_id", .int(version.platformID)),
      ("uploaded_at", .string(version.uploadedAt.iso8601)),
      ("uploaded_by", .string(version.uploadedBy)),
      ("product_default", .bool(version.productDefault)),
      ("groups", .array(version.groups.map(JSON.string))),
      ("released_at", .string(version.releasedAt?.iso8601)),
      ("catalogue", .bool(version.catalogue)), ("running_devices", .int(summary.devices)),
    ])
  }

  /// The versions of a product, one row each.
  static func table(_ summaries: [Firmware.VersionSummary]) -> Table {
    var table = Table(["VERSION", "TITLE", "SIZE", "UPLOADED", "BY", "RELEASED TO", "DEVICES"])
    for summary in summaries {
      let version = summary.version
      table.add(
        String(version.version), version.title, String(version.size),
        Views.time(version.uploadedAt), version.uploadedBy, released(version),
        String(summary.devices))
    }
    return table
  }

  /// One version as a FIELD/VALUE table.
  static func detail(_ summary: Firmware.VersionSummary) -> Table {
    let version = summary.version
    var table = Table(["FIELD", "VALUE"])
    for (field, value) in [
      ("version", String(version.version)), ("title", version.title),
      ("description", version.description ?? "-"), ("size", "\(version.size) bytes"),
      ("sha256", version.sha256),
      ("platform", Platform.withID(version.platformID)?.name ?? String(version.platformID)),
      ("uploaded at", version.uploadedAt.iso8601), ("uploaded by", version.uploadedBy),
      ("released to", released(version)),
      ("released at", version.releasedAt?.iso8601 ?? "-"),
      ("catalogue", version.catalogue ? "yes (off-the-shelf)" : "no"),
      ("devices running it", String(summary.devices)),
    ] {
      table.add(field, value)
    }
    return table
  }
}
