/// The one door webhooks send through: times each exchange and returns its outcome as a value.
public struct HTTPClient: Sendable {
  /// The most body bytes kept from a response; Particle forwards at most 100 KB.
  public static let bodyLimit = 100 * 1024
  /// The most bytes of response headers accepted; more is a protocol failure.
  public static let headerLimit = 64 * 1024

  private let transport: any HTTPTransport

  /// A client over `transport`; by default the network (`http://` by hand, `https://` by libcurl).
  public init(transport: any HTTPTransport = NetworkTransport()) {
    self.transport = transport
  }

  /// Sends `request` and returns the response or failure with the seconds it took.
  public func send(_ request: HTTPRequest) -> HTTPOutcome {
    let clock = ContinuousClock()
    let start = clock.now
    let result = transport.exchange(request)
    let elapsed = start.duration(to: clock.now)
    let latency =
      Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
    switch result {
    case .success(let response): return .answered(response, latency: latency)
    case .failure(let failure): return .failed(failure, latency: latency)
    }
  }
}
