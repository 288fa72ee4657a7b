/// The whole command table: every command pcon has, declared once.
enum CommandTable {
  static let root = Command(
    "pcon", summary: "a command-line fleet console for Particle-style IoT devices",
    discussion:
      "pcon is the console and the device cloud in one. All state lives in JSON files under one state directory, which is the fleet's database: accounts, tokens, devices and SIMs. Commands such as 'pcon device connect' play the part of a device's handshake with the cloud.\n\nDEVICE is a 24-hex-digit device ID or a device name. Output is a table for people and JSON with --json; errors go to stderr, and the exit status says what kind of failure it was (listed below).",
    subcommands: [
      AccountCommands.account, AccountCommands.login, AccountCommands.logout,
      AccountCommands.whoami,
      TokenCommands.token, DeviceCommands.device, SimCommands.sim, ProductCommands.product,
      TeamCommands.team,
      TeamCommands.invites, CustomerCommands.customer, CustomerCommands.oauthClient,
      ProductCommands.org, GroupCommands.group, FirmwareCommands.firmware,
      EventCommands.publish,
      EventCommands.logs, IntegrationCommands.integration, BillingCommands.billing,
      TrackerCommands.tracker,
      SimulateCommand.simulate,
      DemoCommand.demo,
      ToolingCommands.doctor, ToolingCommands.completion, ToolingCommands.man, ToolingCommands.help,
      ToolingCommands.version, ToolingCommands.complete,
    ])
}
