import Foundation
import LocalHTTPServer
import Testing

@testable import PconCore

/// The client against a real server on the loopback interface.
@Suite struct HTTPClientTests {
  private let client = HTTPClient()

  @Test func sendsMethodTargetHeadersAndBodyAndReadsTheAnswer() throws {
    let server = try LocalHTTPServer()
    server.enqueue(ScriptedReply(status: 201, headers: [("X-Reply", "yes")], body: "created"))
    let outcome = client.send(
      HTTPRequest(
        method: "PUT", url: server.baseURL + "/hook/in?event=temp&x=%20y",
        headers: [
          ("User-Agent", "ParticleBot/1.1 (https://docs.particle.io/webhooks)"), ("X-Two", "2"),
        ],
        body: Array("{\"a\":1}".utf8)))
    #expect(outcome.response?.status == 201)
    #expect(outcome.response?.header("x-reply") == "yes")
    #expect(outcome.response?.body == Array("created".utf8))
    #expect(outcome.latency > 0)
    let request = try #require(server.requests.first)
    #expect(request.method == "PUT")
    #expect(request.target == "/hook/in?event=temp&x=%20y")
    #expect(
      request.headers.map(\.0) == ["Host", "User-Agent", "X-Two", "Content-Length", "Connection"])
    #expect(request.header("Host") == "127.0.0.1:\(server.port)")
    #expect(request.header("Connection") == "close")
    #expect(request.bodyText == "{\"a\":1}")
  }

  @Test func postWithAnEmptyBodySaysSo() throws {
    let server = try LocalHTTPServer()
    _ = client.send(HTTPRequest(method: "POST", url: server.baseURL + "/"))
    _ = client.send(HTTPRequest(method: "GET", url: server.baseURL + "/"))
    let requests = server.requests
    #expect(requests.map { $0.header("Content-Length") } == ["0", nil])
  }

  @Test func readsAChunkedReply() throws {
    let server = try LocalHTTPServer()
    let pieces = [Array("hello ".utf8), [UInt8](repeating: 65, count: 5000), Array(" end".utf8)]
    server.enqueue(ScriptedReply(shape: .chunked(pieces)))
    let outcome = client.send(HTTPRequest(method: "GET", url: server.baseURL + "/"))
    #expect(outcome.response?.body == pieces.flatMap { $0 })
  }

  @Test func keepsOnlyTheFirst100KBOfAHugeBody() throws {
    let huge = String(repeating: "0123456789", count: 50_000)
    let server = try LocalHTTPServer { _ in ScriptedReply(body: huge) }
    let outcome = client.send(HTTPRequest(method: "GET", url: server.baseURL + "/", timeout: 5))
    #expect(outcome.response?.body == Array(huge.utf8.prefix(HTTPClient.bodyLimit)))
    let chunked = try LocalHTTPServer { _ in
      ScriptedReply(
        shape: .chunked(
          Array(repeating: Array("x".utf8) + Array(huge.utf8.prefix(999)), count: 500)))
    }
    let second = client.send(HTTPRequest(method: "GET", url: chunked.baseURL + "/", timeout: 5))
    #expect(second.response?.body.count == HTTPClient.bodyLimit)
  }

  @Test func aMalformedAnswerIsAProtocolFailure() throws {
    let server = try LocalHTTPServer()
    server.enqueue(.raw("HTTP/1.1 200 OK\r\nContent-Length: -5\r\n\r\n"))
    let outcome = client.send(HTTPRequest(method: "GET", url: server.baseURL + "/"))
    #expect(
      outcome.failure == HTTPFailure(.protocol, "the response has a malformed Content-Length"))
  }

  @Test func aServerThatHangsUpIsAProtocolFailure() throws {
    let server = try LocalHTTPServer()
    server.enqueue(.hangUp)
    let outcome = client.send(HTTPRequest(method: "GET", url: server.baseURL + "/"))
    #expect(
      outcome.failure
        == HTTPFailure(.protocol, "the server closed the connection without answering"))
  }

  @Test func aServerThatNeverAnswersTimesOut() throws {
    let server = try LocalHTTPServer()
    server.enqueue(ScriptedReply(delay: 30))
    let outcome = client.send(HTTPRequest(method: "GET", url: server.baseURL + "/", timeout: 0.3))
    #expect(
      outcome.failure == HTTPFailure(.timeout, "timed out after 0.3 s waiting for the response"))
    #expect(outcome.latency >= 0.3 && outcome.latency < 5)
    server.stop()
  }

  @Test func aTricklingServerStillTimesOutOnTheWholeExchange() throws {
    // Every byte arrives well within the timeout, but the whole answer never does.
    let server = try LocalHTTPServer()
    server.enqueue(ScriptedReply(body: String(repeating: "x", count: 100), byteInterval: 0.02))
    let outcome = client.send(HTTPRequest(method: "GET", url: server.baseURL + "/", timeout: 0.4))
    #expect(outcome.failure?.kind == .timeout)
    #expect(outcome.latency < 5)
    server.stop()
  }

  @Test func aClosedPortIsAConnectFailure() throws {
    let server = try LocalHTTPServer()
    let url = server.baseURL + "/"
    server.stop()
    let outcome = client.send(HTTPRequest(method: "GET", url: url))
    #expect(outcome.failure?.kind == .connect)
    #expect(
      outcome.failure?.message
        == "could not connect to 127.0.0.1 port \(server.port): Connection refused")
  }

  @Test func anUnknownHostIsADNSFailure() {
    // .invalid never resolves (RFC 2606), so no network is needed to see the failure.
    let outcome = client.send(
      HTTPRequest(method: "GET", url: "http://no-such-host.invalid/", timeout: 5))
    #expect(outcome.failure?.kind == .dns)
    #expect(outcome.failure?.message.hasPrefix("could not resolve no-such-host.invalid: ") == true)
  }

  @Test func aRequestThatCannotBeSentIsRefusedBeforeConnecting() throws {
    let server = try LocalHTTPServer()
    let outcome = client.send(
      HTTPRequest(method: "GET", url: server.baseURL + "/", headers: [("X", "a\r\nHost: evil")]))
    #expect(
      outcome.failure == HTTPFailure(.request, "the header X has a line break or NUL in its value"))
    #expect(client.send(HTTPRequest(method: "GET", url: "gopher://x/")).failure?.kind == .request)
    #expect(server.requests.isEmpty)
  }

  @Test(.enabled(if: LocalHTTPServer.ipv6Available)) func reachesTheIPv6Loopback() throws {
    let server = try LocalHTTPServer(ipv6: true)
    server.enqueue(ScriptedReply(body: "six"))
    let outcome = client.send(HTTPRequest(method: "GET", url: server.baseURL + "/v6"))
    #expect(outcome.response?.body == Array("six".utf8))
    #expect(server.requests.first?.header("Host") == "[::1]:\(server.port)")
  }

  @Test func manyRequestsAtOnceEachGetTheirOwnAnswer() throws {
    let server = try LocalHTTPServer { request in ScriptedReply(body: request.target) }
    let bodies = Bodies()
    DispatchQueue.concurrentPerform(iterations: 16) { index in
      let outcome = client.send(HTTPRequest(method: "GET", url: server.baseURL + "/\(index)"))
      bodies.add(index, outcome.response.map { String(decoding: $0.body, as: UTF8.self) })
    }
    #expect(bodies.all == Dictionary(uniqueKeysWithValues: (0..<16).map { ($0, "/\($0)") }))
    #expect(server.requests.count == 16)
  }

  @Test func aSubstituteTransportIsTimedLikeTheNetwork() {
    struct Canned: HTTPTransport {
      func exchange(_ request: HTTPRequest) -> Result<HTTPResponse, HTTPFailure> {
        request.url.hasSuffix("/ok")
          ? .success(HTTPResponse(status: 200)) : .failure(HTTPFailure(.connect, "refused"))
      }
    }
    let client = HTTPClient(transport: Canned())
    #expect(client.send(HTTPRequest(method: "GET", url: "http://x/ok")).response?.status == 200)
    #expect(
      client.send(HTTPRequest(method: "GET", url: "http://x/no")).failure?.message == "refused")
  }
}

/// Answers gathered from several threads.
private final class Bodies: @unchecked Sendable {
  private let lock = NSLock()
  private var stored: [Int: String] = [:]
  func add(_ index: Int, _ body: String?) { lock.withLock { stored[index] = body } }
  var all: [Int: String] { lock.withLock { stored } }
}
