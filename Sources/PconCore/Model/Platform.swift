/// A Particle hardware platform, known by name and numeric ID.
public struct Platform: Sendable, Equatable {
  public let id: Int
  public let name: String
  /// Whether devices of this platform have a cellular modem (and so may carry a SIM).
  public let isCellular: Bool

  /// Every platform pcon knows, in ID order.
  public static let all: [Platform] = [
    Platform(id: 0, name: "core", isCellular: false),
    Platform(id: 6, name: "photon", isCellular: false),
    Platform(id: 8, name: "p1", isCellular: false),
    Platform(id: 10, name: "electron", isCellular: true),
    Platform(id: 12, name: "argon", isCellular: false),
    Platform(id: 13, name: "boron", isCellular: true),
    Platform(id: 14, name: "xenon", isCellular: false),
    Platform(id: 15, name: "esomx", isCellular: true),
    Platform(id: 23, name: "bsom", isCellular: true),
    Platform(id: 25, name: "b5som", isCellular: true),
    Platform(id: 26, name: "tracker", isCellular: true),
    Platform(id: 28, name: "trackerm", isCellular: true),
    Platform(id: 32, name: "p2", isCellular: false),
    Platform(id: 35, name: "msom", isCellular: true),
  ]

  /// The platform called `name` (case-insensitive), or with that numeric ID.
  public static func named(_ name: String) throws -> Platform {
    let key = name.lowercased()
    if let platform = all.first(where: { $0.name == key }) { return platform }
    if let id = Int(key), let platform = all.first(where: { $0.id == id }) { return platform }
    throw PconError.unknownPlatform(name)
  }

  /// The platform with numeric ID `id`, if pcon knows it.
  public static func withID(_ id: Int) -> Platform? { all.first { $0.id == id } }
}
