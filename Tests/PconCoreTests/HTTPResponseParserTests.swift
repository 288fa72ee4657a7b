import Testing

@testable import PconCore

/// Feeds `text` to a parser in pieces of `piece` bytes, then ends the stream if it needs more.
private func parse(
  _ text: String, piece: Int = .max, bodyLimit: Int = HTTPClient.bodyLimit,
  headerLimit: Int = HTTPClient.headerLimit, head: Bool = false
) -> HTTPResponseParser.Progress {
  parse(Array(text.utf8), piece: piece, bodyLimit: bodyLimit, headerLimit: headerLimit, head: head)
}

private func parse(
  _ bytes: [UInt8], piece: Int = .max, bodyLimit: Int = HTTPClient.bodyLimit,
  headerLimit: Int = HTTPClient.headerLimit, head: Bool = false
) -> HTTPResponseParser.Progress {
  var parser = HTTPResponseParser(
    bodyLimit: bodyLimit, headerLimit: headerLimit, isHeadRequest: head)
  var start = 0
  while start < bytes.count {
    let end = start + min(piece, bytes.count - start)
    let progress = parser.feed(bytes[start..<end])
    if progress != .needMore { return progress }
    start = end
  }
  return parser.finish()
}

private func reason(_ progress: HTTPResponseParser.Progress) -> String? {
  if case .failed(let reason) = progress { return reason }
  return nil
}

private func response(_ progress: HTTPResponseParser.Progress) -> HTTPResponse? {
  if case .complete(let response) = progress { return response }
  return nil
}

@Suite struct HTTPResponseParserTests {
  @Test(arguments: [1, 3, 1000])
  func contentLengthBodyInAnyPieces(piece: Int) {
    let got = parse(
      "HTTP/1.1 201 Created\r\nX-One: a\r\nContent-Length: 5\r\nX-Two:  b c \r\n\r\nhelloIGNORED",
      piece: piece)
    #expect(
      got
        == .complete(
          HTTPResponse(
            status: 201,
            headers: [
              ("X-One", "a"), ("Content-Length", "5"), ("X-Two", "b c"),
            ], body: Array("hello".utf8))))
  }

  @Test func bareLineFeedsAndNoReasonPhrase() {
    let got = response(parse("HTTP/1.0 204\nServer: x\n\n"))
    #expect(got?.status == 204)
    #expect(got?.header("server") == "x")
    #expect(got?.body == [])
  }

  @Test(arguments: [1, 4, 1000])
  func chunkedBodyWithExtensionsAndTrailers(piece: Int) {
    let text =
      "HTTP/1.1 200 OK\r\nTransfer-Encoding: gzip, chunked\r\n\r\n"
      + "5;name=x\r\nhello\r\n1A\r\nabcdefghijklmnopqrstuvwxyz\r\n0\r\nX-Trailer: t\r\n\r\n"
    #expect(
      response(parse(text, piece: piece))?.body == Array("helloabcdefghijklmnopqrstuvwxyz".utf8))
  }

  @Test func bodyUntilCloseWhenUnframed() {
    #expect(response(parse("HTTP/1.1 200 OK\r\n\r\nall of it"))?.body == Array("all of it".utf8))
  }

  @Test func noBodyForHeadOrNotModified() {
    #expect(response(parse("HTTP/1.1 200 OK\r\nContent-Length: 9\r\n\r\n", head: true))?.body == [])
    #expect(
      response(parse("HTTP/1.1 304 Not Modified\r\nContent-Length: 9\r\n\r\n"))?.status == 304)
  }

  @Test func interimResponsesAreSkipped() {
    let got = response(
      parse(
        "HTTP/1.1 100 Continue\r\nX-Early: 1\r\n\r\nHTTP/1.1 202 Accepted\r\nContent-Length: 2\r\n\r\nok"
      ))
    #expect(
      got == HTTPResponse(status: 202, headers: [("Content-Length", "2")], body: Array("ok".utf8)))
  }

  @Test func bodyIsCutAtTheLimitWithoutWaitingForTheRest() {
    var parser = HTTPResponseParser(bodyLimit: 4)
    let progress = parser.feed(
      Array("HTTP/1.1 200 OK\r\nContent-Length: 1000000\r\n\r\n123456".utf8))
    #expect(response(progress)?.body == Array("1234".utf8))
    let chunked = parse(
      "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nA\r\n0123456789\r\n", bodyLimit: 4)
    #expect(response(chunked)?.body == Array("0123".utf8))
    #expect(
      response(parse("HTTP/1.1 200 OK\r\n\r\n0123456789", bodyLimit: 4))?.body == Array("0123".utf8)
    )
  }

  @Test(arguments: [
    ("", "the server closed the connection without answering"),
    ("HTTP/1.1 200 OK\r\nX: y", "the connection closed in the middle of the response headers"),
    (
      "SSH-2.0-OpenSSH_9.2\r\n\r\n",
      "the server's answer is not an HTTP/1.x status line: \"SSH-2.0-OpenSSH_9.2\""
    ),
    ("HTTP/2 200\r\n\r\n", "the server's answer is not an HTTP/1.x status line: \"HTTP/2 200\""),
    (
      "HTTP/1.1 20 OK\r\n\r\n",
      "the server's answer is not an HTTP/1.x status line: \"HTTP/1.1 20 OK\""
    ),
    (
      "HTTP/1.1 2000 OK\r\n\r\n",
      "the server's answer is not an HTTP/1.x status line: \"HTTP/1.1 2000 OK\""
    ),
    ("HTTP/1.1 099 Low\r\n\r\n", "the status 99 is not an HTTP status"),
    (
      "HTTP/1.1 \u{1B}[2J\r\n\r\n",
      "the server's answer is not an HTTP/1.x status line: \"HTTP/1.1 \\u{1B}[2J\""
    ),
    ("HTTP/1.1 101 Switching\r\n\r\n", "the server switched protocols instead of answering"),
    ("HTTP/1.1 200 OK\r\nNo colon here\r\n\r\n", "the response has a header line without a colon"),
    ("HTTP/1.1 200 OK\r\nBad Name: x\r\n\r\n", "the response has a malformed header name"),
    ("HTTP/1.1 200 OK\r\nA: b\r\n folded\r\n\r\n", "the response has a folded header line"),
    (
      "HTTP/1.1 200 OK\r\nContent-Length: -1\r\n\r\n", "the response has a malformed Content-Length"
    ),
    (
      "HTTP/1.1 200 OK\r\nContent-Length: 12abc\r\n\r\n",
      "the response has a malformed Content-Length"
    ),
    (
      "HTTP/1.1 200 OK\r\nContent-Length: 3\r\nContent-Length: 4\r\n\r\nabcd",
      "the response has a malformed Content-Length"
    ),
    (
      "HTTP/1.1 200 OK\r\nContent-Length: 99999999999999999999999\r\n\r\n",
      "the response's Content-Length is too large"
    ),
    (
      "HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nabc",
      "the connection closed after 3 of 10 body bytes"
    ),
    (
      "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n",
      "a chunk size is not a hexadecimal number: \"zz\""
    ),
    (
      "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n-5\r\n",
      "a chunk size is not a hexadecimal number: \"-5\""
    ),
    (
      "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nFFFFFFFFFFFFFFFFFF\r\n",
      "a chunk size is too large"
    ),
    (
      "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n2\r\nabc\r\n",
      "a chunk is longer than its size says"
    ),
    (
      "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nab",
      "the connection closed in the middle of a chunked body"
    ),
  ])
  func hostileBytesAreRefusedWithAReason(text: String, expected: String) {
    #expect(reason(parse(text)) == expected)
    #expect(reason(parse(text, piece: 1)) == expected)
  }

  @Test func headersOverTheLimitFailInsteadOfGrowing() {
    let many = "HTTP/1.1 200 OK\r\n" + String(repeating: "X-Pad: 0123456789\r\n", count: 100)
    #expect(
      reason(parse(many, headerLimit: 1024)) == "the response headers are larger than 1024 bytes")
    // One endless line never ends the head: the limit still stops it.
    var parser = HTTPResponseParser(headerLimit: 1024)
    var progress = HTTPResponseParser.Progress.needMore
    for _ in 0..<100 where progress == .needMore {
      progress = parser.feed([UInt8](repeating: UInt8(ascii: "a"), count: 100))
    }
    #expect(reason(progress) == "the response headers are larger than 1024 bytes")
  }

  @Test func anEndlessChunkSizeLineIsRefused() {
    var parser = HTTPResponseParser()
    _ = parser.feed(Array("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n".utf8))
    let progress = parser.feed([UInt8](repeating: UInt8(ascii: "0"), count: 2000))
    #expect(reason(progress) == "a chunk size line is too long")
  }

  @Test func randomBytesNeverTrap() {
    var generator = SystemRandomNumberGenerator()
    let seeds = [
      "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n",
      "HTTP/1.1 200 OK\r\nContent-Length: ", "",
    ]
    for round in 0..<300 {
      var bytes = Array(seeds[round % seeds.count].utf8)
      bytes += (0..<Int.random(in: 0...200, using: &generator)).map { _ in
        [UInt8(ascii: "\r"), UInt8(ascii: "\n"), UInt8(ascii: "0"), UInt8(ascii: "f"), 0xFF]
          .randomElement(using: &generator) ?? 0
      }
      switch parse(bytes, piece: Int.random(in: 1...17, using: &generator), bodyLimit: 64) {
      case .needMore: Issue.record("finish() must decide")
      case .complete, .failed: break
      }
    }
  }
}
