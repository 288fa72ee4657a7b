import Glibc

/// Supplies random bytes for tokens and secrets; tests can pass a deterministic one.
public struct RandomSource: Sendable {
  private let fill: @Sendable (Int) -> [UInt8]

  public init(_ fill: @escaping @Sendable (Int) -> [UInt8]) { self.fill = fill }

  /// `count` random bytes.
  public func bytes(_ count: Int) -> [UInt8] { fill(count) }

  /// `count` random bytes as lower-case hex.
  public func hex(_ count: Int) -> String { Hex.encode(bytes(count)) }

  /// A new secret for a token or client: 32 random bytes as hex, with the SHA-256 that is all
  /// pcon stores of it.
  public func secret() -> (secret: String, sha256: String) {
    let secret = hex(32)
    return (secret, SHA256.hex(secret))
  }

  /// The kernel's random source, `/dev/urandom`.
  public static let system = RandomSource { count in
    var buffer = [UInt8](repeating: 0, count: count)
    let fd = open("/dev/urandom", O_RDONLY | O_CLOEXEC)
    // A system without /dev/urandom cannot issue secrets safely; there is no fallback to offer.
    precondition(fd >= 0, "/dev/urandom is not readable")
    defer { close(fd) }
    var filled = 0
    while filled < count {
      let n = buffer.withUnsafeMutableBytes { raw in
        read(fd, raw.baseAddress.map { $0 + filled }, count - filled)
      }
      if n > 0 {
        filled += n
      } else if errno != EINTR {
        preconditionFailure("/dev/urandom read failed")
      }
    }
    return buffer
  }
}

/// Lower-case hexadecimal encoding.
public enum Hex {
  public static func encode(_ bytes: [UInt8]) -> String {
    let digits = Array("0123456789abcdef".utf8)
    var out = [UInt8]()
    out.reserveCapacity(bytes.count * 2)
    for byte in bytes {
      out.append(digits[Int(byte >> 4)])
      out.append(digits[Int(byte & 15)])
    }
    return String(decoding: out, as: UTF8.self)
  }

  /// Whether `text` is exactly `count` hexadecimal digits (either case).
  public static func isHex(_ text: String, count: Int) -> Bool {
    text.utf8.count == count
      && text.utf8.allSatisfy {
        ($0 >= 0x30 && $0 <= 0x39) || ($0 | 0x20 >= 0x61 && $0 | 0x20 <= 0x66)
      }
  }
}
