/// What a Particle module is (`module_function` in its prefix), as Device OS numbers them.
public enum ModuleFunction: UInt8, Sendable, CaseIterable {
  case none = 0
  case resource = 1
  case bootloader = 2
  case monolithic = 3
  case systemPart = 4
  case userPart = 5
  case settings = 6
  case ncpFirmware = 7
  case radioStack = 8
  case asset = 9

  /// The word `firmware inspect` shows.
  public var name: String {
    switch self {
    case .none: "none"
    case .resource: "resource"
    case .bootloader: "bootloader"
    case .monolithic: "monolithic"
    case .systemPart: "system-part"
    case .userPart: "user-part"
    case .settings: "settings"
    case .ncpFirmware: "ncp-firmware"
    case .radioStack: "radio-stack"
    case .asset: "asset"
    }
  }

  /// The name of `raw`, or `unknown (N)` for a number Device OS does not use.
  public static func name(of raw: Int) -> String {
    UInt8(exactly: raw).flatMap(ModuleFunction.init(rawValue:))?.name ?? "unknown (\(raw))"
  }
}
