import Foundation
import FoundationXML
import Testing

@testable import PconCore

/// The SVG map: well-formed XML whatever the labels hold, the devices, tracks, search area and
/// scale bar drawn, and a PNG from `rsvg-convert` when the machine has it.
@Suite struct MapSVGTests {
  static let time = testNow

  static func entry(
    _ n: Int, _ name: String?, _ lat: Double, _ lon: Double, track: [(Double, Double)] = []
  ) -> FleetMap.Entry {
    var device = Device(id: deviceHex(n), platformID: 26, owner: nil)
    device.name = name
    device.online = n % 2 == 0
    var entry = FleetMap.Entry(
      device: device, location: Location(latitude: lat, longitude: lon, time: time), distance: nil)
    entry.track = track.map { Location(latitude: $0.0, longitude: $0.1, time: time) }
    return entry
  }

  /// The elements of `document` by name, with their attributes, after a strict XML parse.
  final class Elements: NSObject, XMLParserDelegate {
    var found: [(name: String, attributes: [String: String])] = []
    var text = ""
    func parser(
      _ parser: XMLParser, didStartElement name: String, namespaceURI: String?,
      qualifiedName: String?, attributes: [String: String] = [:]
    ) { found.append((name, attributes)) }
    func parser(_ parser: XMLParser, foundCharacters string: String) { text += string }
  }

  static func parse(_ document: String) throws -> Elements {
    let parser = XMLParser(data: Data(document.utf8))
    let elements = Elements()
    parser.delegate = elements
    #expect(parser.parse(), "\(parser.parserError.map(String.init(describing:)) ?? "")")
    return elements
  }

  @Test func aMapIsWellFormedWithEveryPartDrawn() throws {
    let svg = MapSVG(
      entries: [
        Self.entry(
          1, "sea-truck", 47.6062, -122.3321, track: [(47.60, -122.34), (47.6062, -122.3321)]),
        Self.entry(2, "sea-van", 47.6205, -122.3493),
      ],
      area: .circle(latitude: 47.61, longitude: -122.34, radius: 3000)
    ).document
    let parsed = try Self.parse(svg)
    #expect(parsed.found.first?.name == "svg")
    #expect(parsed.found.filter { $0.attributes["class"] == "device" }.count == 2)
    #expect(parsed.found.filter { $0.attributes["class"] == "track" }.count == 1)
    let area = try #require(parsed.found.first { $0.attributes["class"] == "area" })
    #expect(area.name == "circle")
    #expect(parsed.text.contains("sea-truck") && parsed.text.contains("sea-van"))
    #expect(parsed.text.contains(" km") || parsed.text.contains(" m"))
    // Every drawn point is inside the picture.
    for element in parsed.found where element.attributes["class"] == "device" {
      let x = try #require(Double(element.attributes["cx"] ?? ""))
      let y = try #require(Double(element.attributes["cy"] ?? ""))
      #expect((0...800).contains(x) && (0...600).contains(y))
    }
  }

  @Test func labelsFromDevicesAreEscaped() throws {
    let hostile = "<script>&\"'\u{1B}[31m\u{0}"
    let svg = MapSVG(entries: [Self.entry(1, hostile, 1, 2)], area: nil).document
    #expect(!svg.contains("<script>") && !svg.contains("\u{1B}") && !svg.contains("\u{0}"))
    let parsed = try Self.parse(svg)
    #expect(parsed.text.contains("<script>&\"'\u{FFFD}[31m\u{FFFD}"))
  }

  @Test func aBoxAcrossTheAntimeridianIsDrawnWhole() throws {
    let svg = MapSVG(
      entries: [Self.entry(1, "fiji", -17.7, 179.9), Self.entry(2, "samoa", -13.8, -172)],
      area: .box(south: -20, west: 179, north: -10, east: -171)
    ).document
    let parsed = try Self.parse(svg)
    let box = try #require(parsed.found.first { $0.attributes["class"] == "area" })
    let width = try #require(Double(box.attributes["width"] ?? ""))
    #expect(width > 0 && width <= 800)
    let xs = parsed.found.filter { $0.attributes["class"] == "device" }.compactMap {
      Double($0.attributes["cx"] ?? "")
    }
    // Samoa, east of the antimeridian, is drawn to the right of Fiji, not across the world.
    #expect(xs.count == 2 && xs[1] > xs[0] && xs[1] - xs[0] < 800)
  }

  @Test func anEmptyMapIsStillAPicture() throws {
    let parsed = try Self.parse(MapSVG(entries: [], area: nil).document)
    #expect(parsed.found.first?.name == "svg")
  }

  @Test(arguments: [
    (40.0, 20.0, "20 m"), (999.0, 500.0, "500 m"), (4500.0, 2000.0, "2 km"),
    (12_000.0, 10_000.0, "10 km"),
  ])
  func theScaleBarIsARoundLength(_ most: Double, _ metres: Double, _ label: String) {
    #expect(MapSVG.scaleBar(maxMetres: most) == (metres, label))
  }

  @Test func rsvgConvertRendersItWhenPresent() throws {
    let tool = ["/usr/bin/rsvg-convert", "/usr/local/bin/rsvg-convert"].first {
      FileManager.default.isExecutableFile(atPath: $0)
    }
    let svg = MapSVG(
      entries: [Self.entry(1, "sea-truck", 47.6062, -122.3321)],
      area: .box(south: 47.5, west: -122.5, north: 47.7, east: -122.2)
    ).document
    _ = try Self.parse(svg)
    guard let tool else { return }
    let directory = FileManager.default.temporaryDirectory.appendingPathComponent(
      "pcon-svg-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: directory) }
    let input = directory.appendingPathComponent("map.svg")
    let output = directory.appendingPathComponent("map.png")
    try Data(svg.utf8).write(to: input)
    let process = Process()
    process.executableURL = URL(fileURLWithPath: tool)
    process.arguments = [input.path, "-o", output.path]
    try process.run()
    process.waitUntilExit()
    #expect(process.terminationStatus == 0)
    let png = try Data(contentsOf: output)
    #expect(png.starts(with: [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]))
  }
}
