/// A webhook integration: which events it watches and the HTTP request each one becomes.
///
/// The fields are Particle's webhook keys (`event`, `url`, `requestType`, `json`, `form`, …);
/// every string that reaches the request may hold `{{…}}` templates, expanded per event.
public struct Webhook: Sendable, Equatable {
  /// 24 lowercase hex digits, like Particle's integration IDs.
  public var id: String
  /// The sandbox account or the product the hook belongs to.
  public var owner: Owner
  /// The display name; Particle's default is "<event> for <host>".
  public var name: String
  /// A case-sensitive prefix of the event names it watches, at least one character.
  public var event: String
  /// The target URL, `http://` or `https://`, templates allowed in its path and query.
  public var url: String
  public var method: Method
  /// What the request carries: Particle's default form fields, or one of `json`, `form`, `body`.
  public var payload: Payload
  /// Query parameters added to the URL, in order.
  public var query: [(String, String)]
  /// Request headers, in order.
  public var headers: [(String, String)]
  /// HTTP basic authentication.
  public var auth: BasicAuth?
  /// Sandbox hooks only: the one device whose events it watches.
  public var deviceID: String?
  public var disabled: Bool
  /// Suppresses the default fields `event, data, published_at, coreid`.
  public var noDefaults: Bool
  /// `false` skips TLS certificate checks.
  public var rejectUnauthorized: Bool
  /// A template over the parsed JSON response; the rendered text is what the response event carries.
  public var responseTemplate: String?
  /// The response event's name; `nil` is Particle's default for the owner.
  public var responseTopic: String?
  /// The error event's name; `nil` is `hook-error/{{PARTICLE_EVENT_NAME}}`.
  public var errorResponseTopic: String?
  /// One response event instead of 512-byte chunks.
  public var unchunked: Bool
  /// Binary responses as `data:application/octet-stream;base64,…`.
  public var dataUrlResponseEvent: Bool
  public var createdAt: Timestamp
  /// When the hook last began watching (created or re-enabled): it sees only events after this.
  public var watchingSince: Timestamp

  /// Whose events a hook sees.
  public enum Owner: Sendable, Equatable, Hashable {
    /// A person's sandbox: their own devices' events.
    case account(id: String)
    /// A product: its devices' events.
    case product(id: Int)
  }

  /// The HTTP methods a webhook may use.
  public enum Method: String, Sendable, Equatable, CaseIterable {
    case get = "GET"
    case post = "POST"
    case put = "PUT"
    case delete = "DELETE"
  }

  /// The request body a webhook sends.
  public enum Payload: Sendable, Equatable {
    /// No template: the default form fields, unless `noDefaults`.
    case none
    /// `json`: an object whose string keys and values are templates, or one template string
    /// (which may be JSON only once expanded).
    case json(JSON)
    /// `form`: `application/x-www-form-urlencoded` fields (for GET, the query string).
    case form([(String, String)])
    /// `body`: a raw template, sent with no automatic Content-Type.
    case body(String)

    public static func == (lhs: Payload, rhs: Payload) -> Bool {
      switch (lhs, rhs) {
      case (.none, .none): return true
      case (.json(let a), .json(let b)): return a == b
      case (.form(let a), .form(let b)): return a.elementsEqual(b, by: ==)
      case (.body(let a), .body(let b)): return a == b
      default: return false
      }
    }
  }

  /// HTTP basic authentication credentials (templates allowed).
  public struct BasicAuth: Sendable, Equatable {
    public var username: String
    public var password: String

    public init(username: String, password: String) {
      self.username = username
      self.password = password
    }
  }

  public init(
    id: String, owner: Owner, name: String, event: String, url: String, method: Method = .post,
    payload: Payload = .none, query: [(String, String)] = [], headers: [(String, String)] = [],
    auth: BasicAuth? = nil, deviceID: String? = nil, disabled: Bool = false,
    noDefaults: Bool = false, rejectUnauthorized: Bool = true, responseTemplate: String? = nil,
    responseTopic: String? = nil, errorResponseTopic: String? = nil, unchunked: Bool = false,
    dataUrlResponseEvent: Bool = false, createdAt: Timestamp, watchingSince: Timestamp? = nil
  ) {
    self.id = id
    self.owner = owner
    self.name = name
    self.event = event
    self.url = url
    self.method = method
    self.payload = payload
    self.query = query
    self.headers = headers
    self.auth = auth
    self.deviceID = deviceID
    self.disabled = disabled
    self.noDefaults = noDefaults
    self.rejectUnauthorized = rejectUnauthorized
    self.responseTemplate = responseTemplate
    self.responseTopic = responseTopic
    self.errorResponseTopic = errorResponseTopic
    self.unchunked = unchunked
    self.dataUrlResponseEvent = dataUrlResponseEvent
    self.createdAt = createdAt
    self.watchingSince = watchingSince ?? createdAt
  }

  public static func == (lhs: Webhook, rhs: Webhook) -> Bool {
    lhs.id == rhs.id && lhs.owner == rhs.owner && lhs.name == rhs.name && lhs.event == rhs.event
      && lhs.url == rhs.url && lhs.method == rhs.method && lhs.payload == rhs.payload
      && lhs.query.elementsEqual(rhs.query, by: ==)
      && lhs.headers.elementsEqual(rhs.headers, by: ==) && lhs.auth == rhs.auth
      && lhs.deviceID == rhs.deviceID && lhs.disabled == rhs.disabled
      && lhs.noDefaults == rhs.noDefaults && lhs.rejectUnauthorized == rhs.rejectUnauthorized
      && lhs.responseTemplate == rhs.responseTemplate && lhs.responseTopic == rhs.responseTopic
      && lhs.errorResponseTopic == rhs.errorResponseTopic && lhs.unchunked == rhs.unchunked
      && lhs.dataUrlResponseEvent == rhs.dataUrlResponseEvent && lhs.createdAt == rhs.createdAt
      && lhs.watchingSince == rhs.watchingSince
  }
}

extension Webhook {
  /// The response event name when the hook names none: product hooks address the device.
  public var effectiveResponseTopic: String {
    if let responseTopic, !responseTopic.isEmpty { return responseTopic }
    switch owner {
    case .product: return "{{PARTICLE_DEVICE_ID}}/hook-response/{{PARTICLE_EVENT_NAME}}"
    case .account: return "hook-response/{{PARTICLE_EVENT_NAME}}"
    }
  }

  /// The error event name when the hook names none.
  public var effectiveErrorTopic: String {
    if let errorResponseTopic, !errorResponseTopic.isEmpty { return errorResponseTopic }
    return "hook-error/{{PARTICLE_EVENT_NAME}}"
  }
}
