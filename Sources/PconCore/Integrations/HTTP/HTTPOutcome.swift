/// What sending one request came to: the server's response or a failure, with how long it took.
public enum HTTPOutcome: Sendable, Equatable {
  case answered(HTTPResponse, latency: Double)
  case failed(HTTPFailure, latency: Double)

  /// Seconds from the start of sending to the end of the response or the failure.
  public var latency: Double {
    switch self {
    case .answered(_, let latency), .failed(_, let latency): latency
    }
  }

  /// The latency in whole milliseconds, as history and output show it.
  public var latencyMs: Int { Int((latency * 1000).rounded()) }

  /// The response, when the server answered.
  public var response: HTTPResponse? {
    if case .answered(let response, _) = self { return response }
    return nil
  }

  /// The failure, when there is no response.
  public var failure: HTTPFailure? {
    if case .failed(let failure, _) = self { return failure }
    return nil
  }
}
