/// One request as the local server received it.
public struct RecordedRequest: Sendable {
  public var method: String
  /// The request target: path and query, as sent on the request line.
  public var target: String
  /// Header names and values in the order they arrived.
  public var headers: [(String, String)]
  public var body: [UInt8]

  /// The first header named `name`, compared without case.
  public func header(_ name: String) -> String? {
    headers.first { $0.0.lowercased() == name.lowercased() }?.1
  }

  /// Every header named `name`, compared without case.
  public func headers(named name: String) -> [String] {
    headers.filter { $0.0.lowercased() == name.lowercased() }.map(\.1)
  }

  /// The body as UTF-8 text.
  public var bodyText: String { String(decoding: body, as: UTF8.self) }
}
