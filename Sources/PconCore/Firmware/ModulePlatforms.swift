/// The platform IDs Device OS has built modules for, with names: more than the platforms a
/// product can have, since `firmware inspect` reads any module.
enum ModulePlatforms {
  /// Hardware platforms (generation 1 and later), as Device OS's `platforms.h` lists them.
  static let names: [Int: String] = [
    0: "core", 2: "core-hd", 4: "photon-dev", 5: "teacup-pigtail-dev", 6: "photon",
    7: "teacup-pigtail", 8: "p1", 9: "ethernet-proto", 10: "electron", 12: "argon", 13: "boron",
    14: "xenon", 15: "esomx", 22: "asom", 23: "bsom", 24: "xsom", 25: "b5som", 26: "tracker",
    28: "trackerm", 32: "p2", 35: "msom",
  ]

  /// Whether `id` is a hardware platform: a prefix naming one is more likely real.
  static func isKnown(_ id: Int) -> Bool { names[id] != nil }

  /// The platform's name, pcon's own where it has one.
  static func name(of id: Int) -> String? { Platform.withID(id)?.name ?? names[id] }
}
