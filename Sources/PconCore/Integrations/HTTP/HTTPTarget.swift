/// Where an `http://` or `https://` URL points: scheme, host, port and the request target.
struct HTTPTarget: Equatable {
  enum Scheme: String { case http, https }

  var scheme: Scheme
  /// The host name or address, without the brackets of an IPv6 literal.
  var host: String
  var port: Int
  /// The path and query as sent on the request line, always starting with `/`.
  var requestTarget: String

  /// The `Host` header's value: the port only when it is not the scheme's default.
  var hostHeader: String {
    let name = host.contains(":") ? "[\(host)]" : host
    return port == defaultPort ? name : "\(name):\(port)"
  }

  /// The URL again, with the request target as sent (what libcurl is given).
  var url: String { "\(scheme.rawValue)://\(hostHeader)\(requestTarget)" }

  private var defaultPort: Int { scheme == .http ? 80 : 443 }

  /// Reads `url`; the failure names what is wrong with it.
  static func parse(_ url: String) -> Result<HTTPTarget, HTTPFailure> {
    func bad(_ why: String) -> Result<HTTPTarget, HTTPFailure> {
      // Never quoted: a URL may hold a key, and the message becomes an event others read.
      .failure(HTTPFailure(.request, "the URL \(why)"))
    }
    let bytes = Array(url.utf8)
    guard let separator = findSubsequence(Array("://".utf8), in: bytes),
      let scheme = Scheme(
        rawValue: String(decoding: bytes[..<separator], as: UTF8.self).lowercased())
    else { return bad("does not start with http:// or https://") }
    let rest = bytes[(separator + 3)...]
    let authorityEnd =
      rest.firstIndex {
        $0 == UInt8(ascii: "/") || $0 == UInt8(ascii: "?") || $0 == UInt8(ascii: "#")
      }
      ?? rest.endIndex
    let authority = rest[rest.startIndex..<authorityEnd]
    if authority.contains(UInt8(ascii: "@")) {
      return bad("has a user name in it; send credentials with the auth field instead")
    }
    var host: ArraySlice<UInt8>
    var portText: ArraySlice<UInt8>?
    if authority.first == UInt8(ascii: "[") {
      guard let close = authority.firstIndex(of: UInt8(ascii: "]")) else {
        return bad("has an unclosed [ in its host")
      }
      host = authority[(authority.startIndex + 1)..<close]
      let after = authority[(close + 1)...]
      if !after.isEmpty {
        guard after.first == UInt8(ascii: ":") else { return bad("has text after its IPv6 host") }
        portText = after.dropFirst()
      }
      guard !host.isEmpty, host.allSatisfy({ HTTPByteClass.isHexDigit($0) || $0 == 58 || $0 == 46 })
      else {
        return bad("has a malformed IPv6 host")
      }
    } else if let colon = authority.firstIndex(of: UInt8(ascii: ":")) {
      host = authority[authority.startIndex..<colon]
      portText = authority[(colon + 1)...]
    } else {
      host = authority
    }
    guard !host.isEmpty else { return bad("has no host") }
    let hostAllowed = { (byte: UInt8) in
      HTTPByteClass.isLetterOrDigit(byte) || byte == UInt8(ascii: "-") || byte == UInt8(ascii: ".")
        || byte == UInt8(ascii: "_") || byte == UInt8(ascii: ":")
    }
    guard host.allSatisfy(hostAllowed) else { return bad("has a character its host cannot have") }
    var port = scheme == .http ? 80 : 443
    if let portText {
      guard !portText.isEmpty, portText.count <= 5, portText.allSatisfy(HTTPByteClass.isDigit),
        let number = Int(String(decoding: portText, as: UTF8.self)), (1...65_535).contains(number)
      else { return bad("has a port that is not a number from 1 to 65535") }
      port = number
    }
    let afterAuthority = bytes[authorityEnd...]
    let withoutFragment = afterAuthority.prefix { $0 != UInt8(ascii: "#") }
    var target = percentEncodingUnsafeBytes(withoutFragment)
    if target.first != UInt8(ascii: "/") { target.insert(UInt8(ascii: "/"), at: 0) }
    return .success(
      HTTPTarget(
        scheme: scheme, host: String(decoding: host, as: UTF8.self).lowercased(), port: port,
        requestTarget: String(decoding: target, as: UTF8.self)))
  }
}

/// Bytes a request line cannot carry as they are (spaces, controls, non-ASCII) become `%XX`;
/// everything else, escapes already made included, is kept.
private func percentEncodingUnsafeBytes(_ bytes: some Collection<UInt8>) -> [UInt8] {
  let hex = Array("0123456789ABCDEF".utf8)
  var out: [UInt8] = []
  out.reserveCapacity(bytes.count)
  for byte in bytes {
    if byte > 0x20 && byte < 0x7F {
      out.append(byte)
    } else {
      out += [UInt8(ascii: "%"), hex[Int(byte >> 4)], hex[Int(byte & 0x0F)]]
    }
  }
  return out
}

private func findSubsequence(_ needle: [UInt8], in haystack: [UInt8]) -> Int? {
  guard haystack.count >= needle.count else { return nil }
  for start in 0...(haystack.count - needle.count)
  where haystack[start..<(start + needle.count)].elementsEqual(needle) {
    return start
  }
  return nil
}

/// `text` in quotes with control characters escaped, short enough for a one-line message.
func quoted(_ text: String) -> String {
  var out = ""
  for scalar in text.unicodeScalars.prefix(200) {
    out +=
      scalar.value < 0x20 || scalar.value == 0x7F ? scalar.escaped(asASCII: true) : String(scalar)
  }
  return "\"\(out)\(text.unicodeScalars.count > 200 ? "…" : "")\""
}
