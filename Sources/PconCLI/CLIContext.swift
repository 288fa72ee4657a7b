import Glibc
import PconCore

/// Everything a run of pcon takes from the world, passed in so tests can supply their own.
public struct CLIContext: Sendable {
  public var environment: [String: String]
  public var workingDirectory: String
  public var stdout: TextSink
  public var stderr: TextSink
  /// Reads one line from standard input (for confirmations), or nil at end of input.
  public var readLine: @Sendable () -> String?
  /// Reads all of standard input as bytes.
  public var readStandardInput: @Sendable () -> [UInt8]
  public var stdinIsTerminal: Bool
  public var random: RandomSource
  /// The terminal's width in columns, when stdout is one.
  public var terminalWidth: Int?

  public init(
    environment: [String: String], workingDirectory: String, stdout: TextSink, stderr: TextSink,
    readLine: @escaping @Sendable () -> String? = { nil },
    readStandardInput: @escaping @Sendable () -> [UInt8] = { [] },
    stdinIsTerminal: Bool = false, random: RandomSource = .system, terminalWidth: Int? = nil
  ) {
    self.terminalWidth = terminalWidth
    self.environment = environment
    self.workingDirectory = workingDirectory
    self.stdout = stdout
    self.stderr = stderr
    self.readLine = readLine
    self.readStandardInput = readStandardInput
    self.stdinIsTerminal = stdinIsTerminal
    self.random = random
  }

  /// The context of the running process.
  public static func live() -> CLIContext {
    var environment: [String: String] = [:]
    var entry = environ
    while let pointer = entry.pointee {
      let pair = String(cString: pointer)
      if let equals = pair.firstIndex(of: "=") {
        environment[String(pair[..<equals])] = String(pair[pair.index(after: equals)...])
      }
      entry += 1
    }
    var buffer = [CChar](repeating: 0, count: Int(PATH_MAX) + 1)
    let cwd =
      getcwd(&buffer, buffer.count) != nil
      ? String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
      : (environment["PWD"] ?? "/")
    return CLIContext(
      environment: environment, workingDirectory: cwd, stdout: TextSink(fd: 1),
      stderr: TextSink(fd: 2, writesThrough: true),
      readLine: { Swift.readLine(strippingNewline: true) },
      readStandardInput: {
        var data: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 1 << 16)
        while true {
          let n = chunk.withUnsafeMutableBytes { read(0, $0.baseAddress, $0.count) }
          if n < 0 && errno == EINTR { continue }
          if n <= 0 { break }
          data.append(contentsOf: chunk[0..<n])
        }
        return data
      },
      stdinIsTerminal: isatty(0) == 1, terminalWidth: windowWidth())
  }

  private static func windowWidth() -> Int? {
    var size = winsize()
    guard isatty(1) == 1, ioctl(1, UInt(TIOCGWINSZ), &size) == 0, size.ws_col > 0 else {
      return nil
    }
    return Int(size.ws_col)
  }
}
