/// The byte classes HTTP/1.1 and URLs are written in.
enum HTTPByteClass {
  static func isDigit(_ byte: UInt8) -> Bool { byte >= 0x30 && byte <= 0x39 }

  static func isHexDigit(_ byte: UInt8) -> Bool {
    isDigit(byte) || (byte | 0x20 >= 0x61 && byte | 0x20 <= 0x66)
  }

  static func isLetterOrDigit(_ byte: UInt8) -> Bool {
    isDigit(byte) || (byte | 0x20 >= 0x61 && byte | 0x20 <= 0x7A)
  }

  /// A byte of an RFC 9110 token: letters, digits and ``!#$%&'*+-.^_`|~``.
  static func isToken(_ byte: UInt8) -> Bool {
    isLetterOrDigit(byte) || Array("!#$%&'*+-.^_`|~".utf8).contains(byte)
  }
}
