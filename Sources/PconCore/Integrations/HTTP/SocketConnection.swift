import Foundation

#if canImport(Glibc)
  import Glibc
#endif

/// One TCP connection, non-blocking, every wait bounded by the exchange's deadline.
final class SocketConnection {
  private let descriptor: Int32

  private init(descriptor: Int32) { self.descriptor = descriptor }

  deinit { close(descriptor) }

  /// Resolves `host` and connects to the first of its addresses that answers.
  static func open(host: String, port: Int, deadline: Deadline) -> Result<
    SocketConnection, HTTPFailure
  > {
    let addresses: [Address]
    switch resolve(host: host, port: port, deadline: deadline) {
    case .success(let found): addresses = found
    case .failure(let failure): return .failure(failure)
    }
    var lastError = "no address"
    for address in addresses {
      if deadline.hasPassed { break }
      switch connect(to: address, deadline: deadline) {
      case .success(let connection): return .success(connection)
      case .failure(let failure) where failure.kind == .timeout: return .failure(failure)
      case .failure(let failure): lastError = failure.message
      }
    }
    if deadline.hasPassed {
      return .failure(
        HTTPFailure(
          .timeout, "timed out after \(deadline.limit) connecting to \(host) port \(port)"))
    }
    return .failure(
      HTTPFailure(.connect, "could not connect to \(host) port \(port): \(lastError)"))
  }

  /// Sends all of `bytes`.
  func write(_ bytes: [UInt8], deadline: Deadline) -> HTTPFailure? {
    var sent = 0
    while sent < bytes.count {
      if let failure = wait(for: Int16(POLLOUT), deadline: deadline, doing: "sending the request") {
        return failure
      }
      let count = bytes[sent...].withUnsafeBytes {
        send(descriptor, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL))
      }
      if count < 0 {
        if errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR { continue }
        return HTTPFailure(
          .connect, "the connection broke while sending the request: \(errorText(errno))")
      }
      sent += count
    }
    return nil
  }

  /// Reads what has arrived into `buffer`: the count, 0 at the end of the stream.
  func read(into buffer: inout [UInt8], deadline: Deadline) -> Result<Int, HTTPFailure> {
    while true {
      if let failure = wait(
        for: Int16(POLLIN), deadline: deadline, doing: "waiting for the response")
      {
        return .failure(failure)
      }
      let count = buffer.withUnsafeMutableBytes { recv(descriptor, $0.baseAddress, $0.count, 0) }
      if count >= 0 { return .success(count) }
      if errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR { continue }
      return .failure(
        HTTPFailure(
          .connect, "the connection broke while reading the response: \(errorText(errno))"))
    }
  }

  private func wait(for events: Int16, deadline: Deadline, doing what: String) -> HTTPFailure? {
    SocketConnection.poll(descriptor, events, deadline: deadline, doing: what)
  }

  private static func poll(
    _ descriptor: Int32, _ events: Int16, deadline: Deadline, doing what: String
  )
    -> HTTPFailure?
  {
    while true {
      let left = deadline.remainingMilliseconds
      var entry = pollfd(fd: descriptor, events: events, revents: 0)
      let ready = left > 0 ? Glibc.poll(&entry, 1, left) : 0
      if ready > 0 { return nil }
      if ready < 0 && errno == EINTR { continue }
      if ready == 0 && !deadline.hasPassed { continue }
      if ready == 0 { return HTTPFailure(.timeout, "timed out after \(deadline.limit) \(what)") }
      return HTTPFailure(.connect, "could not wait on the connection: \(errorText(errno))")
    }
  }

  private static func connect(to address: Address, deadline: Deadline) -> Result<
    SocketConnection, HTTPFailure
  > {
    let descriptor = socket(
      address.family,
      Int32(SOCK_STREAM.rawValue) | Int32(SOCK_NONBLOCK.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
    guard descriptor >= 0 else {
      return .failure(HTTPFailure(.connect, "could not open a socket: \(errorText(errno))"))
    }
    let connection = SocketConnection(descriptor: descriptor)
    let started = address.bytes.withUnsafeBytes {
      Glibc.connect(
        descriptor, $0.baseAddress?.assumingMemoryBound(to: sockaddr.self), socklen_t($0.count))
    }
    if started != 0 && errno != EINPROGRESS {
      return .failure(HTTPFailure(.connect, errorText(errno)))
    }
    if started != 0 {
      if let failure = poll(
        descriptor, Int16(POLLOUT), deadline: deadline, doing: "connecting to the server")
      {
        return .failure(failure)
      }
      var error: Int32 = 0
      var length = socklen_t(MemoryLayout<Int32>.size)
      getsockopt(descriptor, SOL_SOCKET, SO_ERROR, &error, &length)
      if error != 0 { return .failure(HTTPFailure(.connect, errorText(error))) }
    }
    return .success(connection)
  }

  /// A socket address as getaddrinfo gave it.
  private struct Address: Sendable {
    var family: Int32
    var bytes: [UInt8]
  }

  /// getaddrinfo cannot be given a timeout, so it runs on a thread of its own and the exchange
  /// stops waiting for it at the deadline.
  private static func resolve(host: String, port: Int, deadline: Deadline) -> Result<
    [Address], HTTPFailure
  > {
    let lookup = Lookup()
    let thread = Thread {
      lookup.finish(with: getAddresses(host: host, port: port))
    }
    thread.stackSize = 256 * 1024
    thread.start()
    let waited = lookup.done.wait(
      timeout: .now() + .milliseconds(Int(deadline.remainingMilliseconds)))
    guard waited == .success, let result = lookup.result else {
      return .failure(HTTPFailure(.timeout, "timed out after \(deadline.limit) looking up \(host)"))
    }
    return result
  }

  private static func getAddresses(host: String, port: Int) -> Result<[Address], HTTPFailure> {
    var hints = addrinfo()
    hints.ai_family = AF_UNSPEC
    hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
    hints.ai_flags = AI_NUMERICSERV
    var list: UnsafeMutablePointer<addrinfo>?
    let status = getaddrinfo(host, String(port), &hints, &list)
    guard status == 0, let first = list else {
      let reason = status == EAI_SYSTEM ? errorText(errno) : String(cString: gai_strerror(status))
      return .failure(HTTPFailure(.dns, "could not resolve \(host): \(reason)"))
    }
    defer { freeaddrinfo(first) }
    var addresses: [Address] = []
    var entry: UnsafeMutablePointer<addrinfo>? = first
    while let current = entry {
      if let address = current.pointee.ai_addr {
        let bytes = UnsafeRawBufferPointer(start: address, count: Int(current.pointee.ai_addrlen))
        addresses.append(Address(family: current.pointee.ai_family, bytes: Array(bytes)))
      }
      entry = current.pointee.ai_next
    }
    return addresses.isEmpty
      ? .failure(HTTPFailure(.dns, "\(host) has no address")) : .success(addresses)
  }

  /// A lookup's result, handed from its thread to the waiting one.
  private final class Lookup: @unchecked Sendable {
    let done = DispatchSemaphore(value: 0)
    private let lock = NSLock()
    private var stored: Result<[Address], HTTPFailure>?

    var result: Result<[Address], HTTPFailure>? { lock.withLock { stored } }

    func finish(with result: Result<[Address], HTTPFailure>) {
      lock.withLock { stored = result }
      done.signal()
    }
  }
}

private func errorText(_ code: Int32) -> String { String(cString: strerror(code)) }
