import PconCore

/// `firmware inspect|upload|list|show|edit|delete|download`: binaries and the versions made of
/// them.
extension FirmwareCommands {
  static let fileArgument = Argument(
    "FILE", "a Particle module binary (.bin), or - for standard input", completion: .file)
  static let product = SharedOptions.product.described("the product").required()
  static let title = OptionKey(Option("title", value: "TITLE", "a short title"))
  static let description = OptionKey(
    Option("description", value: "DESCRIPTION", "what changed in this version"))

  /// The bytes of the FILE argument, read whole (a module is small) before any lock is taken.
  static func binary(_ run: Invocation) throws -> (name: String, bytes: [UInt8]) {
    var source = try run.input(run.argument("FILE"))
    do {
      return (source.name, try source.readAll(limit: Firmware.binarySizeLimit))
    } catch PconError.inputTooLarge {
      throw PconError.notAModule(
        file: source.name,
        reason: "it holds more than \(Firmware.binarySizeLimit >> 20) MiB, more than any module")
    }
  }

  static let inspect = Command(
    "inspect", summary: "Decode a Particle module binary",
    discussion:
      "Reads any Particle module (application, system part, bootloader…) and shows its platform, module function, index and version, dependencies, compiled-in product ID and version, and whether its CRC-32 and SHA-256 hold. The product ID and version are absent from a 36-byte suffix; 0 and 65535 mean none was compiled in. Needs no account and no state.",
    arguments: [fileArgument],
    examples: [Example("pcon firmware inspect app.bin --json", "the decoded fields as JSON")],
    permission: .open,
    action: { run in
      let file = try binary(run)
      let module = try ModuleInfo.decode(file.bytes, file: file.name)
      let sha = SHA256.hex(file.bytes)
      if run.wantsJSON { return run.emit(FirmwareView.json(module, sha256: sha)) }
      run.emit(FirmwareView.table(module, sha256: sha))
    })

  static let upload = Command(
    "upload", summary: "Upload a binary as a new version of a product",
    discussion:
      "Refused, naming the file and the field, when the binary is not an application (a bootloader or system part), its CRC-32 is wrong, it is for another platform than the product's, it has no product version compiled in or one other than --version, its compiled-in product ID is neither the product's, the platform ID (Device OS 4 and later) nor unset, or its version is not above every version already uploaded. A deleted version's number may be uploaded again.",
    arguments: [fileArgument],
    options: [
      product.option,
      OptionKey.integer(
        Option("version", value: "N", "the product version compiled into the binary"),
        in: 1...Firmware.highestVersion
      ).required().option,
      title.required().option, description.option,
    ],
    examples: [
      Example(
        "pcon firmware upload app.bin --product 10001 --version 3 --title 'Faster sampling'",
        "upload version 3")
    ],
    permission: Firmware.Needs.upload,
    action: { run in
      let file = try binary(run)
      let product = try run.required(product)
      let number = Int(run.line.value("version") ?? "") ?? 0
      let version = try run.write { actor, tx in
        try Firmware.upload(
          file.bytes, file: file.name, product: product, version: number,
          title: try run.required(title), description: run[description], by: actor, in: tx)
      }
      if run.wantsJSON {
        return run.emit(FirmwareView.json(Firmware.VersionSummary(version: version, devices: 0)))
      }
      run.print("\(version.version)\n")
      run.notice(
        "uploaded version \(version.version) of product \(product) (\(version.size) bytes)")
    })

  static let list = Command(
    "list", aliases: ["ls"], summary: "List a product's firmware versions",
    discussion:
      "Each version with its title, size, when and by whom it was uploaded, where it is released (the product default, groups) and how many of the product's devices run it.",
    options: [product.option],
    permission: Firmware.Needs.view,
    action: { run in
      let product = try run.required(product)
      let versions = try run.read { actor, tx in try Firmware.list(product, by: actor, in: tx) }
      if run.wantsJSON { return run.emit(.array(versions.map(FirmwareView.json))) }
      run.emit(FirmwareView.table(versions))
    })

  static let show = Command(
    "show", summary: "Show one firmware version",
    arguments: [versionArgument], options: [product.option],
    permission: Firmware.Needs.show,
    action: { run in
      let number = try version(run)
      let product = try run.required(product)
      let summary = try run.read { actor, tx in
        try Firmware.show(number, product: product, by: actor, in: tx)
      }
      if run.wantsJSON { return run.emit(FirmwareView.json(summary)) }
      run.emit(FirmwareView.detail(summary))
    })

  static let edit = Command(
    "edit", summary: "Change a firmware version's title or description",
    discussion: "An empty --description removes the description.",
    arguments: [versionArgument],
    options: [product.option, title.option, description.option],
    permission: Firmware.Needs.edit,
    action: { run in
      let number = try version(run)
      let product = try run.required(product)
      let changed = try run.write { actor, tx in
        try Firmware.edit(
          number, product: product, title: run[title], description: run[description], by: actor,
          in: tx)
      }
      if run.wantsJSON {
        return run.emit(
          FirmwareView.json(
            try run.read { actor, tx in
              try Firmware.show(changed.version, product: product, by: actor, in: tx)
            }))
      }
      run.print("edited version \(changed.version) of product \(product)\n")
    })

  static let delete = Command(
    "delete", aliases: ["rm"], summary: "Delete a firmware version that was never released",
    discussion:
      "A version released to the product default or to a group, or that a device is locked to, is refused: unrelease or unlock it first. Asks first (--yes skips the question). Its binary is removed from the state directory when no other version uses it, and its number may be uploaded again.",
    arguments: [versionArgument], options: [product.option],
    permission: Firmware.Needs.delete,
    action: { run in
      let number = try version(run)
      let product = try run.required(product)
      try run.confirm("delete firmware version \(number) of product \(product) and its binary")
      let deleted = try run.write { actor, tx in
        try Firmware.delete(number, product: product, by: actor, in: tx)
      }
      if run.wantsJSON {
        return run.emit(FirmwareView.json(Firmware.VersionSummary(version: deleted, devices: 0)))
      }
      run.print("deleted version \(deleted.version) of product \(product)\n")
    })

  static let download = Command(
    "download", summary: "Write a firmware version's binary to a file",
    discussion:
      "Writes the exact bytes that were uploaded, checked against their SHA-256 first. An existing file is left alone unless --force is given.",
    arguments: [versionArgument],
    options: [
      product.option,
      Option(
        "output", short: "o", value: "FILE", "the file to write, or - for standard output",
        required: true, completion: .file),
      Option("force", short: "f", "replace FILE if it exists"),
    ],
    examples: [
      Example("pcon firmware download 3 --product 10001 --output v3.bin", "save version 3")
    ],
    permission: Firmware.Needs.download,
    action: { run in
      let number = try version(run)
      let product = try run.required(product)
      let path = run.line.value("output") ?? ""
      guard !path.isEmpty else {
        throw UsageError(
          "--output needs a file name, or - for standard output", path: run.line.path)
      }
      if path == "-", run.wantsJSON {
        throw UsageError(
          "--output - writes the binary to standard output, where --json cannot go too",
          path: run.line.path)
      }
      let bytes = try run.read { actor, tx in
        try Firmware.download(number, product: product, by: actor, in: tx)
      }
      // Standard output carries the bytes themselves, for a pipe.
      if path == "-" { return run.context.stdout.write(bytes: bytes) }
      try BinaryOutput.write(
        bytes, to: path, in: run.context.workingDirectory, replacing: run.line.flag("force"))
      if run.wantsJSON {
        return run.emit(
          .object([
            ("version", .int(number)), ("output", .string(path)), ("size", .int(bytes.count)),
            ("sha256", .string(SHA256.hex(bytes))),
          ]))
      }
      run.notice("wrote version \(number) (\(bytes.count) bytes) to \(path)")
    })
}
