import Testing

@testable import PconCore

@Suite struct HTTPTargetTests {
  @Test(arguments: [
    (
      "http://example.com",
      HTTPTarget(scheme: .http, host: "example.com", port: 80, requestTarget: "/")
    ),
    (
      "HTTPS://Example.COM:8443?x=1#frag",
      HTTPTarget(scheme: .https, host: "example.com", port: 8443, requestTarget: "/?x=1")
    ),
    (
      "http://[::1]:9000/a b/é?q=\r\n",
      HTTPTarget(scheme: .http, host: "::1", port: 9000, requestTarget: "/a%20b/%C3%A9?q=%0D%0A")
    ),
    (
      "http://10.0.0.1:80/p%20q",
      HTTPTarget(scheme: .http, host: "10.0.0.1", port: 80, requestTarget: "/p%20q")
    ),
  ])
  func readsWhatAURLNames(url: String, expected: HTTPTarget) throws {
    #expect(try HTTPTarget.parse(url).get() == expected)
  }

  @Test func hostHeaderCarriesOnlyANonDefaultPort() throws {
    #expect(try HTTPTarget.parse("http://a.example:80/").get().hostHeader == "a.example")
    #expect(try HTTPTarget.parse("https://a.example:80/").get().hostHeader == "a.example:80")
    #expect(try HTTPTarget.parse("http://[::1]:8080/x").get().url == "http://[::1]:8080/x")
  }

  @Test(arguments: [
    ("ftp://example.com/", "does not start with http:// or https://"),
    ("example.com/path", "does not start with http:// or https://"),
    ("http:///path", "has no host"),
    (
      "http://user:pw@example.com/",
      "has a user name in it; send credentials with the auth field instead"
    ),
    ("http://exa mple.com/", "has a character its host cannot have"),
    ("http://example.com:0/", "has a port that is not a number from 1 to 65535"),
    ("http://example.com:65536/", "has a port that is not a number from 1 to 65535"),
    ("http://example.com:/", "has a port that is not a number from 1 to 65535"),
    ("http://example.com:-80/", "has a port that is not a number from 1 to 65535"),
    ("http://[::1/", "has an unclosed [ in its host"),
    ("http://[zz]/", "has a malformed IPv6 host"),
    ("http://[::1]x/", "has text after its IPv6 host"),
  ])
  func refusesWhatCannotBeSent(url: String, why: String) {
    guard case .failure(let failure) = HTTPTarget.parse(url) else {
      Issue.record("\(url) was accepted")
      return
    }
    // The URL itself is never quoted: it may hold a key.
    #expect(failure == HTTPFailure(.request, "the URL \(why)"))
  }
}

@Suite struct HTTPRequestWireTests {
  private let target = HTTPTarget(
    scheme: .http, host: "hooks.example", port: 8080, requestTarget: "/in?a=1")

  @Test func writesTheRequestLineHostHeadersInOrderLengthAndClose() {
    let request = HTTPRequest(
      method: "POST", url: "",
      headers: [("B-Second", "2"), ("A-First", "1"), ("Content-Length", "99"), ("host", "evil")],
      body: Array("x=1".utf8))
    #expect(
      String(decoding: request.wireBytes(for: target), as: UTF8.self)
        == "POST /in?a=1 HTTP/1.1\r\nHost: hooks.example:8080\r\nB-Second: 2\r\nA-First: 1\r\n"
        + "Content-Length: 3\r\nConnection: close\r\n\r\nx=1")
  }

  @Test(arguments: [
    ("POST", true), ("PUT", true), ("PATCH", true), ("GET", false), ("DELETE", false),
  ])
  func emptyBodiesHaveALengthOnlyForMethodsThatSendOne(method: String, hasLength: Bool) {
    let text = String(
      decoding: HTTPRequest(method: method, url: "").wireBytes(for: target), as: UTF8.self)
    #expect(text.contains("Content-Length: 0\r\n") == hasLength)
  }

  @Test(arguments: [
    (
      HTTPRequest(method: "GET /x HTTP/1.1\r\n", url: ""),
      "the method \"GET /x HTTP/1.1\\r\\n\" is not an HTTP method name"
    ),
    (HTTPRequest(method: "", url: ""), "the method \"\" is not an HTTP method name"),
    (
      HTTPRequest(method: "GET", url: "", headers: [("X-A", "1\r\nInjected: yes")]),
      "the header X-A has a line break or NUL in its value"
    ),
    (
      HTTPRequest(method: "GET", url: "", headers: [("Bad Name", "1")]),
      "the header name \"Bad Name\" is not a valid header name"
    ),
    (
      HTTPRequest(method: "GET", url: "", headers: [("X:Y", "1")]),
      "the header name \"X:Y\" is not a valid header name"
    ),
  ])
  func refusesRequestsThatWouldBreakTheFraming(request: HTTPRequest, message: String) {
    #expect(request.wireProblem == HTTPFailure(.request, message))
  }
}
