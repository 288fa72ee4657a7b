extension WebhookRender {
  /// The parts of an expanded webhook URL that decide where it goes.
  public struct TargetURL: Sendable, Equatable {
    /// `http` or `https`, in lower case.
    public let scheme: String
    /// The host, in lower case (IPv6 literals keep their brackets).
    public let host: String
    public let port: Int?

    /// Reads `url`, or `nil` unless it is `http://` or `https://` with a host, a valid port,
    /// and only printable ASCII.
    public init?(_ url: String) {
      let bytes = Array(url.utf8)
      guard bytes.allSatisfy({ $0 > 0x20 && $0 < 0x7F }) else { return nil }
      let lower = url.lowercased()
      let rest: Substring
      if lower.hasPrefix("http://") {
        scheme = "http"
        rest = lower.dropFirst(7)
      } else if lower.hasPrefix("https://") {
        scheme = "https"
        rest = lower.dropFirst(8)
      } else {
        return nil
      }
      var authority = rest.prefix { $0 != "/" && $0 != "?" && $0 != "#" }
      if let at = authority.lastIndex(of: "@") {
        authority = authority[authority.index(after: at)...]
      }
      var hostPart = authority
      var portText: Substring?
      if authority.hasPrefix("[") {
        guard let end = authority.firstIndex(of: "]") else { return nil }
        hostPart = authority[...end]
        let after = authority[authority.index(after: end)...]
        if !after.isEmpty {
          guard after.hasPrefix(":") else { return nil }
          portText = after.dropFirst()
        }
      } else if let colon = authority.lastIndex(of: ":") {
        hostPart = authority[..<colon]
        portText = authority[authority.index(after: colon)...]
      }
      guard !hostPart.isEmpty, hostPart != "[]" else { return nil }
      host = String(hostPart)
      if let portText, !portText.isEmpty {
        guard portText.count <= 5, let value = Int(portText), (1...65535).contains(value) else {
          return nil
        }
        port = value
      } else {
        port = nil
      }
    }

    /// `url` with `query` added to its query string (before any fragment).
    static func appending(query: String, to url: String) -> String {
      let base = withoutFragment(url)
      if !base.contains("?") { return base + "?" + query }
      if base.hasSuffix("?") || base.hasSuffix("&") { return base + query }
      return base + "&" + query
    }

    /// `url` without its fragment, which a client never sends.
    static func withoutFragment(_ url: String) -> String {
      guard let hash = url.firstIndex(of: "#") else { return url }
      return String(url[..<hash])
    }

    /// Whether `name` is an HTTP token (RFC 9110), as a header name must be.
    static func isToken(_ name: String) -> Bool {
      !name.isEmpty
        && name.utf8.allSatisfy { byte in
          switch byte {
          case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
            UInt8(ascii: "0")...UInt8(ascii: "9"):
            return true
          default: return Array("!#$%&'*+-.^_`|~".utf8).contains(byte)
          }
        }
    }
  }
}
