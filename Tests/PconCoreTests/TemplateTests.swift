import Testing

@testable import PconCore

/// The mustache subset Particle's webhooks use, each rule against its expected text, and the
/// parse errors and budgets that keep hostile templates harmless.
@Suite struct TemplateTests {
  /// The example data of Particle's "Variable substitution" section.
  static let data: JSON =
    (try? JSONParser.parse(
      #"{"a":{"aa":"testing","ab":1234},"b":"xxx","c":[{"ca":"first","cb":123},{"ca":"second","cb":456}],"#
        + #""h":"<b>&\"'","n":null,"f":false,"z0":0,"e":"","list":[],"o":{},"x":1.5,"t":true,"s":["p","q"]}"#
    )) ?? .null

  static func render(_ text: String, _ context: [JSON] = [data]) throws -> String {
    try Template.parse(text).render(context)
  }

  @Test(arguments: [
    // Particle's documented examples.
    ("{{{a.aa}}}", "testing"), ("{{{a.ab}}}", "1234"), ("{{{b}}}", "xxx"),
    ("{{{c.0.ca}}}", "first"), ("{{{c.1.cb}}}", "456"),
    ("{{#b}}{{{b}}}{{/b}}{{^b}}Missing{{/b}}", "xxx"),
    ("{{#z}}{{{z}}}{{/z}}{{^z}}Missing{{/z}}", "Missing"),
    ("{{#c}}{{{ca}}}~{{/c}}", "first~second~"),
    // Escaping: double braces escape & < > " ', triple braces and & do not.
    ("{{h}}", "&lt;b&gt;&amp;&quot;&#39;"), ("{{{h}}}", "<b>&\"'"), ("{{& h}}", "<b>&\"'"),
    ("{{ b }}", "xxx"), ("{{{ b }}}", "xxx"),
    // Missing names, null and non-strings.
    ("[{{nothing}}]", "[]"), ("[{{n}}]", "[]"), ("{{f}} {{t}} {{x}} {{z0}}", "false true 1.5 0"),
    ("{{{a}}}", #"{"aa":"testing","ab":1234}"#), ("{{{s}}}", #"["p","q"]"#),
    ("{{c.5.ca}}|{{a.aa.zz}}|{{b.0}}", "||"),
    // Sections: falsy values skip, objects push context, lists iterate, others render once.
    ("{{#n}}X{{/n}}{{#f}}X{{/f}}{{#e}}X{{/e}}{{#z0}}X{{/z0}}{{#list}}X{{/list}}", ""),
    ("{{^n}}1{{/n}}{{^f}}2{{/f}}{{^e}}3{{/e}}{{^z0}}4{{/z0}}{{^list}}5{{/list}}", "12345"),
    ("{{^b}}X{{/b}}{{^c}}X{{/c}}{{^o}}X{{/o}}", ""),
    ("{{#a}}{{aa}}/{{ab}}/{{b}}{{/a}}", "testing/1234/xxx"), ("{{#o}}in{{/o}}", "in"),
    ("{{#s}}<{{.}}>{{/s}}", "<p><q>"), ("{{#t}}{{.}}{{/t}}", "true"),
    ("{{#c}}{{#a}}{{ca}}{{aa}},{{/a}}{{/c}}", "firsttesting,secondtesting,"),
    ("{{#a.aa}}{{.}}{{/a.aa}}", "testing"),
    // Comments, partials (webhooks have none) and plain braces.
    ("x{{! a comment }}y", "xy"), ("x{{> part}}y", "xy"), ("{a} {x: 1} }}", "{a} {x: 1} }}"),
    ("", ""), ("ünïcødé {{b}}", "ünïcødé xxx"),
  ])
  func rendersEachRule(template: String, expected: String) throws {
    #expect(try Self.render(template) == expected)
  }

  @Test func namesResolveInTheNearestScopeThatHoldsThem() throws {
    let outer: JSON = .object([("k", .string("outer")), ("only", .string("o"))])
    let inner: JSON = .object([("k", .string("inner")), ("sub", .object([("k", .string("s"))]))])
    #expect(try Self.render("{{k}} {{only}}", [outer, inner]) == "inner o")
    #expect(try Self.render("{{#sub}}{{k}} {{only}}{{/sub}}", [outer, inner]) == "s o")
    // A dotted name is resolved from its first segment's scope, without falling back.
    let shadow: JSON = .object([("sub", .string("flat"))])
    #expect(try Self.render("[{{sub.k}}]", [inner, shadow]) == "[]")
  }

  @Test func urlEscapingPercentEncodesEveryValueWhateverItsBraces() throws {
    let value: JSON = .object([("v", .string("a/b?c=d&e f#ü~._-"))])
    let expected = "x/a%2Fb%3Fc%3Dd%26e%20f%23%C3%BC~._-"
    #expect(try Template.parse("x/{{v}}").render([value], escaping: .url) == expected)
    #expect(try Template.parse("x/{{{v}}}").render([value], escaping: .url) == expected)
    // Literal text is the author's and is kept as written.
    #expect(try Template.parse("a/b?c=d").render([value], escaping: .url) == "a/b?c=d")
  }

  @Test(arguments: [
    ("{{a", 0, "unclosed '{{'"), ("ok {{{a}}", 3, "unclosed '{{{'"), ("x{{}}", 1, "empty tag name"),
    ("{{#}}{{/}}", 0, "empty tag name"), ("{{ }}", 0, "empty tag name"),
    ("{{#a}}x", 0, "unclosed section 'a'"), ("ab{{#a}}{{#b}}{{/b}}", 2, "unclosed section 'a'"),
    ("{{#a}}{{/b}}", 6, "'{{/b}}' does not close section 'a' opened at byte 0"),
    ("x{{/a}}", 1, "'{{/a}}' closes a section that was never opened"),
    ("{{a..b}}", 0, "malformed name 'a..b'"),
    ("{{=<% %>=}}", 0, "changing delimiters is not supported"),
    ("ü{{&}}", 2, "empty tag name"),
  ])
  func malformedTemplatesNameTheFaultAndItsByte(text: String, offset: Int, reason: String) {
    #expect(throws: Template.SyntaxError(offset: offset, reason: reason)) {
      try Template.parse(text)
    }
  }

  @Test func theErrorReadsAsOneLine() {
    let error = Template.SyntaxError(offset: 4, reason: "unclosed '{{'")
    #expect(error.description == "unclosed '{{' at byte 4")
  }

  @Test func nestingIsBoundedAtParseTime() throws {
    let ok =
      String(repeating: "{{#a}}", count: Template.maxNesting)
      + String(repeating: "{{/a}}", count: Template.maxNesting)
    _ = try Template.parse(ok)
    let deep = "{{#a}}" + ok + "{{/a}}"
    #expect(throws: Template.SyntaxError.self) { try Template.parse(deep) }
  }

  @Test func isConstantOnlyWithoutTags() throws {
    #expect(try Template.parse("plain {text}").isConstant)
    #expect(try !Template.parse("a {{b}}").isConstant)
  }

  @Test func nestedIterationOverALargeListRunsOutOfStepsNotMemory() throws {
    // 1000 items nested eight deep is 10^24 passes; the step budget stops it at once.
    let list: JSON = .object([("l", .array(Array(repeating: .int(1), count: 1000)))])
    let source =
      String(repeating: "{{#l}}", count: 8) + String(repeating: "{{/l}}", count: 8)
    let template = try Template.parse(source)
    let clock = ContinuousClock()
    let start = clock.now
    #expect(throws: Template.BudgetExceeded.self) { try template.render([list]) }
    #expect(clock.now - start < .seconds(5))
  }

  @Test func repetitionStopsAtTheOutputLimit() throws {
    let list: JSON = .object([
      ("l", .array(Array(repeating: .int(1), count: 1000))),
      ("big", .string(String(repeating: "x", count: 10_000))),
    ])
    // 1000 × 1000 × 10 KB would be 10 GB.
    let template = try Template.parse("{{#l}}{{#l}}{{{big}}}{{/l}}{{/l}}")
    var budget = Template.Budget(outputBytes: 100_000, steps: 1 << 20)
    #expect(throws: Template.BudgetExceeded.self) {
      try template.render([list], budget: &budget)
    }
    #expect(budget.outputBytes >= 0 && budget.outputBytes < 10_000)
  }

  @Test func oneBudgetIsSharedAcrossRenders() throws {
    let template = try Template.parse("12345")
    var budget = Template.Budget(outputBytes: 12, steps: 100)
    #expect(try template.render([], budget: &budget) == "12345")
    #expect(try template.render([], budget: &budget) == "12345")
    #expect(budget.outputBytes == 2)
    #expect(throws: Template.BudgetExceeded.self) { try template.render([], budget: &budget) }
  }
}

extension TemplateTests {
  /// Every short mix of the characters that matter to the parser either parses and renders or
  /// throws: none traps.
  @Test func noMixOfBracesAndSigilsTraps() throws {
    let alphabet = Array("{}#^/!&>=. a".utf8)
    var state: UInt64 = 0x9E37_79B9_7F4A_7C15
    for _ in 0..<20_000 {
      var bytes: [UInt8] = []
      state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
      let length = Int(state >> 59)
      for _ in 0..<length {
        state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
        bytes.append(alphabet[Int(state >> 33) % alphabet.count])
      }
      if let template = try? Template.parse(String(decoding: bytes, as: UTF8.self)) {
        _ = try? template.render([Self.data])
      }
    }
  }
}
