/// The real network: `http://` through pcon's own HTTP/1.1 client, `https://` through libcurl,
/// which is loaded only when the first https request is sent.
public struct NetworkTransport: HTTPTransport {
  public init() {}

  public func exchange(_ request: HTTPRequest) -> Result<HTTPResponse, HTTPFailure> {
    let target: HTTPTarget
    switch HTTPTarget.parse(request.url) {
    case .success(let parsed): target = parsed
    case .failure(let failure): return .failure(failure)
    }
    if let failure = request.wireProblem { return .failure(failure) }
    switch target.scheme {
    case .http: return PlainHTTPExchange(request: request, target: target).run()
    case .https: return CurlExchange(request: request, target: target).run()
    }
  }
}
