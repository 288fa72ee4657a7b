/// The end of a module, read backwards from the file's end: the CRC-32, the suffix size, the
/// SHA-256 and, in a suffix of 40 bytes or more, the product ID and version compiled in.
public struct ModuleSuffix: Sendable, Equatable {
  /// `suffix_size` as stored; a padded image reads 0xFFFF here.
  public let size: Int
  /// The product ID compiled in (`PRODUCT_ID(N)`, or the platform ID since Device OS 4); nil
  /// in a 36-byte suffix, which has no product fields.
  public let productID: Int?
  /// The product version compiled in (`PRODUCT_VERSION(N)`); nil in a 36-byte suffix.
  public let productVersion: Int?
  /// The SHA-256 stored in the suffix.
  public let sha256: [UInt8]
  /// The CRC-32 stored big-endian in the last 4 bytes.
  public let storedCRC: UInt32

  /// The suffix of `bytes`, which holds at least `ModuleInfo.smallestSuffix + 4` bytes.
  init(_ bytes: [UInt8]) {
    let n = bytes.count
    let reader = LittleEndian(bytes)
    size = reader.u16(n - 6)
    // Every platform's build leaves the 16-bit ID and version at the same place from the end.
    productID = size >= 40 ? reader.u16(n - 44) : nil
    productVersion = size >= 40 ? reader.u16(n - 42) : nil
    sha256 = Array(bytes[(n - 38)..<(n - 6)])
    storedCRC = bytes[(n - 4)...].reduce(0) { $0 << 8 | UInt32($1) }
  }
}
