import LocalHTTPServer
import Testing

@testable import PconCore

/// `https://` through libcurl against a local server whose certificate nobody vouches for.
@Suite(.serialized) struct HTTPSClientTests {
  private let client = HTTPClient()

  @Test(
    .enabled(if: LocalTLSServer.toolsAvailable, "openssl or python3 missing; .ci/run installs them")
  )
  func aSelfSignedCertificateFailsUnlessChecksAreOff() throws {
    let server = try LocalTLSServer()
    defer { server.stop() }
    let checked = client.send(
      HTTPRequest(method: "GET", url: server.baseURL + "/checked", timeout: 10))
    #expect(checked.failure?.kind == .tls)
    #expect(checked.failure?.message.isEmpty == false)

    let unchecked = client.send(
      HTTPRequest(
        method: "POST", url: server.baseURL + "/hook?x=1", headers: [("X-Hook", "on")],
        body: Array("a=1".utf8), verifiesTLS: false, timeout: 10))
    #expect(unchecked.response?.status == 200)
    #expect(unchecked.response?.header("x-served-by") == "tls")
    #expect(unchecked.response?.body == Array("POST /hook?x=1 a=1 on".utf8))
  }

  @Test func aClosedHTTPSPortIsAConnectFailure() throws {
    let free = try LocalHTTPServer()
    let url = "https://127.0.0.1:\(free.port)/"
    free.stop()
    let outcome = client.send(HTTPRequest(method: "GET", url: url, timeout: 5))
    #expect(outcome.failure?.kind == .connect)
  }

  @Test func aSilentHTTPSServerTimesOut() throws {
    let server = try LocalHTTPServer()
    server.enqueue(ScriptedReply(delay: 30))
    let outcome = client.send(
      HTTPRequest(method: "GET", url: "https://127.0.0.1:\(server.port)/", timeout: 0.3))
    #expect(outcome.failure?.kind == .timeout)
    #expect(outcome.latency < 5)
    server.stop()
  }
}
