/// Particle's webhook JSON (the console's "custom template", `particle webhook create FILE`,
/// and what `integration show --json` prints), read and written; pcon's stored records are the
/// same JSON with the fields only pcon keeps.
public enum WebhookJSON {
  /// The keys a definition may have: Particle's, then the legacy spellings and the fields
  /// `show --json` adds (read back so its output re-creates the hook).
  public static let keys = [
    "event", "url", "requestType", "json", "form", "body", "query", "headers", "auth", "deviceID",
    "disabled", "noDefaults", "rejectUnauthorized", "responseTemplate", "responseTopic",
    "errorResponseTopic", "unchunked", "dataUrlResponseEvent", "name", "eventName", "deviceid",
    "deviceId", "mydevices", "id", "created_at", "integration_type", "product_id",
  ]

  /// What a definition asks for before it is stored: the hook (its ID, owner and times are the
  /// storing rule's to give), the product it names and the device reference it filters on.
  public struct Definition: Sendable {
    public var hook: Webhook
    public var productID: Int?
    /// A device ID or name as given; the rule resolves it among the actor's devices.
    public var device: String?

    public init(hook: Webhook, productID: Int?, device: String?) {
      self.hook = hook
      self.productID = productID
      self.device = device
    }
  }

  /// Why a definition does not read, naming the key at fault.
  struct Fault: Error, CustomStringConvertible {
    let key: String
    let reason: String
    var unknown = false
    var description: String { "\(key): \(reason)" }
  }

  /// Reads a definition from Particle's JSON.
  public static func definition(_ json: JSON) throws -> Definition {
    guard case .object(let pairs) = json else {
      throw PconError.invalidWebhook(
        field: "definition", reason: "expected a JSON object, found \(json.kindName)")
    }
    do {
      return try read(pairs, stored: false)
    } catch let fault as Fault {
      if fault.unknown { throw PconError.unknownWebhookKey(fault.key, valid: Self.keys) }
      throw PconError.invalidWebhook(field: fault.key, reason: fault.reason)
    }
  }

  /// A definition read from the bytes of a file.
  public static func definition(bytes: [UInt8], name: String) throws -> Definition {
    do {
      return try definition(try JSONParser.parse(bytes))
    } catch let failure as JSONParser.Failure {
      throw PconError.invalidWebhook(field: name, reason: failure.description)
    }
  }

  /// A stored hook of `owner`; any fault is the state file's damage.
  static func hook(stored object: JSONObject, owner: Webhook.Owner) throws -> Webhook {
    let id = try object.string("id")
    let created = try object.date("created_at")
    let watching = try object.date("watching_since")
    guard Webhooks.isID(id) else {
      throw JSONObject.ShapeError(path: "\(object.path).id", problem: "expected 24 hex digits")
    }
    do {
      var definition = try read(object.fields, stored: true)
      definition.hook.id = id
      definition.hook.owner = owner
      definition.hook.createdAt = created
      definition.hook.watchingSince = watching
      definition.hook.deviceID = definition.device
      return definition.hook
    } catch let fault as Fault {
      throw JSONObject.ShapeError(path: "\(object.path).\(fault.key)", problem: fault.reason)
    }
  }

  /// The hook as Particle's JSON, in the order Particle's documentation lists the keys.
  public static func particle(_ hook: Webhook) -> JSON {
    var pairs: [(String, JSON)] = [
      ("id", .string(hook.id)), ("name", .string(hook.name)), ("event", .string(hook.event)),
      ("url", .string(hook.url)), ("requestType", .string(hook.method.rawValue)),
    ]
    switch hook.payload {
    case .none: break
    case .json(let json): pairs.append(("json", json))
    case .form(let fields): pairs.append(("form", object(fields)))
    case .body(let body): pairs.append(("body", .string(body)))
    }
    if !hook.query.isEmpty { pairs.append(("query", object(hook.query))) }
    if !hook.headers.isEmpty { pairs.append(("headers", object(hook.headers))) }
    if let auth = hook.auth {
      pairs.append(
        (
          "auth",
          .object([("username", .string(auth.username)), ("password", .string(auth.password))])
        ))
    }
    if let device = hook.deviceID { pairs.append(("deviceID", .string(device))) }
    pairs += [
      ("disabled", .bool(hook.disabled)), ("noDefaults", .bool(hook.noDefaults)),
      ("rejectUnauthorized", .bool(hook.rejectUnauthorized)),
    ]
    for (key, value) in [
      ("responseTemplate", hook.responseTemplate), ("responseTopic", hook.responseTopic),
      ("errorResponseTopic", hook.errorResponseTopic),
    ] {
      if let value { pairs.append((key, .string(value))) }
    }
    pairs += [
      ("unchunked", .bool(hook.unchunked)),
      ("dataUrlResponseEvent", .bool(hook.dataUrlResponseEvent)),
      ("created_at", .string(hook.createdAt.iso8601)), ("integration_type", .string("Webhook")),
    ]
    if case .product(let id) = hook.owner { pairs.append(("product_id", .int(id))) }
    return .object(pairs)
  }

  /// The hook as its owner's file stores it: Particle's JSON and when it began watching.
  static func stored(_ hook: Webhook) -> JSON {
    guard case .object(var pairs) = particle(hook) else { return particle(hook) }
    pairs.removeAll { $0.0 == "product_id" || $0.0 == "integration_type" }
    pairs.append(("watching_since", .string(hook.watchingSince.iso8601)))
    return .object(pairs)
  }

  private static func object(_ fields: [(String, String)]) -> JSON {
    .object(fields.map { ($0.0, .string($0.1)) })
  }

  // MARK: Reading

  /// The fields of a definition; `stored` admits pcon's own keys and nothing legacy.
  private static func read(_ pairs: [(String, JSON)], stored: Bool) throws -> Definition {
    var seen = Set<String>()
    var hook = Webhook(
      id: "", owner: .account(id: ""), name: "", event: "", url: "",
      createdAt: Timestamp(millisecondsSince1970: 0))
    var productID: Int?
    var device: String?
    var event: String?
    var payloads: [String] = []
    let ownKeys: Set<String> = ["watching_since"]
    for (key, value) in pairs {
      guard seen.insert(key).inserted else { throw Fault(key: key, reason: "given twice") }
      switch key {
      case "event", "eventName":
        let name = try string(key, value)
        if let event, event != name {
          throw Fault(key: key, reason: "'event' and 'eventName' differ; give one")
        }
        event = name
      case "url": hook.url = try string(key, value)
      case "name": hook.name = try string(key, value)
      case "requestType":
        let text = try string(key, value)
        guard let method = Webhook.Method(rawValue: text.uppercased()) else {
          throw Fault(key: key, reason: "'\(text)' is not one of GET, POST, PUT, DELETE")
        }
        hook.method = method
      case "json":
        switch value {
        case .object, .string: hook.payload = .json(value)
        default:
          throw Fault(key: key, reason: "expected an object or a string, found \(value.kindName)")
        }
        payloads.append(key)
      case "form":
        hook.payload = .form(try fields(key, value))
        payloads.append(key)
      case "body":
        hook.payload = .body(try string(key, value))
        payloads.append(key)
      case "query": hook.query = try fields(key, value)
      case "headers": hook.headers = try fields(key, value)
      case "auth":
        guard case .object(let credentials) = value else {
          throw Fault(key: key, reason: "expected an object with username and password")
        }
        var auth = Webhook.BasicAuth(username: "", password: "")
        for (name, part) in credentials {
          switch name {
          case "username": auth.username = try string("auth.username", part)
          case "password": auth.password = try string("auth.password", part)
          default:
            throw Fault(key: "auth.\(name)", reason: "auth has only username and password")
          }
        }
        hook.auth = auth
      case "deviceID", "deviceid", "deviceId":
        guard device == nil else { throw Fault(key: key, reason: "the device is given twice") }
        device = try optionalString(key, value)
      case "disabled": hook.disabled = try bool(key, value)
      case "noDefaults": hook.noDefaults = try bool(key, value)
      case "rejectUnauthorized": hook.rejectUnauthorized = try bool(key, value)
      case "unchunked": hook.unchunked = try bool(key, value)
      case "dataUrlResponseEvent": hook.dataUrlResponseEvent = try bool(key, value)
      // An empty topic is Particle's default (memfault's `"responseTopic": ""`).
      case "responseTemplate": hook.responseTemplate = try optionalString(key, value)
      case "responseTopic": hook.responseTopic = try nonEmpty(key, value)
      case "errorResponseTopic": hook.errorResponseTopic = try nonEmpty(key, value)
      // Sandbox hooks only ever see their owner's devices, so `mydevices` changes nothing.
      case "mydevices" where !stored: _ = try optionalBool(key, value)
      case "integration_type" where !stored:
        guard try string(key, value) == "Webhook" else {
          throw Fault(key: key, reason: "only Webhook integrations are supported")
        }
      case "product_id" where !stored:
        guard case .int(let id) = value, (1...Int64(Int32.max)).contains(id) else {
          throw Fault(key: key, reason: "expected a product ID, found \(value.kindName)")
        }
        productID = Int(id)
      // A new hook gets its own ID and time: these are read so `show --json` output is accepted.
      case "id", "created_at": _ = try string(key, value)
      default:
        guard stored, ownKeys.contains(key) else {
          throw Fault(key: key, reason: "", unknown: true)
        }
      }
    }
    guard payloads.count <= 1 else {
      throw Fault(
        key: payloads[1],
        reason: "\(payloads.joined(separator: " and ")) exclude each other; give one")
    }
    guard let event else {
      throw Fault(key: "event", reason: "missing: the event name prefix to watch")
    }
    hook.event = event
    return Definition(hook: hook, productID: productID, device: device)
  }

  private static func string(_ key: String, _ value: JSON) throws -> String {
    guard case .string(let text) = value else {
      throw Fault(key: key, reason: "expected a string, found \(value.kindName)")
    }
    return text
  }

  private static func optionalString(_ key: String, _ value: JSON) throws -> String? {
    if value == .null { return nil }
    return try string(key, value)
  }

  private static func nonEmpty(_ key: String, _ value: JSON) throws -> String? {
    let text = try optionalString(key, value)
    return text?.isEmpty == true ? nil : text
  }

  private static func bool(_ key: String, _ value: JSON) throws -> Bool {
    guard case .bool(let flag) = value else {
      throw Fault(key: key, reason: "expected true or false, found \(value.kindName)")
    }
    return flag
  }

  private static func optionalBool(_ key: String, _ value: JSON) throws -> Bool? {
    if value == .null { return nil }
    return try bool(key, value)
  }

  /// An object of names to text; numbers and booleans are taken as their JSON text.
  private static func fields(_ key: String, _ value: JSON) throws -> [(String, String)] {
    guard case .object(let pairs) = value else {
      throw Fault(
        key: key, reason: "expected an object of names and values, found \(value.kindName)")
    }
    return try pairs.map { name, field in
      switch field {
      case .string(let text): return (name, text)
      case .int(let number): return (name, String(number))
      case .double(let number): return (name, String(number))
      case .bool(let flag): return (name, flag ? "true" : "false")
      default:
        throw Fault(
          key: "\(key).\(name)",
          reason: "expected text, a number or a boolean, found \(field.kindName)")
      }
    }
  }
}
