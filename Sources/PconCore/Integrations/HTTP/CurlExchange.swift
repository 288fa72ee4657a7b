import CCurl

#if canImport(Glibc)
  import Glibc
#endif

/// One `https://` exchange through libcurl, which is loaded the first time one is sent.
struct CurlExchange {
  var request: HTTPRequest
  var target: HTTPTarget

  /// Runs the exchange within the request's timeout; no redirects are followed.
  func run() -> Result<HTTPResponse, HTTPFailure> {
    let lines = request.sentHeaders.map { strdup("\($0.0): \($0.1)") }
    defer { for line in lines { free(line) } }
    let milliseconds = Deadline(seconds: request.timeout).remainingMilliseconds
    var result = ccurl_result()
    defer { ccurl_result_free(&result) }
    target.url.withCString { url in
      request.method.withCString { method in
        lines.map { UnsafePointer($0) }.withUnsafeBufferPointer { headers in
          request.body.withUnsafeBufferPointer { body in
            var call = ccurl_request(
              url: url, method: method, headers: headers.baseAddress, header_count: headers.count,
              body: body.baseAddress, body_length: body.count,
              sends_body: request.sendsBody ? 1 : 0, timeout_ms: max(Int(milliseconds), 1),
              verify_tls: request.verifiesTLS ? 1 : 0, body_limit: HTTPClient.bodyLimit,
              header_limit: HTTPClient.headerLimit)
            ccurl_perform(&call, &result)
          }
        }
      }
    }
    let message = withUnsafeBytes(of: result.message) {
      String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self)
    }
    switch result.kind {
    case CCURL_OK: break
    case CCURL_UNAVAILABLE: return .failure(HTTPFailure(.unavailable, message))
    case CCURL_DNS: return .failure(HTTPFailure(.dns, message))
    case CCURL_CONNECT: return .failure(HTTPFailure(.connect, message))
    case CCURL_TIMEOUT: return .failure(HTTPFailure(.timeout, message))
    case CCURL_TLS: return .failure(HTTPFailure(.tls, message))
    default: return .failure(HTTPFailure(.protocol, message))
    }
    let body = result.body.map { Array(UnsafeBufferPointer(start: $0, count: result.body_length)) }
    let head = result.head.map {
      UnsafeRawBufferPointer(start: $0, count: result.head_length)
    }
    return .success(
      HTTPResponse(
        status: Int(result.status), headers: Self.headers(in: head.map(Array.init) ?? []),
        body: body ?? []))
  }

  /// The header lines libcurl handed over, read by the same rules as the plain client's.
  private static func headers(in lines: [UInt8]) -> [(String, String)] {
    var parser = HTTPResponseParser(isHeadRequest: true)
    let framed = Array("HTTP/1.1 200 OK\r\n".utf8) + lines
    guard case .complete(let response) = parser.feed(framed) else { return [] }
    return response.headers
  }
}
