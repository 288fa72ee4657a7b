import Glibc

/// A fleet map drawn as SVG, for a person to look at: each device a labelled dot (and its track),
/// on an equirectangular projection scaled by the cosine of the middle latitude, with a scale
/// bar and the search area outlined.
public struct MapSVG {
  public let entries: [FleetMap.Entry]
  public let area: FleetMap.Area?
  public var width = 800.0
  public var height = 600.0
  /// The margin around the plot, in pixels.
  static let margin = 40.0
  /// Metres in one degree of latitude.
  static let metresPerDegree = Geo.earthRadius * .pi / 180

  public init(entries: [FleetMap.Entry], area: FleetMap.Area?) {
    self.entries = entries
    self.area = area
  }

  /// The longitude as drawn: east of the antimeridian moved on past 180 when the area crosses it.
  private func unwrapped(_ longitude: Double) -> Double {
    if case .box(_, let west, _, let east) = area, west > east, longitude < west {
      return longitude + 360
    }
    return longitude
  }

  /// The degrees the map spans: the devices, their tracks and the area, padded.
  private func bounds() -> (south: Double, west: Double, north: Double, east: Double) {
    var lats: [Double] = []
    var lons: [Double] = []
    for entry in entries {
      for location in [entry.location] + entry.track {
        lats.append(location.latitude)
        lons.append(unwrapped(location.longitude))
      }
    }
    switch area {
    case .circle(let lat, let lon, let radius)?:
      let dLat = radius / Self.metresPerDegree
      let dLon = dLat / max(0.01, cos(Geo.radians(lat)))
      lats += [lat - dLat, lat + dLat]
      lons += [lon - dLon, lon + dLon]
    case .box(let south, let west, let north, let east)?:
      lats += [south, north]
      lons += [west, unwrapped(east)]
    case nil: break
    }
    guard var south = lats.min(), var north = lats.max(), var west = lons.min(),
      var east = lons.max()
    else { return (-1, -1, 1, 1) }
    // A lone point still gets a neighbourhood around it.
    let padLat = max((north - south) * 0.1, 0.005)
    let padLon = max((east - west) * 0.1, 0.005)
    south = max(-90, south - padLat)
    north = min(90, north + padLat)
    west -= padLon
    east += padLon
    return (south, west, north, east)
  }

  /// The whole document.
  public var document: String {
    let box = bounds()
    let midLatitude = (box.south + box.north) / 2
    let xScale = max(0.01, cos(Geo.radians(midLatitude)))
    let spanX = (box.east - box.west) * xScale
    let spanY = box.north - box.south
    let plotW = width - 2 * Self.margin
    let plotH = height - 2 * Self.margin
    let pixelsPerDegree = min(plotW / spanX, plotH / spanY)
    let offsetX = Self.margin + (plotW - spanX * pixelsPerDegree) / 2
    let offsetY = Self.margin + (plotH - spanY * pixelsPerDegree) / 2
    func project(_ lat: Double, _ lon: Double) -> (Double, Double) {
      (
        offsetX + (unwrapped(lon) - box.west) * xScale * pixelsPerDegree,
        offsetY + (box.north - lat) * pixelsPerDegree
      )
    }
    let metresPerPixel = Self.metresPerDegree / pixelsPerDegree
    var out = """
      <?xml version="1.0" encoding="UTF-8"?>
      <svg xmlns="http://www.w3.org/2000/svg" width="\(n(width))" height="\(n(height))" viewBox="0 0 \(n(width)) \(n(height))" font-family="sans-serif" font-size="12">
      <rect width="100%" height="100%" fill="#f4f1ea"/>

      """
    switch area {
    case .circle(let lat, let lon, let radius)?:
      let (x, y) = project(lat, lon)
      out +=
        "<circle class=\"area\" cx=\"\(n(x))\" cy=\"\(n(y))\" r=\"\(n(radius / metresPerPixel))\" fill=\"#2e86de\" fill-opacity=\"0.08\" stroke=\"#2e86de\" stroke-dasharray=\"6 4\"/>\n"
    case .box(let south, let west, let north, let east)?:
      let (x1, y1) = project(north, west)
      let (x2, y2) = project(south, east)
      out +=
        "<rect class=\"area\" x=\"\(n(x1))\" y=\"\(n(y1))\" width=\"\(n(x2 - x1))\" height=\"\(n(y2 - y1))\" fill=\"#2e86de\" fill-opacity=\"0.08\" stroke=\"#2e86de\" stroke-dasharray=\"6 4\"/>\n"
    case nil: break
    }
    for entry in entries where entry.track.count > 1 {
      let points = entry.track.map { project($0.latitude, $0.longitude) }
        .map { "\(n($0.0)),\(n($0.1))" }.joined(separator: " ")
      out +=
        "<polyline class=\"track\" points=\"\(points)\" fill=\"none\" stroke=\"#888\" stroke-width=\"1.5\"/>\n"
    }
    for entry in entries {
      let (x, y) = project(entry.location.latitude, entry.location.longitude)
      let colour = entry.device.online ? "#27ae60" : "#7f8c8d"
      out +=
        "<circle class=\"device\" cx=\"\(n(x))\" cy=\"\(n(y))\" r=\"5\" fill=\"\(colour)\" stroke=\"#222\"/>\n"
      out +=
        "<text x=\"\(n(x + 8))\" y=\"\(n(y + 4))\">\(Self.escaped(entry.device.name ?? entry.device.id))</text>\n"
    }
    let (barMetres, barLabel) = Self.scaleBar(maxMetres: metresPerPixel * plotW / 4)
    let barPixels = barMetres / metresPerPixel
    let barY = height - Self.margin / 2
    out += """
      <g class="scale">
      <line x1="\(n(Self.margin))" y1="\(n(barY))" x2="\(n(Self.margin + barPixels))" y2="\(n(barY))" stroke="#222" stroke-width="3"/>
      <text x="\(n(Self.margin + barPixels + 6))" y="\(n(barY + 4))">\(barLabel)</text>
      </g>
      </svg>

      """
    return out
  }

  /// The longest round length (1, 2 or 5 times a power of ten metres) at most `maxMetres`, and
  /// how it reads: `500 m`, `2 km`.
  static func scaleBar(maxMetres: Double) -> (Double, String) {
    guard maxMetres.isFinite, maxMetres >= 1 else { return (1, "1 m") }
    let power = pow(10, floor(log10(maxMetres)))
    let metres = [5.0, 2, 1].map { $0 * power }.first { $0 <= maxMetres } ?? power
    if metres >= 1000 { return (metres, "\(n(metres / 1000)) km") }
    return (metres, "\(n(metres)) m")
  }

  /// `text` safe inside an XML element or attribute: markup escaped, and the control characters
  /// XML cannot hold shown as U+FFFD.
  public static func escaped(_ text: String) -> String {
    var out = ""
    for scalar in text.unicodeScalars {
      switch scalar {
      case "&": out += "&amp;"
      case "<": out += "&lt;"
      case ">": out += "&gt;"
      case "\"": out += "&quot;"
      case "'": out += "&apos;"
      case "\t", "\n", "\r": out.unicodeScalars.append(scalar)
      default:
        out.unicodeScalars.append(
          scalar.value < 0x20 || (0x7F...0x9F).contains(scalar.value)
            || (0xFFFE...0xFFFF).contains(scalar.value) ? "\u{FFFD}" : scalar)
      }
    }
    return out
  }
}

/// A coordinate with at most two decimals, as SVG needs no more.
private func n(_ value: Double) -> String {
  let rounded = (value * 100).rounded() / 100
  guard rounded.isFinite, abs(rounded) < 1e12 else { return "0" }
  return rounded == rounded.rounded() ? String(Int64(rounded)) : String(rounded)
}
