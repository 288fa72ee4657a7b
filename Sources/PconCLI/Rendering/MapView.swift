import PconCore

/// How a fleet map looks: a table for people, JSON records, and GeoJSON.
enum MapView {
  /// NAME, LAT, LON, TIME, ONLINE, TEMP °C, BATTERY (and DISTANCE for a circle search).
  static func table(_ entries: [FleetMap.Entry], distances: Bool) -> Table {
    var headers = ["NAME", "LAT", "LON", "TIME", "ONLINE", "TEMP °C", "BATTERY"]
    let showsDistance = distances && entries.contains { $0.distance != nil }
    if showsDistance { headers.append("DISTANCE") }
    var table = Table(headers)
    for entry in entries {
      let location = entry.location
      var cells = [
        entry.device.name ?? entry.device.id, degrees(location.latitude),
        degrees(location.longitude), Views.time(location.time), entry.device.online ? "yes" : "no",
        location.temperature.map { decimal($0, places: 1) } ?? "-",
        location.battery.map { decimal($0, places: 1) + " %" } ?? "-",
      ]
      if showsDistance { cells.append(entry.distance.map(metres) ?? "-") }
      table.add(cells.map { Table.Cell($0) })
    }
    return table
  }

  /// One device's last location, as `--json` prints it.
  static func json(_ entry: FleetMap.Entry) -> JSON {
    var pairs = properties(entry)
    pairs += [
      ("latitude", .double(entry.location.latitude)),
      ("longitude", .double(entry.location.longitude)),
    ]
    return .object(pairs)
  }

  /// A GeoJSON FeatureCollection: a Point per device at its last location and, with `track`,
  /// after it a LineString (id DEVICE-track) through its locations in the window when it has two.
  static func geoJSON(_ entries: [FleetMap.Entry], track: Bool) -> JSON {
    var features: [JSON] = []
    for entry in entries {
      features.append(
        .object([
          ("type", .string("Feature")), ("id", .string(entry.device.id)),
          (
            "geometry",
            .object([("type", .string("Point")), ("coordinates", position(entry.location))])
          ),
          ("properties", .object(properties(entry))),
        ]))
      // The path beside the point: a line needs two fixes.
      guard track, entry.track.count > 1, let first = entry.track.first,
        let last = entry.track.last
      else { continue }
      features.append(
        .object([
          ("type", .string("Feature")), ("id", .string(entry.device.id + "-track")),
          (
            "geometry",
            .object([
              ("type", .string("LineString")),
              ("coordinates", .array(entry.track.map(position))),
            ])
          ),
          (
            "properties",
            .object([
              ("device_id", .string(entry.device.id)),
              ("device_name", .string(entry.device.name)), ("track", .bool(true)),
              ("fixes", .int(entry.track.count)), ("from", .string(first.time.iso8601)),
              ("to", .string(last.time.iso8601)),
            ])
          ),
        ]))
    }
    return .object([("type", .string("FeatureCollection")), ("features", .array(features))])
  }

  /// [longitude, latitude], GeoJSON's order.
  private static func position(_ location: Location) -> JSON {
    .array([.double(location.longitude), .double(location.latitude)])
  }

  private static func properties(_ entry: FleetMap.Entry) -> [(String, JSON)] {
    var pairs: [(String, JSON)] = [
      ("device_id", .string(entry.device.id)), ("device_name", .string(entry.device.name)),
      ("product_id", .int(entry.device.productID)),
      ("groups", .array(entry.device.groups.map(JSON.string))),
      ("online", .bool(entry.device.online)),
      ("time", .string(entry.location.time.iso8601)),
      ("temp_c", entry.location.temperature.map(JSON.double) ?? .null),
      ("battery", entry.location.battery.map(JSON.double) ?? .null),
    ]
    if let distance = entry.distance { pairs.append(("distance_m", .double(distance.rounded()))) }
    return pairs
  }

  private static func degrees(_ value: Double) -> String { decimal(value, places: 6) }

  /// `value` with exactly `places` decimals.
  static func decimal(_ value: Double, places: Int) -> String {
    var scale = 1.0
    for _ in 0..<places { scale *= 10 }
    let scaled = (abs(value) * scale).rounded()
    guard scaled.isFinite, scaled < 9e15 else { return String(value) }
    let whole = Int64(scaled)
    let unit = Int64(scale)
    var fraction = String(whole % unit)
    while fraction.count < places { fraction = "0" + fraction }
    let sign = value < 0 && whole != 0 ? "-" : ""
    return places == 0 ? "\(sign)\(whole)" : "\(sign)\(whole / unit).\(fraction)"
  }

  private static func metres(_ value: Double) -> String {
    value < 1000 ? "\(Int(value.rounded())) m" : decimal(value / 1000, places: 2) + " km"
  }
}
