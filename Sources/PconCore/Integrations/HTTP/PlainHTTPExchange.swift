/// One `http://` exchange over pcon's own HTTP/1.1 client: connect, send, read to the end.
struct PlainHTTPExchange {
  var request: HTTPRequest
  var target: HTTPTarget

  /// Runs the exchange within the request's timeout.
  func run() -> Result<HTTPResponse, HTTPFailure> {
    let deadline = Deadline(seconds: request.timeout)
    let connection: SocketConnection
    switch SocketConnection.open(host: target.host, port: target.port, deadline: deadline) {
    case .success(let opened): connection = opened
    case .failure(let failure): return .failure(failure)
    }
    if let failure = connection.write(request.wireBytes(for: target), deadline: deadline) {
      return .failure(failure)
    }
    var parser = HTTPResponseParser(isHeadRequest: request.method == "HEAD")
    var buffer = [UInt8](repeating: 0, count: 16_384)
    while true {
      let progress: HTTPResponseParser.Progress
      switch connection.read(into: &buffer, deadline: deadline) {
      case .failure(let failure): return .failure(failure)
      case .success(0): progress = parser.finish()
      case .success(let count): progress = parser.feed(buffer[..<count])
      }
      switch progress {
      case .needMore: continue
      case .complete(let response): return .success(response)
      case .failed(let reason): return .failure(HTTPFailure(.protocol, reason))
      }
    }
  }
}
