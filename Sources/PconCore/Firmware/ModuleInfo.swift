/// Everything a Particle module binary says about itself: its prefix, its suffix and whether
/// its checksums hold, decoded from untrusted bytes without ever reading past them.
public struct ModuleInfo: Sendable, Equatable {
  /// The file's length in bytes.
  public let size: Int
  /// Where in the file the prefix was found.
  public let prefixOffset: Int
  public let prefix: ModulePrefix
  public let suffix: ModuleSuffix
  /// Whether the CRC-32 of all but the last 4 bytes is the one stored big-endian there.
  public let crcValid: Bool
  /// Whether the SHA-256 of all bytes before the suffix's hash is the one stored there.
  public let sha256Valid: Bool

  /// The smallest suffix any Device OS wrote: reserved, SHA-256 and size.
  static let smallestSuffix = 36
  /// The smallest file that can hold a prefix, a suffix and a CRC.
  public static let smallestModule = ModulePrefix.size + smallestSuffix + 4

  /// Decodes `bytes`, read from `file`; anything that cannot be a module is a one-line error
  /// naming the file.
  public static func decode(_ bytes: [UInt8], file: String) throws -> ModuleInfo {
    guard bytes.count >= smallestModule else {
      throw PconError.notAModule(
        file: file,
        reason:
          "it is \(bytes.count) bytes, shorter than the smallest module (\(smallestModule) bytes)")
    }
    guard let (offset, prefix) = ModulePrefix.find(in: bytes) else {
      throw PconError.notAModule(
        file: file,
        reason: "no module prefix was found at any place Device OS puts one")
    }
    let suffix = ModuleSuffix(bytes)
    let n = bytes.count
    return ModuleInfo(
      size: n, prefixOffset: offset, prefix: prefix, suffix: suffix,
      crcValid: CRC32.checksum(bytes[..<(n - 4)]) == suffix.storedCRC,
      sha256Valid: SHA256.digest(bytes[..<(n - 38)]) == suffix.sha256)
  }

  public var platformID: Int { prefix.platformID }
  /// The platform's name, or nil for an ID pcon does not know.
  public var platform: String? { ModulePlatforms.name(of: prefix.platformID) }
  public var function: Int { prefix.function }
  /// `function`'s name.
  public var functionName: String { ModuleFunction.name(of: prefix.function) }
  public var index: Int { prefix.index }
  public var moduleVersion: Int { prefix.moduleVersion }
  /// The dependencies that are set (an empty slot is all zeros).
  public var dependencies: [ModulePrefix.Dependency] {
    prefix.dependencies.filter { $0.function != 0 }
  }
  public var productID: Int? { suffix.productID }
  public var productVersion: Int? { suffix.productVersion }

  /// Whether `value` (a product ID or version) means "none": 0 and 0xFFFF are what builds
  /// without `PRODUCT_ID` / `PRODUCT_VERSION` leave.
  public static func isUnset(_ value: Int?) -> Bool {
    value == nil || value == 0 || value == 0xFFFF
  }

  /// Whether the module runs as a product's application: a user part, or a monolithic image.
  public var isApplication: Bool {
    prefix.function == Int(ModuleFunction.userPart.rawValue)
      || prefix.function == Int(ModuleFunction.monolithic.rawValue)
  }
}
