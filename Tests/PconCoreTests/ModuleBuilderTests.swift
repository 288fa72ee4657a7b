import Testing

@testable import PconCore

@Suite struct ModuleBuilderTests {
  @Test func crc32IsZlibs() {
    #expect(CRC32.checksum(Array("123456789".utf8)) == 0xCBF4_3926)
    #expect(CRC32.checksum([UInt8]()) == 0)
  }

  @Test func aBuiltModuleCarriesItsFieldsWhereDeviceOSPutsThem() {
    var builder = ModuleBuilder(platformID: 13, productID: 10_001, productVersion: 7)
    builder.payload = [1, 2, 3]
    let bytes = builder.build()
    let n = bytes.count
    func u16(_ at: Int) -> Int { Int(bytes[at]) | Int(bytes[at + 1]) << 8 }
    func u32(_ at: Int) -> UInt32 { (0..<4).reduce(0) { $0 | UInt32(bytes[at + $1]) << (8 * $1) } }
    #expect(n == 24 + 3 + 40 + 4)
    // The end address is where the CRC starts: the file is end − start + 4 long.
    #expect(Int(u32(4) - u32(0)) + 4 == n)
    #expect(u16(12) == 13 && bytes[14] == 5 && bytes[15] == 1)
    #expect(u16(n - 44) == 10_001 && u16(n - 42) == 7 && u16(n - 6) == 40)
    #expect(Array(bytes[(n - 38)..<(n - 6)]) == SHA256.digest(bytes[..<(n - 38)]))
    let crc = CRC32.checksum(bytes[..<(n - 4)])
    #expect(bytes[(n - 4)...].elementsEqual([24, 16, 8, 0].map { UInt8((crc >> $0) & 0xFF) }))
  }
}
