import PconCore

/// `tracker …`: the Asset Tracker features of tracker products (platforms tracker and trackerm).
enum TrackerCommands {
  static let tracker = Command(
    "tracker", summary: "Asset Tracker features: the cmd box and the fleet map",
    discussion:
      "Commands for products of the tracker platforms (tracker 26, trackerm 28); other products and devices are refused. A tracker reports where it is in 'loc' events (its location history); the latest fix of each device is kept on its record for the map.",
    subcommands: [TrackerCmdCommands.cmd, TrackerMapCommands.map])
}
