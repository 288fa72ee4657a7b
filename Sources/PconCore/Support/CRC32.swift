/// CRC-32 as zlib computes it (IEEE polynomial, reflected, initial value and final XOR all ones):
/// the checksum Particle appends, big-endian, to every firmware module.
public enum CRC32 {
  private static let table: [UInt32] = (0..<256).map { n in
    var value = UInt32(n)
    for _ in 0..<8 { value = value & 1 == 1 ? 0xEDB8_8320 ^ (value >> 1) : value >> 1 }
    return value
  }

  /// The CRC-32 of `bytes`.
  public static func checksum(_ bytes: some Collection<UInt8>) -> UInt32 {
    // Straight from contiguous storage where there is one: a firmware image is checked whole.
    if let crc = bytes.withContiguousStorageIfAvailable({ checksum(buffer: $0) }) { return crc }
    return Array(bytes).withUnsafeBufferPointer { checksum(buffer: $0) }
  }

  private static func checksum(buffer: UnsafeBufferPointer<UInt8>) -> UInt32 {
    var crc: UInt32 = 0xFFFF_FFFF
    table.withUnsafeBufferPointer { table in
      for byte in buffer { crc = table[Int((crc ^ UInt32(byte)) & 0xFF)] ^ (crc >> 8) }
    }
    return crc ^ 0xFFFF_FFFF
  }
}
