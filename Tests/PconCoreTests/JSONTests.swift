import Testing

@testable import PconCore

@Suite struct JSONTests {
  @Test(arguments: [
    (#"{"a":1}"#, JSON.object([("a", .int(1))])) as (String, JSON),
    (
      #" [1, -2.5, 1e3, true, false, null] "#,
      .array([.int(1), .double(-2.5), .double(1000), .bool(true), .bool(false), .null])
    ),
    (#""é\u00e9\ud83d\ude00\n\"""#, .string("éé😀\n\"")),
    (
      #"{"k":{"n":[]},"e":{}}"#, .object([("k", .object([("n", .array([]))])), ("e", .object([]))])
    ),
    ("-0", .int(0)),
    ("9223372036854775808", .double(9_223_372_036_854_775_808)),
  ])
  func parsesValidDocuments(text: String, expected: JSON) throws {
    #expect(try JSONParser.parse(text) == expected)
  }

  @Test(arguments: [
    ("", 0, "unexpected end of data"),
    ("{", 1, "unexpected end of data in an object"),
    (#"{"a" 1}"#, 5, "expected ':' after a key"),
    (#"{"a":1,}"#, 7, "expected a key in quotes"),
    ("[1 2]", 3, "expected ',' or ']' in an array"),
    ("01", 1, "unexpected data after the value"),
    ("1.", 2, "invalid number"),
    ("tru", 0, "invalid literal"),
    ("\"a\u{01}\"", 2, "control character in a string"),
    (#""\x""#, 2, "invalid escape character 'x'"),
    (#""\ud800""#, 7, #"unpaired surrogate in \u escape"#),
    ("\"abc", 4, "unterminated string"),
    ("1e999", 0, "number out of range"),
    (String(repeating: "[", count: 300), 256, "nested more than 256 levels deep"),
  ])
  func reportsTheByteOfTheFirstFault(text: String, offset: Int, reason: String) {
    #expect(throws: JSONParser.Failure(offset: offset, reason: reason)) {
      try JSONParser.parse(text)
    }
  }

  @Test func invalidUTF8IsRejected() {
    #expect(throws: JSONParser.Failure.self) { try JSONParser.parse([0x22, 0xFF, 0xFE, 0x22]) }
  }

  @Test func writerRoundTripsAndEscapes() throws {
    let value = JSON.object([
      ("s", .string("tab\t \"q\" \\ \u{01} ü")), ("n", .int(-3)), ("d", .double(2.5)),
      ("a", .array([.null, .bool(true)])),
    ])
    let compact = JSONWriter(pretty: false).string(value)
    #expect(compact == #"{"s":"tab\t \"q\" \\ \u0001 ü","n":-3,"d":2.5,"a":[null,true]}"#)
    #expect(try JSONParser.parse(compact) == value)
    #expect(try JSONParser.parse(JSONWriter(pretty: true).string(value)) == value)
    #expect(JSONWriter(pretty: true).string(.object([("a", .array([]))])) == "{\n  \"a\": []\n}")
  }

  @Test func objectReaderNamesThePathOfAFault() throws {
    let value = try JSONParser.parse(#"{"devices":[{"id":"x"},{"id":7}]}"#)
    let root = try JSONObject(value, path: "")
    let devices = try root.objects("devices")
    #expect(
      throws: JSONObject.ShapeError(
        path: "devices[1].id", problem: "expected a string, found a number")
    ) {
      try devices[1].string("id")
    }
    #expect(throws: JSONObject.ShapeError(path: "devices[0].name", problem: "missing key")) {
      try devices[0].string("name")
    }
  }
}
