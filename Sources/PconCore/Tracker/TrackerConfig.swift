/// Tracker settings: the values set, by setting name (`location.radius`); every other setting
/// has the schema's default. Stored and printed as Particle's nested configuration JSON,
/// `{"location":{"radius":151},"geofence":{"zone1":{"enable":true}}}`.
public struct TrackerConfig: Sendable, Equatable {
  /// The values set, keyed by `TrackerField.path`.
  public private(set) var values: [String: TrackerValue]

  public init(_ values: [String: TrackerValue] = [:]) { self.values = values }

  /// Whether nothing is set: every setting is its default.
  public var isEmpty: Bool { values.isEmpty }

  /// Sets `field` to `value`, which `field` has checked.
  public mutating func set(_ field: TrackerField, _ value: TrackerValue) {
    values[field.path] = value
  }

  /// The value `field` has here: the one set, else its default.
  public func value(_ field: TrackerField) -> TrackerValue {
    values[field.path] ?? field.defaultValue
  }

  /// These settings with `other`'s set values on top.
  public func overlaid(by other: TrackerConfig) -> TrackerConfig {
    TrackerConfig(values.merging(other.values) { _, top in top })
  }

  /// The same settings, keeping only values that differ from the default.
  public var withoutDefaults: TrackerConfig {
    TrackerConfig(values.filter { TrackerSchema.field($0.key)?.defaultValue != $0.value })
  }

  /// Every module with every setting, defaults filled in.
  public var full: JSON { json(modules: TrackerSchema.modules, complete: true) }

  /// Only the values set, nested by module.
  public var stored: JSON { json(modules: TrackerSchema.modules, complete: false) }

  /// The modules named, each with every setting.
  public func json(modules: [String]) -> JSON { json(modules: modules, complete: true) }

  /// A checksum of every setting's value, defaults included: equal settings, equal checksums.
  public var checksum: String {
    String(SHA256.hex(JSONWriter(pretty: false).bytes(full)).prefix(32))
  }

  /// The modules in which these settings differ from `other`, in schema order.
  public func modulesDiffering(from other: TrackerConfig) -> [String] {
    TrackerSchema.modules.filter { module in
      TrackerSchema.fields(of: module).contains { value($0) != other.value($0) }
    }
  }

  private func json(modules: [String], complete: Bool) -> JSON {
    var result: [(String, JSON)] = []
    for module in modules {
      var pairs: [(String, JSON)] = []
      for field in TrackerSchema.fields(of: module) {
        guard let value = complete ? value(field) : values[field.path] else { continue }
        let parts = field.key.split(separator: ".", maxSplits: 1).map(String.init)
        if parts.count == 1 {
          pairs.append((field.key, value.json))
        } else if let last = pairs.last, last.0 == parts[0], case .object(var inner) = last.1 {
          inner.append((parts[1], value.json))
          pairs[pairs.count - 1] = (parts[0], .object(inner))
        } else {
          pairs.append((parts[0], .object([(parts[1], value.json)])))
        }
      }
      if complete || !pairs.isEmpty { result.append((module, .object(pairs))) }
    }
    return .object(result)
  }
}

extension TrackerConfig {
  /// Reads stored settings, refusing any module, setting or value the schema does not allow,
  /// and a module set per device only in settings that are not a device's.
  init(stored json: JSONObject, deviceLevel: Bool) throws {
    self.init()
    for (module, body) in json.fields {
      guard TrackerSchema.modules.contains(module) else {
        throw JSONObject.ShapeError(
          path: json.path + "." + module, problem: "'\(module)' is not a Tracker module")
      }
      guard deviceLevel || !TrackerSchema.deviceLevelOnly.contains(module) else {
        throw JSONObject.ShapeError(
          path: json.path + "." + module,
          problem: "'\(module)' is set per device only, not for a whole product")
      }
      let object = try JSONObject(body, path: json.path + "." + module)
      for (key, value) in object.fields {
        if case .object = value, module == "geofence" {
          let zone = try JSONObject(value, path: object.path + "." + key)
          for (inner, innerValue) in zone.fields {
            try read("\(module).\(key).\(inner)", innerValue, at: zone.path + "." + inner)
          }
        } else {
          try read("\(module).\(key)", value, at: object.path + "." + key)
        }
      }
    }
  }

  private mutating func read(_ path: String, _ json: JSON, at location: String) throws {
    guard let field = TrackerSchema.field(path) else {
      throw JSONObject.ShapeError(path: location, problem: "'\(path)' is not a Tracker setting")
    }
    let value: TrackerValue?
    switch (field.kind, json) {
    case (.bool, .bool(let flag)): value = .bool(flag)
    case (.integer, .int(let number)): value = .integer(number)
    case (.number, .int(let number)): value = .number(Double(number))
    case (.number, .double(let number)): value = .number(number)
    case (.enumeration, .string(let text)): value = .text(text)
    default: value = nil
    }
    guard let value else {
      throw JSONObject.ShapeError(
        path: location, problem: "expected \(field.expectation), found \(json.kindName)")
    }
    guard (try? field.check(value)) != nil else {
      throw JSONObject.ShapeError(
        path: location, problem: "expected \(field.expectation), found \(value.text)")
    }
    set(field, value)
  }
}
