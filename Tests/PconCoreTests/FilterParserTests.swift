import Testing

@testable import PconCore

@Suite struct FilterParserTests {
  static let valid: [(String, EventFilter)] = [
    ("", EventFilter()),
    ("temp", filter(required: [[.word("temp")]])),
    ("Hello World", filter(required: [[.word("hello")], [.word("world")]])),
    (#""two words" x"#, filter(required: [[.word("two words")], [.word("x")]])),
    ("event:temperature", filter(required: [[.event(Wildcard("temperature"))]])),
    ("event:a event:b", filter(required: [[.event(Wildcard("a")), .event(Wildcard("b"))]])),
    (
      "event:a data:1 event:b",
      filter(required: [[.event(Wildcard("a")), .event(Wildcard("b"))], [.data(Wildcard("1"))]])
    ),
    ("-event:a -event:b", filter(excluded: [.event(Wildcard("a")), .event(Wildcard("b"))])),
    ("device:van-12 -temp", filter(required: [[.device("van-12")]], excluded: [.word("temp")])),
    ("range:20-100", filter(required: [[.range(20, 100)]])),
    ("range:-10--2.5", filter(required: [[.range(-10, -2.5)]])),
    ("range:-5-5", filter(required: [[.range(-5, 5)]])),
    ("range:.5-1", filter(required: [[.range(0.5, 1)]])),
    (#"data:"a b""#, filter(required: [[.data(Wildcard("a b"))]])),
    (#"-"two words""#, filter(excluded: [.word("two words")])),
    ("EVENT:x", filter(required: [[.event(Wildcard("x"))]])),
    ("10:30", filter(required: [[.word("10:30")]])),
  ]

  static func filter(required: [[EventFilter.Term]] = [], excluded: [EventFilter.Term] = [])
    -> EventFilter
  {
    var filter = EventFilter()
    filter.required = required
    filter.excluded = excluded
    return filter
  }

  @Test(arguments: valid)
  func parses(query: String, expected: EventFilter) throws {
    #expect(try FilterParser.parse(query) == expected)
  }

  @Test(arguments: [
    ("range:5", "range:5"), ("range:9-3", "range:9-3"), ("range:a-b", "range:a-b"),
    ("range:1e3-5", "range:1e3-5"),
    ("foo:bar", "foo:bar"), ("x \"unclosed", "\"unclosed"), ("event:", "event:"), ("a - b", "-"),
    ("data:\"x", "data:\"x"),
  ])
  func rejectsAndNamesTheTerm(query: String, term: String) {
    do {
      _ = try FilterParser.parse(query)
      Issue.record("\(query) parsed")
    } catch let error as PconError {
      guard case .invalidQuery(let named, _) = error else {
        Issue.record("\(error)")
        return
      }
      #expect(named == term)
      #expect(error.kind == .usage)
    } catch {
      Issue.record("\(error)")
    }
  }

  @Test(arguments: [
    ("temp*", "temperature", true), ("temp*", "tem", false), ("*ture", "temperature", true),
    ("t*m*e", "temperature", true),
    ("t*x*e", "temperature", false), ("exact", "exact", true), ("exact", "exactly", false),
    ("*", "", true), ("a*a", "a", false),
  ])
  func wildcards(pattern: String, text: String, matches: Bool) {
    let bytes = Array(text.utf8)
    #expect(bytes.withUnsafeBufferPointer { Wildcard(pattern).matches($0) } == matches)
  }

  @Test(arguments: [("35.2", 35.2), ("-4", -4.0), ("+2", 2.0), (".5", 0.5)] as [(String, Double)])
  func decimals(text: String, value: Double) {
    #expect(FilterParser.decimal(Array(text.utf8)) == value)
  }

  @Test(arguments: ["", " 35", "35 ", "1e3", "3.5.1", "-", "0x10", "nan", "35-"])
  func notDecimals(text: String) {
    #expect(FilterParser.decimal(Array(text.utf8)) == nil)
  }
}
