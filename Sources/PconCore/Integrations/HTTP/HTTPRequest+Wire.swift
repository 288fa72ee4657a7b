/// How a request goes on the wire: what it may carry, and its bytes for HTTP/1.1.
extension HTTPRequest {
  /// Header names the client writes itself from the URL and body; a request's own are dropped
  /// so a template cannot frame the message twice.
  static let framingHeaders: Set<String> = [
    "host", "content-length", "transfer-encoding", "connection",
  ]

  /// Why this request cannot be sent as it is (a method or header that would break the message
  /// framing), or nil.
  var wireProblem: HTTPFailure? {
    guard !method.isEmpty, method.utf8.allSatisfy(HTTPByteClass.isToken) else {
      return HTTPFailure(.request, "the method \(quoted(method)) is not an HTTP method name")
    }
    for (name, value) in headers {
      guard !name.isEmpty, name.utf8.allSatisfy(HTTPByteClass.isToken) else {
        return HTTPFailure(.request, "the header name \(quoted(name)) is not a valid header name")
      }
      if value.utf8.contains(where: { $0 == 0x0D || $0 == 0x0A || $0 == 0 }) {
        return HTTPFailure(.request, "the header \(name) has a line break or NUL in its value")
      }
    }
    return nil
  }

  /// The request's headers without the framing ones the client writes itself.
  var sentHeaders: [(String, String)] {
    headers.filter { !Self.framingHeaders.contains($0.0.lowercased()) }
  }

  /// Whether the body goes out with a Content-Length, which POST, PUT and PATCH always have.
  var sendsBody: Bool { !body.isEmpty || ["POST", "PUT", "PATCH"].contains(method) }

  /// The whole HTTP/1.1 message for `target`: request line, Host, the request's headers in
  /// order, Content-Length when there is a body, `Connection: close`, then the body.
  func wireBytes(for target: HTTPTarget) -> [UInt8] {
    var head = "\(method) \(target.requestTarget) HTTP/1.1\r\nHost: \(target.hostHeader)\r\n"
    for (name, value) in sentHeaders { head += "\(name): \(value)\r\n" }
    if sendsBody { head += "Content-Length: \(body.count)\r\n" }
    head += "Connection: close\r\n\r\n"
    return Array(head.utf8) + body
  }
}
