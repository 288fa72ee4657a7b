/// Why an HTTP exchange produced no response: a value a delivery worker records, not a throw.
public struct HTTPFailure: Error, Sendable, Equatable, CustomStringConvertible {
  /// The broad cause, for counting and for choosing words.
  public enum Kind: String, Sendable, Equatable, CaseIterable {
    /// The request cannot be sent as it is: a malformed URL, method or header.
    case request
    /// The host name did not resolve.
    case dns
    /// No connection could be made, or it broke while sending.
    case connect
    /// The whole exchange did not finish within the request's timeout.
    case timeout
    /// The TLS handshake or the certificate check failed.
    case tls
    /// The server answered with something that is not an HTTP/1.x response.
    case `protocol`
    /// What https needs (libcurl) is not installed.
    case unavailable
  }

  public var kind: Kind
  /// One line saying what went wrong, naming the host or the byte at fault.
  public var message: String

  public var description: String { message }

  public init(_ kind: Kind, _ message: String) {
    self.kind = kind
    self.message = message
  }
}
