/// Something that carries one request to its server and brings back the answer.
///
/// The network is the real one; tests of whatever sends requests can pass another.
public protocol HTTPTransport: Sendable {
  /// Sends `request` and returns the response, or why there is none; never throws or traps.
  func exchange(_ request: HTTPRequest) -> Result<HTTPResponse, HTTPFailure>
}
