/// How the local server answers one request.
public struct ScriptedReply: Sendable {
  /// What goes back on the wire.
  public enum Shape: Sendable {
    /// A status line, the headers, Content-Length (unless given) and the body.
    case normal
    /// The body in these pieces with `Transfer-Encoding: chunked`.
    case chunked([[UInt8]])
    /// Exactly these bytes, for replies no honest server sends.
    case raw([UInt8])
    /// Close the connection without a byte.
    case hangUp
  }

  public var status: Int
  public var headers: [(String, String)]
  public var body: [UInt8]
  public var shape: Shape
  /// Seconds to wait after reading the request before answering.
  public var delay: Double
  /// Seconds between bytes of the answer, for a server that trickles; 0 sends at once.
  public var byteInterval: Double

  public init(
    status: Int = 200, headers: [(String, String)] = [], body: String = "", shape: Shape = .normal,
    delay: Double = 0, byteInterval: Double = 0
  ) {
    self.status = status
    self.headers = headers
    self.body = Array(body.utf8)
    self.shape = shape
    self.delay = delay
    self.byteInterval = byteInterval
  }

  /// A reply of exactly `bytes`.
  public static func raw(_ bytes: [UInt8]) -> ScriptedReply { ScriptedReply(shape: .raw(bytes)) }

  /// A reply of exactly `text`'s bytes.
  public static func raw(_ text: String) -> ScriptedReply { raw(Array(text.utf8)) }

  /// A connection closed without an answer.
  public static let hangUp = ScriptedReply(shape: .hangUp)

  /// The bytes this reply puts on the wire.
  var wireBytes: [UInt8] {
    switch shape {
    case .raw(let bytes): return bytes
    case .hangUp: return []
    case .normal, .chunked:
      var head = "HTTP/1.1 \(status) \(Self.reason(status))\r\n"
      for (name, value) in headers { head += "\(name): \(value)\r\n" }
      var tail = body
      if case .chunked(let pieces) = shape {
        head += "Transfer-Encoding: chunked\r\n"
        tail =
          pieces.flatMap { Array(String($0.count, radix: 16).utf8) + [13, 10] + $0 + [13, 10] }
          + Array("0\r\n\r\n".utf8)
      } else if !headers.contains(where: { $0.0.lowercased() == "content-length" }) {
        head += "Content-Length: \(body.count)\r\n"
      }
      head += "Connection: close\r\n\r\n"
      return Array(head.utf8) + tail
    }
  }

  private static func reason(_ status: Int) -> String {
    switch status {
    case 200: "OK"
    case 201: "Created"
    case 204: "No Content"
    case 400: "Bad Request"
    case 404: "Not Found"
    case 500: "Internal Server Error"
    case 503: "Service Unavailable"
    default: "Status"
    }
  }
}
