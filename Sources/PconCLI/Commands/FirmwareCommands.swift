import PconCore

/// `firmware …`: a product's firmware versions, their releases and locks.
enum FirmwareCommands {
  static let firmware = Command(
    "firmware", summary: "Release product firmware, lock devices to it and follow its rollout",
    discussion:
      "VERSION is the product firmware version compiled into a binary (PRODUCT_VERSION). Which version a device runs follows the precedence rules: a development device gets nothing automatically; a locked device gets its lock; a device in groups with released firmware gets the highest version released to any of them; any other device gets the product default release, if there is one. Devices receive their target at their next handshake ('pcon device connect').",
    subcommands: releaseSubcommands)
}
