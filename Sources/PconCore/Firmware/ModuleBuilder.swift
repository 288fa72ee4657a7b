/// Builds a Particle application module as Device OS's build writes one: the 24-byte prefix at
/// offset 0, the code, a 40-byte suffix with product ID and version, SHA-256 and CRC-32. The
/// demo, the tests and the benchmarks make their binaries with it.
public struct ModuleBuilder: Sendable {
  public var platformID: Int
  /// The product ID compiled in (`PRODUCT_ID(N)`; since Device OS 4 the platform ID).
  public var productID: Int
  /// The product version compiled in (`PRODUCT_VERSION(N)`).
  public var productVersion: Int
  /// `module_function`: 5 for a user part, 2 a bootloader, 4 a system part.
  public var function: UInt8 = 5
  public var index: UInt8 = 1
  /// The code between prefix and suffix.
  public var payload: [UInt8] = Array("pcon test application".utf8)
  /// The flash address of the module's first byte.
  public var startAddress: UInt32 = 0x000D_4000

  public init(platformID: Int, productID: Int, productVersion: Int) {
    self.platformID = platformID
    self.productID = productID
    self.productVersion = productVersion
  }

  /// The module's bytes.
  public func build() -> [UInt8] {
    let suffixSize = 40
    let length = 24 + payload.count + suffixSize + 4
    var bytes: [UInt8] = []
    bytes.reserveCapacity(length)
    func u16(_ value: Int) { bytes += [UInt8(value & 0xFF), UInt8((value >> 8) & 0xFF)] }
    func u32(_ value: UInt32) {
      for shift in [0, 8, 16, 24] { bytes.append(UInt8((value >> UInt32(shift)) & 0xFF)) }
    }
    u32(startAddress)
    u32(startAddress + UInt32(length - 4))
    bytes += [0, 0]  // reserved, flags
    u16(6)  // module_version of a user part
    u16(platformID)
    bytes += [function, index]
    bytes += [4, 1]  // depends on system part 1…
    u16(6_101)  // …of Device OS 6.1.1
    bytes += [0, 0, 0, 0]
    bytes += payload
    u16(productID)
    u16(productVersion)
    u16(0)  // reserved
    let sha = SHA256.digest(bytes)
    bytes += sha
    u16(suffixSize)
    let crc = CRC32.checksum(bytes)
    for shift in [24, 16, 8, 0] { bytes.append(UInt8((crc >> UInt32(shift)) & 0xFF)) }
    return bytes
  }
}
