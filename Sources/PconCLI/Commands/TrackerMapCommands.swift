import PconCore

/// `tracker map`: where a tracker product's devices last were, as a table, GeoJSON or SVG.
enum TrackerMapCommands {
  /// How the map is written.
  enum Format: String, CaseIterable, Sendable {
    case table, geojson, svg
  }

  static let near = OptionKey(
    Option("near", value: "LAT,LON", "only devices within --radius of this point"),
    expects: "a latitude (-90 to 90) and longitude (-180 to 180), such as 47.61,-122.33",
    parse: { text -> [Double]? in
      guard let numbers = degrees(text, count: 2),
        Location.isValid(latitude: numbers[0], longitude: numbers[1])
      else { return nil }
      return numbers
    })
  static let radius = OptionKey(
    Option("radius", value: "METERS", "the search radius around --near, in metres"),
    expects: "a distance in metres greater than 0, at most 20037509 (half the Earth round)",
    parse: { text -> Double? in
      guard let metres = Figures.decimal(text), metres > 0, metres <= 20_037_509 else {
        return nil
      }
      return metres
    })
  static let within = OptionKey(
    Option(
      "within", value: "S,W,N,E",
      "only devices in this box of degrees (W greater than E crosses the antimeridian)"),
    expects:
      "south,west,north,east in degrees, south at most north, such as 47.5,-122.5,47.7,-122.2",
    parse: { text -> FleetMap.Area? in
      guard let n = degrees(text, count: 4), n[0] <= n[2],
        Location.isValid(latitude: n[0], longitude: n[1]),
        Location.isValid(latitude: n[2], longitude: n[3])
      else { return nil }
      return .box(south: n[0], west: n[1], north: n[2], east: n[3])
    })
  static let format = OptionKey<Format>(
    enumeration: Option("format", value: "FORMAT", "how to write the map", default: "table"))

  static let map = Command(
    "map", summary: "Show where a tracker product's devices last were",
    discussion:
      "Lists each device's last known location (from its latest 'loc' event): name, latitude, longitude, the time of the fix, whether it is online, the board's temperature (not the air's) and the battery. --near with --radius keeps devices within that great-circle distance (nearest first); --within keeps those in a box; --until shows the map as it stood then (by default now, so fixes a rehearsal dated later do not count yet), and --since keeps devices whose last fix is at or after TIME. --format geojson writes a FeatureCollection with a Point per device, and with --track a LineString of each device's 'loc' events in the window; --format svg draws the devices on a map with labels, a scale bar and the search area outlined. --output writes the map to a file (an existing one only with --force).",
    options: [
      SharedOptions.product.described("the tracker product").required().option,
      near.option, radius.option, within.option,
      SharedOptions.since.described(
        "only last fixes at or after TIME (ISO-8601, or a span ago: 1h, 7d)"
      )
      .option,
      SharedOptions.until.described(
        "the map as it stood at TIME: each device's last fix then (default now)"
      ).option,
      Option(
        "device", value: "DEVICE", "only this device", repeatable: true,
        completion: .state(.devices)),
      Option("group", value: "GROUP", "only devices in this group", completion: .state(.groups)),
      Option("name", value: "TEXT", "only devices whose name contains TEXT"),
      format.option,
      Option(
        "output", short: "o", value: "FILE", "write the map to FILE (- for standard output)"),
      Option("force", short: "f", "replace FILE if it exists"),
      Option("track", "with --format geojson or svg, each device's path in the window"),
    ],
    examples: [
      Example("pcon tracker map --product city-couriers", "every tracker's last location"),
      Example(
        "pcon tracker map --product city-couriers --near 52.3791,4.9003 --radius 2000",
        "the trackers within 2 km of a point"),
      Example(
        "pcon tracker map --product city-couriers --format svg --output fleet.svg --track --since 1d",
        "a picture of the last day's tracks"),
    ],
    conflicts: [["near", "within"]],
    requires: ["near": "radius", "radius": "near", "force": "output"],
    permission: FleetMap.Needs.view,
    action: { run in
      var query = FleetMap.Query()
      if let point = run[near], let metres = run[radius] {
        query.area = .circle(latitude: point[0], longitude: point[1], radius: metres)
      }
      if let box = run[within] { query.area = box }
      query.devices = run.line.values["device"] ?? []
      query.group = run.line.value("group")
      query.name = run.line.value("name")
      let chosen = run[format] ?? .table
      query.track = run.line.flag("track")
      if query.track, chosen == .table {
        throw UsageError(
          "--track draws paths: use it with --format geojson or svg", path: run.line.path)
      }
      if chosen == .table, run.line.value("output") != nil {
        throw UsageError("--output writes geojson or svg: give --format", path: run.line.path)
      }
      let entries = try run.read { actor, tx in
        (query.since, query.until) = try SharedOptions.window(run, now: tx.now)
        return try FleetMap.locate(
          product: try run.required(SharedOptions.product), query, by: actor, in: tx)
      }
      if entries.isEmpty {
        run.notice("no device of the product has a fix that matches")
      }
      let text: String
      switch chosen {
      case .geojson:
        text = JSONWriter(pretty: true).string(MapView.geoJSON(entries, track: query.track)) + "\n"
      case .svg:
        text = MapSVG(entries: entries, area: query.area).document
      case .table:
        if run.wantsJSON { return run.emit(.array(entries.map(MapView.json))) }
        run.emit(MapView.table(entries, distances: query.area.map { _ in true } ?? false))
        return run.notice("TEMP °C is the tracker board's temperature, not the air's")
      }
      guard let path = run.line.value("output"), path != "-" else { return run.print(text) }
      try BinaryOutput.write(
        Array(text.utf8), to: path, in: run.context.workingDirectory,
        replacing: run.line.flag("force"))
      run.notice("wrote a map of \(Views.count(entries.count, "device")) to \(path)")
    })

  /// `count` comma-separated decimal degrees.
  private static func degrees(_ text: String, count: Int) -> [Double]? {
    let parts = text.split(separator: ",", omittingEmptySubsequences: false)
    let numbers = parts.compactMap { part -> Double? in
      Figures.decimal(part.trimmingSpaces)
    }
    return parts.count == count && numbers.count == count ? numbers : nil
  }
}

extension Substring {
  fileprivate var trimmingSpaces: Substring {
    var text = self
    while text.first == " " { text = text.dropFirst() }
    while text.last == " " { text = text.dropLast() }
    return text
  }
}
