import CCurl
import Foundation
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
    // Exactly the request's headers and the framing: nothing libcurl would add on its own.
    let names = unchecked.response?.header("x-header-names")?.split(separator: ",").map(String.init)
    #expect(Set(names ?? []) == ["Host", "X-Hook", "Content-Length"])
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

@Suite struct CurlLoadingTests {
  @Test func aMissingLibcurlIsNamedWithWhatToDo() {
    var message = [CChar](repeating: 0, count: 512)
    let names = ["libcurl-absent.so.4", "libcurl-absent-too.so"]
    let pointers = names.map { strdup($0) }
    defer { for pointer in pointers { free(pointer) } }
    let library = pointers.map { UnsafePointer($0) }.withUnsafeBufferPointer {
      ccurl_open($0.baseAddress, $0.count, &message, message.count)
    }
    #expect(library == nil)
    #expect(
      String(decoding: message.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
        == "https needs libcurl (libcurl-absent.so.4 not found); install libcurl4 or use an http:// URL"
    )
  }

  @Test func theInstalledLibcurlLoadsAtRunTime() {
    // Nothing links libcurl: it is found and loaded when https is first used.
    var message = [CChar](repeating: 0, count: 512)
    #expect(ccurl_load(&message, message.count) == 0)
    #expect(message.allSatisfy { $0 == 0 })
  }
}
