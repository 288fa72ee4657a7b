/// One HTTP request a webhook sends, fully rendered: nothing in it is a template any more.
public struct HTTPRequest: Sendable, Equatable {
  public var method: String
  /// An absolute `http://` or `https://` URL, query included.
  public var url: String
  /// Header names and values in the order they are sent.
  public var headers: [(String, String)]
  public var body: [UInt8]
  /// Whether TLS certificates are checked (`rejectUnauthorized`).
  public var verifiesTLS: Bool
  /// The most seconds the whole exchange may take; Particle's webhooks allow 20.
  public var timeout: Double

  public init(
    method: String, url: String, headers: [(String, String)] = [], body: [UInt8] = [],
    verifiesTLS: Bool = true, timeout: Double = 20
  ) {
    self.method = method
    self.url = url
    self.headers = headers
    self.body = body
    self.verifiesTLS = verifiesTLS
    self.timeout = timeout
  }

  public static func == (lhs: HTTPRequest, rhs: HTTPRequest) -> Bool {
    lhs.method == rhs.method && lhs.url == rhs.url && lhs.headers.elementsEqual(rhs.headers, by: ==)
      && lhs.body == rhs.body && lhs.verifiesTLS == rhs.verifiesTLS && lhs.timeout == rhs.timeout
  }
}

/// What a server answered.
public struct HTTPResponse: Sendable, Equatable {
  public var status: Int
  /// Header names (as sent) and values, in order.
  public var headers: [(String, String)]
  /// The body, up to the client's limit.
  public var body: [UInt8]

  public init(status: Int, headers: [(String, String)] = [], body: [UInt8] = []) {
    self.status = status
    self.headers = headers
    self.body = body
  }

  /// The first header named `name`, compared without case.
  public func header(_ name: String) -> String? {
    headers.first { $0.0.lowercased() == name.lowercased() }?.1
  }

  public static func == (lhs: HTTPResponse, rhs: HTTPResponse) -> Bool {
    lhs.status == rhs.status && lhs.headers.elementsEqual(rhs.headers, by: ==)
      && lhs.body == rhs.body
  }
}
