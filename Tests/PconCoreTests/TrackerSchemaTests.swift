import Foundation
import Testing

@testable import PconCore

/// pcon's schema table against Particle's Tracker Edge v18 `config-schema.json` (in
/// Tests/Fixtures/tracker), field by field, so neither can change without the other.
@Suite struct TrackerSchemaTests {
  static let path = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
    .appendingPathComponent("../Fixtures/tracker/tracker-edge-config-schema.json").standardized
    .path

  /// One leaf setting of the JSON Schema, by its pcon name, with its schema object.
  static func schemaFields() throws -> [(path: String, module: String, spec: [String: Any])] {
    let data = try Data(contentsOf: URL(fileURLWithPath: path))
    let root = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
    let modules = try #require(root["properties"] as? [String: Any])
    var result: [(String, String, [String: Any])] = []
    func walk(_ properties: [String: Any], prefix: String, module: String) throws {
      for (key, value) in properties {
        let spec = try #require(value as? [String: Any])
        if spec["type"] as? String == "object" {
          try walk(
            try #require(spec["properties"] as? [String: Any]), prefix: prefix + key + ".",
            module: module)
        } else {
          result.append((prefix + key, module, spec))
        }
      }
    }
    for (module, value) in modules {
      let spec = try #require(value as? [String: Any])
      try walk(
        try #require(spec["properties"] as? [String: Any]), prefix: module + ".", module: module)
    }
    return result
  }

  static func moduleSpecs() throws -> [String: [String: Any]] {
    let data = try Data(contentsOf: URL(fileURLWithPath: path))
    let root = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
    return try #require(root["properties"] as? [String: [String: Any]])
  }

  @Test func everySchemaSettingIsInTheTableAndNothingElse() throws {
    let schema = Set(try Self.schemaFields().map(\.path))
    let table = Set(TrackerSchema.fields.map(\.path))
    #expect(schema.subtracting(table).isEmpty, "missing from the table")
    #expect(table.subtracting(schema).isEmpty, "not in the schema")
    #expect(TrackerSchema.fields.count == table.count, "a setting listed twice")
    #expect(Set(TrackerSchema.modules) == Set(try Self.moduleSpecs().keys))
    #expect(schema.count == 71)
  }

  @Test func typesRangesEnumerationsAndDefaultsMatchTheSchema() throws {
    for (path, module, spec) in try Self.schemaFields() {
      let field = try #require(TrackerSchema.field(path))
      #expect(field.module == module)
      let number = { (key: String) in (spec[key] as? NSNumber)?.doubleValue }
      #expect(field.minimum == number("minimum"), "\(path) minimum")
      #expect(field.maximum == number("maximum"), "\(path) maximum")
      switch spec["type"] as? String {
      case "boolean":
        #expect(field.kind == .bool, "\(path) type")
        #expect(field.defaultValue == .bool(try #require(spec["default"] as? Bool)), "\(path)")
      case "integer":
        #expect(field.kind == .integer, "\(path) type")
        #expect(
          field.defaultValue == .integer(try #require(spec["default"] as? NSNumber).int64Value),
          "\(path) default")
      case "number":
        #expect(field.kind == .number, "\(path) type")
        #expect(
          field.defaultValue == .number(try #require(number("default"))), "\(path) default")
      case "string":
        let values = try #require(spec["enum"] as? [String], "\(path) is a string without enum")
        #expect(field.kind == .enumeration(values), "\(path) enum")
        #expect(field.defaultValue == .text(try #require(spec["default"] as? String)), "\(path)")
      default:
        Issue.record("\(path) has type \(String(describing: spec["type"]))")
      }
    }
  }

  @Test func deviceLevelModulesAreTheSchemasDeviceLevelOnly() throws {
    let marked = try Self.moduleSpecs().filter { $0.value["deviceLevelOnly"] as? Bool == true }
    #expect(Set(marked.keys) == TrackerSchema.deviceLevelOnly)
  }

  /// The full configuration nests geofence zones as the schema does, and reads back.
  @Test func fullConfigurationRoundTripsThroughItsStoredForm() throws {
    var config = TrackerConfig()
    let lat = try #require(TrackerSchema.field("geofence.zone2.lat"))
    config.set(lat, try lat.value(parsing: "-33.5"))
    let text = JSONWriter(pretty: false).string(config.stored)
    #expect(text == #"{"geofence":{"zone2":{"lat":-33.5}}}"#)
    let back = try TrackerConfig(
      stored: JSONObject(JSONParser.parse(text), path: ""), deviceLevel: true)
    #expect(back == config)
    let full = try JSONObject(config.full, path: "")
    #expect(try full.object("geofence").object("zone2").fields.count == 10)
    #expect(try full.object("location").fields.count == 12)
  }
}
