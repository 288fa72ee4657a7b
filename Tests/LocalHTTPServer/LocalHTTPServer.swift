import Foundation

#if canImport(Glibc)
  import Glibc
#endif

/// A real HTTP/1.1 server on the loopback interface for tests: it records every request and
/// answers from a script. Each connection gets one answer and is closed; `stop` (or the end of
/// the server's life) closes everything and waits for its threads.
public final class LocalHTTPServer: @unchecked Sendable {
  /// Why the server could not start.
  public struct StartError: Error, CustomStringConvertible {
    public var description: String
  }

  /// The port the system chose.
  public let port: Int
  /// The loopback address listened on: `127.0.0.1` or `::1`.
  public let address: String

  private let listener: Int32
  private let wakeRead: Int32
  private let wakeWrite: Int32
  private let threads = DispatchGroup()
  private let state = NSCondition()
  private var recorded: [RecordedRequest] = []
  private var queued: [ScriptedReply] = []
  private var fallback: @Sendable (RecordedRequest) -> ScriptedReply
  private var stopped = false

  /// Starts listening on a free port of `127.0.0.1` (or `::1` with `ipv6`); requests beyond
  /// those queued with `enqueue` are answered by `reply`.
  public init(
    ipv6: Bool = false,
    reply: @escaping @Sendable (RecordedRequest) -> ScriptedReply = { _ in ScriptedReply() }
  ) throws {
    fallback = reply
    address = ipv6 ? "::1" : "127.0.0.1"
    let family = ipv6 ? AF_INET6 : AF_INET
    let descriptor = socket(family, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
    guard descriptor >= 0 else { throw StartError(description: "socket: \(errorText())") }
    var yes: Int32 = 1
    setsockopt(descriptor, SOL_SOCKET, SO_REUSEADDR, &yes, socklen_t(MemoryLayout<Int32>.size))
    var storage = sockaddr_storage()
    var length: socklen_t
    if ipv6 {
      length = socklen_t(MemoryLayout<sockaddr_in6>.size)
      withUnsafeMutablePointer(to: &storage) {
        $0.withMemoryRebound(to: sockaddr_in6.self, capacity: 1) {
          $0.pointee.sin6_family = sa_family_t(AF_INET6)
          $0.pointee.sin6_addr = in6addr_loopback
        }
      }
    } else {
      length = socklen_t(MemoryLayout<sockaddr_in>.size)
      withUnsafeMutablePointer(to: &storage) {
        $0.withMemoryRebound(to: sockaddr_in.self, capacity: 1) {
          $0.pointee.sin_family = sa_family_t(AF_INET)
          $0.pointee.sin_addr.s_addr = inet_addr("127.0.0.1")
        }
      }
    }
    let bound = withUnsafePointer(to: &storage) {
      $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(descriptor, $0, length) }
    }
    guard bound == 0, listen(descriptor, 64) == 0 else {
      let reason = errorText()
      close(descriptor)
      throw StartError(description: "cannot listen on \(address): \(reason)")
    }
    _ = withUnsafeMutablePointer(to: &storage) {
      $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
        getsockname(descriptor, $0, &length)
      }
    }
    // sin_port and sin6_port both follow the two-byte family.
    port = withUnsafeBytes(of: &storage) {
      Int(UInt16(bigEndian: $0.load(fromByteOffset: 2, as: UInt16.self)))
    }
    var pipeEnds: [Int32] = [0, 0]
    guard pipe(&pipeEnds) == 0 else {
      close(descriptor)
      throw StartError(description: "pipe: \(errorText())")
    }
    listener = descriptor
    wakeRead = pipeEnds[0]
    wakeWrite = pipeEnds[1]
    threads.enter()
    Thread { [self] in
      acceptLoop()
      threads.leave()
    }.start()
  }

  deinit { stop() }

  /// Whether this machine has an IPv6 loopback to listen on.
  public static var ipv6Available: Bool {
    let descriptor = socket(AF_INET6, Int32(SOCK_STREAM.rawValue), 0)
    guard descriptor >= 0 else { return false }
    defer { close(descriptor) }
    var address = sockaddr_in6()
    address.sin6_family = sa_family_t(AF_INET6)
    address.sin6_addr = in6addr_loopback
    return withUnsafePointer(to: &address) {
      $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
        bind(descriptor, $0, socklen_t(MemoryLayout<sockaddr_in6>.size)) == 0
      }
    }
  }

  /// `http://127.0.0.1:PORT` (or `http://[::1]:PORT`), to which a path is appended.
  public var baseURL: String {
    address.contains(":") ? "http://[\(address)]:\(port)" : "http://\(address):\(port)"
  }

  /// Answers the next requests with `replies`, in order, before falling back to the script.
  public func enqueue(_ replies: ScriptedReply...) {
    state.withLock { queued += replies }
  }

  /// Every request received so far, in order of arrival.
  public var requests: [RecordedRequest] { state.withLock { recorded } }

  /// Waits until `count` requests have arrived, at most `timeout` seconds; returns them.
  @discardableResult
  public func waitForRequests(_ count: Int, timeout: Double = 10) -> [RecordedRequest] {
    let until = Date(timeIntervalSinceNow: timeout)
    state.lock()
    defer { state.unlock() }
    while recorded.count < count && state.wait(until: until) {}
    return recorded
  }

  /// Stops listening, cuts every open connection and scripted delay short, and waits for the
  /// server's threads; calling it again does nothing.
  public func stop() {
    let first = state.withLock {
      defer { stopped = true }
      return !stopped
    }
    guard first else { return }
    var byte: UInt8 = 1
    _ = write(wakeWrite, &byte, 1)
    threads.wait()
    close(listener)
    close(wakeRead)
    close(wakeWrite)
  }

  private func acceptLoop() {
    while true {
      var entries = [
        pollfd(fd: listener, events: Int16(POLLIN), revents: 0),
        pollfd(fd: wakeRead, events: Int16(POLLIN), revents: 0),
      ]
      let ready = poll(&entries, 2, -1)
      if ready < 0 && errno == EINTR { continue }
      if ready < 0 || entries[1].revents != 0 { return }
      let connection = accept(listener, nil, nil)
      guard connection >= 0 else { continue }
      threads.enter()
      Thread { [self] in
        serve(connection)
        close(connection)
        threads.leave()
      }.start()
    }
  }

  private func serve(_ connection: Int32) {
    guard let request = readRequest(connection) else { return }
    let reply = state.withLock {
      recorded.append(request)
      state.broadcast()
      return queued.isEmpty ? fallback(request) : queued.removeFirst()
    }
    guard pause(reply.delay) else { return }
    let bytes = reply.wireBytes
    if reply.byteInterval > 0 {
      for byte in bytes {
        guard send(connection, [byte]), pause(reply.byteInterval) else { return }
      }
    } else {
      _ = send(connection, bytes)
    }
    shutdown(connection, Int32(SHUT_WR))
  }

  /// Waits `seconds` unless the server stops first; false when it stopped.
  private func pause(_ seconds: Double) -> Bool {
    guard seconds > 0 else { return true }
    var entry = pollfd(fd: wakeRead, events: Int16(POLLIN), revents: 0)
    return poll(&entry, 1, Int32(seconds * 1000)) == 0
  }

  /// Waits for `descriptor` to be readable unless the server stops first.
  private func readable(_ descriptor: Int32) -> Bool {
    var entries = [
      pollfd(fd: descriptor, events: Int16(POLLIN), revents: 0),
      pollfd(fd: wakeRead, events: Int16(POLLIN), revents: 0),
    ]
    while true {
      let ready = poll(&entries, 2, -1)
      if ready < 0 && errno == EINTR { continue }
      return ready > 0 && entries[1].revents == 0
    }
  }

  private func send(_ connection: Int32, _ bytes: [UInt8]) -> Bool {
    var sent = 0
    while sent < bytes.count {
      let count = bytes[sent...].withUnsafeBytes {
        Glibc.send(connection, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL))
      }
      if count < 0 && errno == EINTR { continue }
      if count <= 0 { return false }
      sent += count
    }
    return true
  }

  /// Reads one request: the head up to its blank line, then a Content-Length body.
  private func readRequest(_ connection: Int32) -> RecordedRequest? {
    var bytes: [UInt8] = []
    var buffer = [UInt8](repeating: 0, count: 65_536)
    func fill() -> Bool {
      guard readable(connection) else { return false }
      let count = buffer.withUnsafeMutableBytes { recv(connection, $0.baseAddress, $0.count, 0) }
      guard count > 0 else { return false }
      bytes += buffer[..<count]
      return true
    }
    var headEnd: Int?
    while headEnd == nil {
      guard bytes.count < 1 << 20, fill() else { return nil }
      headEnd = Self.endOfHead(in: bytes)
    }
    guard let headEnd else { return nil }
    let lines = String(decoding: bytes[..<headEnd], as: UTF8.self)
      .components(separatedBy: "\r\n").filter { !$0.isEmpty }
    let requestLine = lines.first?.split(separator: " ", omittingEmptySubsequences: false) ?? []
    guard requestLine.count == 3 else { return nil }
    let headers = lines.dropFirst().map { line -> (String, String) in
      let parts = line.split(separator: ":", maxSplits: 1, omittingEmptySubsequences: false)
      let value = parts.count > 1 ? parts[1].trimmingCharacters(in: .whitespaces) : ""
      return (String(parts[0]), value)
    }
    let length =
      headers.first { $0.0.lowercased() == "content-length" }.flatMap { Int($0.1) } ?? 0
    let bodyStart = headEnd + 4
    while bytes.count - bodyStart < length {
      guard fill() else { return nil }
    }
    return RecordedRequest(
      method: String(requestLine[0]), target: String(requestLine[1]), headers: headers,
      body: Array(bytes[bodyStart..<(bodyStart + length)]))
  }

  private static func endOfHead(in bytes: [UInt8]) -> Int? {
    guard bytes.count >= 4 else { return nil }
    for index in 0...(bytes.count - 4)
    where bytes[index] == 13 && bytes[index + 1] == 10 && bytes[index + 2] == 13
      && bytes[index + 3] == 10
    {
      return index
    }
    return nil
  }
}

private func errorText() -> String { String(cString: strerror(errno)) }
