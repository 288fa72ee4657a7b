import Foundation

#if canImport(Glibc)
  import Glibc
#endif

/// An HTTPS server on 127.0.0.1 with a self-signed certificate made for it, for tests of
/// certificate checking. It is Python's `http.server` behind `ssl`, with a certificate from
/// `openssl`; `stop` (or the end of its life) ends the process and removes its files.
public final class LocalTLSServer: @unchecked Sendable {
  /// Why the server could not start.
  public struct StartError: Error, CustomStringConvertible {
    public var description: String
  }

  /// The port the system chose.
  public let port: Int
  private let directory: URL
  private let process: Process

  /// Whether the tools it needs, `openssl` and `python3`, are installed.
  public static var toolsAvailable: Bool { tool("openssl") != nil && tool("python3") != nil }

  /// Makes a certificate for 127.0.0.1 in a temporary directory and starts serving. Every
  /// request is answered 200 with a body naming its method, path, body and `X-Hook` header, and
  /// an `X-Header-Names` header listing the names of the headers it came with.
  public init() throws {
    guard let openssl = Self.tool("openssl"), let python = Self.tool("python3") else {
      throw StartError(description: "openssl and python3 are needed; .ci/run installs them")
    }
    directory = FileManager.default.temporaryDirectory.appendingPathComponent(
      "pcon-tls-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    do {
      try Self.run(
        openssl,
        [
          "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-subj", "/CN=127.0.0.1",
          "-addext", "subjectAltName=IP:127.0.0.1", "-keyout", "key.pem", "-out", "cert.pem",
        ], in: directory)
      try Self.script.write(
        to: directory.appendingPathComponent("serve.py"), atomically: true, encoding: .utf8)
      process = Process()
      process.executableURL = URL(fileURLWithPath: python)
      process.arguments = ["serve.py"]
      process.currentDirectoryURL = directory
      let output = Pipe()
      process.standardOutput = output
      // The server ends when this pipe closes, so even a crashed test leaves no process behind.
      process.standardInput = Pipe()
      process.standardError = FileHandle.nullDevice
      try process.run()
      // The script prints its port once it listens; an empty read means it died first.
      let line = String(decoding: output.fileHandleForReading.availableData, as: UTF8.self)
      guard let port = Int(line.trimmingCharacters(in: .whitespacesAndNewlines)) else {
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
        throw StartError(description: "the TLS server did not start: \(line)")
      }
      self.port = port
    } catch {
      try? FileManager.default.removeItem(at: directory)
      throw error
    }
  }

  deinit { stop() }

  /// `https://127.0.0.1:PORT`, to which a path is appended.
  public var baseURL: String { "https://127.0.0.1:\(port)" }

  /// Ends the server process and removes its certificate and script.
  public func stop() {
    if process.isRunning {
      // SIGKILL, because a child inherits the test thread's signal mask, which may block SIGTERM.
      kill(process.processIdentifier, SIGKILL)
      process.waitUntilExit()
    }
    try? FileManager.default.removeItem(at: directory)
  }

  private static func tool(_ name: String) -> String? {
    let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
    return (["/usr/bin/\(name)"] + path.split(separator: ":").map { "\($0)/\(name)" })
      .first { FileManager.default.isExecutableFile(atPath: $0) }
  }

  private static func run(_ executable: String, _ arguments: [String], in directory: URL) throws {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: executable)
    process.arguments = arguments
    process.currentDirectoryURL = directory
    process.standardOutput = FileHandle.nullDevice
    process.standardError = FileHandle.nullDevice
    try process.run()
    process.waitUntilExit()
    guard process.terminationStatus == 0 else {
      throw StartError(description: "\(executable) \(arguments[0]) failed")
    }
  }

  private static let script = """
    import http.server, os, ssl, sys, threading

    class Handler(http.server.BaseHTTPRequestHandler):
        def answer(self):
            length = int(self.headers.get("Content-Length") or 0)
            body = self.rfile.read(length).decode()
            hook = self.headers.get("X-Hook", "")
            reply = f"{self.command} {self.path} {body} {hook}".encode()
            self.send_response(200)
            self.send_header("X-Served-By", "tls")
            self.send_header("X-Header-Names", ",".join(self.headers.keys()))
            self.send_header("Content-Length", str(len(reply)))
            self.end_headers()
            self.wfile.write(reply)

        do_GET = do_POST = do_PUT = answer

        def log_message(self, *args):
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain("cert.pem", "key.pem")
    server.socket = context.wrap_socket(server.socket, server_side=True)
    threading.Thread(target=lambda: (sys.stdin.read(), os._exit(0)), daemon=True).start()
    print(server.server_address[1], flush=True)
    server.serve_forever()

    """
}
