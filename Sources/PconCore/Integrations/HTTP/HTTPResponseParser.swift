/// Reads an HTTP/1.x response from bytes as they arrive, and refuses hostile bytes with a
/// one-line reason instead of trapping or waiting forever for what cannot come.
struct HTTPResponseParser {
  /// Where reading stands after some bytes or the end of the stream.
  enum Progress: Equatable {
    case needMore
    case complete(HTTPResponse)
    case failed(String)
  }

  private enum State: Equatable {
    case head
    case fixed(remaining: Int)
    case chunkSize
    case chunkData(remaining: Int)
    case chunkDataEnd
    case trailers
    case untilClose
    case finished(Progress)
  }

  private let bodyLimit: Int
  private let headerLimit: Int
  private let isHeadRequest: Bool

  private var state = State.head
  private var buffer: [UInt8] = []
  private var position = 0
  private var headBytes = 0
  private var status = 0
  private var headers: [(String, String)] = []
  private var body: [UInt8] = []
  private var expectedLength = 0

  /// A parser keeping `bodyLimit` body bytes and refusing more than `headerLimit` of headers;
  /// a response to HEAD has no body whatever its headers say.
  init(
    bodyLimit: Int = HTTPClient.bodyLimit, headerLimit: Int = HTTPClient.headerLimit,
    isHeadRequest: Bool = false
  ) {
    self.bodyLimit = bodyLimit
    self.headerLimit = headerLimit
    self.isHeadRequest = isHeadRequest
  }

  /// Takes the next bytes from the server.
  mutating func feed(_ bytes: some Collection<UInt8>) -> Progress {
    if case .finished(let progress) = state { return progress }
    if position > 65_536 {
      buffer.removeFirst(position)
      position = 0
    }
    buffer.append(contentsOf: bytes)
    let progress = advance()
    if progress != .needMore { state = .finished(progress) }
    return progress
  }

  /// The server closed the connection: what the bytes so far amount to.
  mutating func finish() -> Progress {
    let progress: Progress
    switch state {
    case .finished(let done): return done
    case .head:
      progress =
        headBytes == 0 && position == buffer.count
        ? .failed("the server closed the connection without answering")
        : .failed("the connection closed in the middle of the response headers")
    case .fixed(let remaining):
      progress = .failed(
        "the connection closed after \(expectedLength - remaining) of \(expectedLength) body bytes")
    case .chunkSize, .chunkData, .chunkDataEnd:
      progress = .failed("the connection closed in the middle of a chunked body")
    case .trailers, .untilClose:
      progress = done()
    }
    state = .finished(progress)
    return progress
  }

  private func done() -> Progress {
    .complete(HTTPResponse(status: status, headers: headers, body: body))
  }

  private mutating func advance() -> Progress {
    while true {
      switch state {
      case .finished(let progress): return progress
      case .head:
        guard let line = nextLine(limit: headerLimit - headBytes) else {
          return headBytes + (buffer.count - position) > headerLimit
            ? .failed("the response headers are larger than \(headerLimit) bytes") : .needMore
        }
        headBytes += line.consumed
        if let failure = takeHeadLine(line.bytes) { return .failed(failure) }
      case .fixed(let remaining):
        let take = min(remaining, buffer.count - position)
        if take == 0 { return .needMore }
        let full = keep(buffer[position..<(position + take)])
        position += take
        state = .fixed(remaining: remaining - take)
        if remaining == take || full { return done() }
      case .untilClose:
        let full = keep(buffer[position...])
        position = buffer.count
        return full ? done() : .needMore
      case .chunkSize:
        guard let line = nextLine(limit: 1024) else {
          return buffer.count - position > 1024
            ? .failed("a chunk size line is too long") : .needMore
        }
        switch chunkSize(line.bytes) {
        case .failure(let refusal): return .failed(refusal.reason)
        case .success(0): state = .trailers
        case .success(let size): state = .chunkData(remaining: size)
        }
      case .chunkData(let remaining):
        let take = min(remaining, buffer.count - position)
        if take == 0 { return .needMore }
        let full = keep(buffer[position..<(position + take)])
        position += take
        if full { return done() }
        state = remaining == take ? .chunkDataEnd : .chunkData(remaining: remaining - take)
      case .chunkDataEnd:
        guard let line = nextLine(limit: 2) else {
          return buffer.count - position >= 2
            ? .failed("a chunk is longer than its size says") : .needMore
        }
        guard line.bytes.isEmpty else { return .failed("a chunk is longer than its size says") }
        state = .chunkSize
      case .trailers:
        guard let line = nextLine(limit: headerLimit - headBytes) else {
          return headBytes + (buffer.count - position) > headerLimit
            ? .failed("the response trailers are larger than \(headerLimit) bytes") : .needMore
        }
        headBytes += line.consumed
        if line.bytes.isEmpty { return done() }
      }
    }
  }

  /// The next line without its CRLF (or bare LF), if a whole one of at most `limit` bytes is here.
  private mutating func nextLine(limit: Int) -> (bytes: ArraySlice<UInt8>, consumed: Int)? {
    let end = min(buffer.count, position + max(limit, 0))
    guard let newline = buffer[position..<end].firstIndex(of: 0x0A) else { return nil }
    var line = buffer[position..<newline]
    if line.last == 0x0D { line = line.dropLast() }
    let consumed = newline + 1 - position
    position = newline + 1
    return (line, consumed)
  }

  /// Appends what fits under the body limit; true once the limit is reached and more remains.
  private mutating func keep(_ bytes: ArraySlice<UInt8>) -> Bool {
    let room = bodyLimit - body.count
    body.append(contentsOf: bytes.prefix(room))
    return bytes.count >= room
  }

  /// One line of the head: the status line, a header, or the blank line that ends it.
  private mutating func takeHeadLine(_ line: ArraySlice<UInt8>) -> String? {
    if status == 0 { return takeStatusLine(line) }
    if line.isEmpty { return endOfHead() }
    if line.first == 0x20 || line.first == 0x09 { return "the response has a folded header line" }
    guard let colon = line.firstIndex(of: UInt8(ascii: ":")) else {
      return "the response has a header line without a colon"
    }
    let name = line[line.startIndex..<colon]
    guard !name.isEmpty, name.allSatisfy(HTTPByteClass.isToken) else {
      return "the response has a malformed header name"
    }
    let value = line[(colon + 1)...].drop { $0 == 0x20 || $0 == 0x09 }
    let trimmed = value.reversed().drop { $0 == 0x20 || $0 == 0x09 }.reversed()
    headers.append(
      (String(decoding: name, as: UTF8.self), String(decoding: trimmed, as: UTF8.self)))
    return nil
  }

  private mutating func takeStatusLine(_ line: ArraySlice<UInt8>) -> String? {
    let bytes = Array(line)
    let prefix = Array("HTTP/1.".utf8)
    guard bytes.count >= 12, bytes.starts(with: prefix), HTTPByteClass.isDigit(bytes[7]),
      bytes[8] == 0x20,
      bytes[9...11].allSatisfy(HTTPByteClass.isDigit), bytes.count == 12 || bytes[12] == 0x20
    else {
      let shown = String(decoding: bytes.prefix(40), as: UTF8.self)
      return "the server's answer is not an HTTP/1.x status line: \(quoted(shown))"
    }
    let code = bytes[9...11].reduce(0) { $0 * 10 + Int($1 - 48) }
    guard code >= 100 else { return "the status \(code) is not an HTTP status" }
    status = code
    return nil
  }

  /// Chooses how the body is framed once the blank line after the headers arrives.
  private mutating func endOfHead() -> String? {
    if status == 101 { return "the server switched protocols instead of answering" }
    if status < 200 {
      // An interim answer (100 Continue, 103 Early Hints): the real one follows.
      status = 0
      headers = []
      return nil
    }
    if isHeadRequest || status == 204 || status == 304 {
      state = .finished(done())
      return nil
    }
    let response = HTTPResponse(status: status, headers: headers)
    if let coding = response.header("Transfer-Encoding") {
      let last = coding.split(separator: ",").last?.trimmingSpaces.lowercased()
      state = last == "chunked" ? .chunkSize : .untilClose
      return nil
    }
    let lengths = headers.filter { $0.0.lowercased() == "content-length" }
      .flatMap { $0.1.split(separator: ",", omittingEmptySubsequences: false) }
      .map(\.trimmingSpaces)
    guard let first = lengths.first else {
      state = .untilClose
      return nil
    }
    guard lengths.allSatisfy({ $0 == first }), !first.isEmpty,
      first.utf8.allSatisfy(HTTPByteClass.isDigit)
    else {
      return "the response has a malformed Content-Length"
    }
    guard first.utf8.count <= 18, let length = Int(first) else {
      return "the response's Content-Length is too large"
    }
    expectedLength = length
    state = length == 0 ? .finished(done()) : .fixed(remaining: length)
    return nil
  }

  private func chunkSize(_ line: ArraySlice<UInt8>) -> Result<Int, Refusal> {
    let digits = line.prefix { HTTPByteClass.isHexDigit($0) }
    let rest = line[digits.endIndex...].drop { $0 == 0x20 || $0 == 0x09 }
    guard !digits.isEmpty, rest.isEmpty || rest.first == UInt8(ascii: ";") else {
      let shown = String(decoding: line.prefix(20), as: UTF8.self)
      return .failure(Refusal(reason: "a chunk size is not a hexadecimal number: \(quoted(shown))"))
    }
    guard digits.count <= 15, let size = Int(String(decoding: digits, as: UTF8.self), radix: 16)
    else { return .failure(Refusal(reason: "a chunk size is too large")) }
    return .success(size)
  }
}

/// Why bytes were refused.
private struct Refusal: Error, CustomStringConvertible {
  var reason: String
  var description: String { reason }
}

extension Substring {
  fileprivate var trimmingSpaces: String {
    String(drop { $0 == " " || $0 == "\t" }.reversed().drop { $0 == " " || $0 == "\t" }.reversed())
  }
}
