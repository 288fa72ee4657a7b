import Glibc
import PconCore

/// A one-request HTTP server on the demo webhook's local port, so the tour can show
/// `integration test` reaching a real server: it answers the first request with 200 and a small
/// JSON body, then closes. Nothing else in pcon listens on a port.
final class DemoReceiver: @unchecked Sendable {
  private let socket: Int32
  private var thread: pthread_t?

  /// Listens on 127.0.0.1:`port`, or nil when the port is taken (something else answers there).
  init?(port: Int) {
    let fd = Glibc.socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
    guard fd >= 0 else { return nil }
    var yes: Int32 = 1
    setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &yes, socklen_t(MemoryLayout<Int32>.size))
    var address = sockaddr_in()
    address.sin_family = sa_family_t(AF_INET)
    address.sin_port = in_port_t(UInt16(port).bigEndian)
    address.sin_addr.s_addr = inet_addr("127.0.0.1")
    let bound = withUnsafePointer(to: &address) {
      $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
        bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
      }
    }
    guard bound == 0, listen(fd, 1) == 0 else {
      close(fd)
      return nil
    }
    socket = fd
  }

  /// Starts answering, on a thread of its own.
  func start() {
    let box = Unmanaged.passRetained(self)
    var handle = pthread_t()
    let started = pthread_create(
      &handle, nil,
      { raw in
        guard let raw else { return nil }
        let receiver = Unmanaged<DemoReceiver>.fromOpaque(raw).takeRetainedValue()
        receiver.answerOne()
        return nil
      }, box.toOpaque())
    if started == 0 { thread = handle } else { box.release() }
  }

  /// Waits for the answer to be sent (or gives up on a request that never came) and closes.
  func stop() {
    shutdown(socket, Int32(SHUT_RDWR))
    if let thread { pthread_join(thread, nil) }
    close(socket)
  }

  private func answerOne() {
    let client = accept(socket, nil, nil)
    guard client >= 0 else { return }
    defer { close(client) }
    var timeout = timeval(tv_sec: 5, tv_usec: 0)
    setsockopt(client, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
    // Read the head and as much body as it announces (the demo's is small), then answer.
    var received: [UInt8] = []
    var buffer = [UInt8](repeating: 0, count: 4096)
    while received.count < 65_536 {
      let n = buffer.withUnsafeMutableBytes { recv(client, $0.baseAddress, $0.count, 0) }
      guard n > 0 else { break }
      received += buffer[0..<n]
      if let head = Self.headEnd(received), received.count >= head + Self.contentLength(received) {
        break
      }
    }
    let body = #"{"received":true}"#
    let answer =
      "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: \(body.utf8.count)\r\nConnection: close\r\n\r\n\(body)"
    _ = Array(answer.utf8).withUnsafeBytes { send(client, $0.baseAddress, $0.count, 0) }
  }

  private static func headEnd(_ bytes: [UInt8]) -> Int? {
    guard bytes.count >= 4 else { return nil }
    for index in 0...(bytes.count - 4)
    where bytes[index] == 13 && bytes[index + 1] == 10 && bytes[index + 2] == 13
      && bytes[index + 3] == 10
    {
      return index + 4
    }
    return nil
  }

  private static func contentLength(_ bytes: [UInt8]) -> Int {
    let head = String(decoding: bytes.prefix(headEnd(bytes) ?? 0), as: UTF8.self).lowercased()
    guard let line = head.split(separator: "\r\n").first(where: { $0.hasPrefix("content-length:") })
    else { return 0 }
    return Int(line.dropFirst(15).trimmingCharacters(in: " ")) ?? 0
  }
}

extension StringProtocol {
  fileprivate func trimmingCharacters(in set: Character) -> Substring {
    var text = Substring(self)
    while text.first == set { text = text.dropFirst() }
    while text.last == set { text = text.dropLast() }
    return text
  }
}
