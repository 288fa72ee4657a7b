import PconCore

/// `tracker …`: Asset Tracker products: their settings and what those settings would cost.
enum TrackerCommands {
  static let tracker = Command(
    "tracker",
    summary: "Asset Tracker products: settings, the cmd box, the fleet map, data estimate",
    discussion:
      "Tracker features are for products of the tracker (26) and trackerm (28) platforms; other products and devices are refused, naming their platform. A tracker reports where it is in 'loc' events (its location history); the latest fix of each device is kept on its record for the map.",
    subcommands: [
      TrackerConfigCommands.config, TrackerCmdCommands.cmd, TrackerMapCommands.map, estimate,
    ])

  static let product = SharedOptions.product.described("a tracker product").required()
  static let devices = OptionKey.integer(
    Option("devices", value: "N", "how many devices"), in: 1...1_000_000
  ).required()

  static let estimate = Command(
    "estimate", summary: "Data operations and cellular data the product's settings use a month",
    discussion:
      "Each device publishes a typical \(TrackerEstimate.locBytes)-byte loc event: every location.interval_max seconds when stationary (the minimum location update frequency) and every location.interval_min seconds when always moving (the maximum location update frequency). Both ends are priced as 'pcon billing estimate' prices them, for the tracker class, over \(Estimate.monthDays) days. An interval_max of 0 publishes nothing while stationary; an interval_min of 0 (no limit) is taken as one publish a second.",
    options: [devices.option, product.option],
    examples: [
      Example("pcon tracker estimate --devices 100 --product city-couriers", "a hundred trackers")
    ],
    permission: Tracker.Needs.view,
    action: { run in
      let estimate = try run.read { actor, tx in
        try TrackerEstimate.make(
          devices: try run.required(devices), product: try run.required(product), by: actor,
          in: tx)
      }
      if run.wantsJSON { return run.emit(TrackerView.estimateJSON(estimate)) }
      run.emit(TrackerView.estimateTable(estimate))
    })
}
