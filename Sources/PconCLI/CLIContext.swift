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
  /// Standard input, to be read in pieces.
  public var standardInput: @Sendable () -> any ByteSource
  public var stdinIsTerminal: Bool
  public var random: RandomSource
  /// The terminal's width in columns, when stdout is one.
  public var terminalWidth: Int?
  /// What the process was given that is not UTF-8: such arguments, environment variables and
  /// working directory are never used with their bytes replaced, only refused where needed.
  public var undecodable = Undecodable()

  public init(
    environment: [String: String], workingDirectory: String, stdout: TextSink, stderr: TextSink,
    readLine: @escaping @Sendable () -> String? = { nil },
    standardInput: @escaping @Sendable () -> any ByteSource = { MemorySource([]) },
    stdinIsTerminal: Bool = false, random: RandomSource = .system, terminalWidth: Int? = nil
  ) {
    self.terminalWidth = terminalWidth
    self.environment = environment
    self.workingDirectory = workingDirectory
    self.stdout = stdout
    self.stderr = stderr
    self.readLine = readLine
    self.standardInput = standardInput
    self.stdinIsTerminal = stdinIsTerminal
    self.random = random
  }

  /// The context of the running process.
  public static func live() -> CLIContext {
    var environment: [String: String] = [:]
    var undecodable = Undecodable()
    var entry = environ
    while let pointer = entry.pointee {
      let pair = String(cString: pointer)
      if let equals = pair.firstIndex(of: "=") {
        let name = String(pair[..<equals])
        // Kept with its bytes replaced, so a variable that is merely present (NO_COLOR) still
        // counts and a token or time is refused as malformed; paths are refused where read.
        environment[name] = String(pair[pair.index(after: equals)...])
        if String(validatingCString: pointer) == nil { undecodable.variables.insert(name) }
      }
      entry += 1
    }
    for n in 1..<Int(CommandLine.argc) {
      if let argument = CommandLine.unsafeArgv[n], String(validatingCString: argument) == nil {
        undecodable.arguments.append(n)
      }
    }
    // getcwd(nil, 0) allocates a buffer of the length the path needs.
    var cwd = environment["PWD"] ?? "/"
    if let pointer = getcwd(nil, 0) {
      if let path = String(validatingCString: pointer) {
        cwd = path
      } else {
        // Relative paths still reach the right place through the process's own directory.
        cwd = "."
        undecodable.workingDirectory = true
      }
      free(pointer)
    }
    var context = CLIContext(
      environment: environment, workingDirectory: cwd, stdout: TextSink(fd: 1),
      stderr: TextSink(fd: 2, writesThrough: true),
      readLine: { Swift.readLine(strippingNewline: true) },
      standardInput: { InputFile.standardInput() },
      stdinIsTerminal: isatty(0) == 1, terminalWidth: windowWidth())
    context.undecodable = undecodable
    return context
  }

  /// The state directory the command line names (`flag` is `--state-dir`); a location that
  /// would come from bytes that are not UTF-8 is a usage error, not a directory of another name.
  public func stateLocation(flag: String?) throws -> String {
    if flag == "" { throw UsageError("--state-dir is empty; name a directory", path: []) }
    return try StateStore.location(
      flag: flag,
      variable: { name in
        guard !undecodable.variables.contains(name) else {
          throw UsageError("\(name) is not valid UTF-8; pcon takes paths in UTF-8 only", path: [])
        }
        return environment[name]
      },
      workingDirectory: {
        guard !undecodable.workingDirectory else {
          throw UsageError(
            "the working directory's path is not valid UTF-8; give the state directory as an absolute path",
            path: [])
        }
        return workingDirectory
      })
  }

  private static func windowWidth() -> Int? {
    var size = winsize()
    guard isatty(1) == 1, ioctl(1, UInt(TIOCGWINSZ), &size) == 0, size.ws_col > 0 else {
      return nil
    }
    return Int(size.ws_col)
  }
}

/// The parts of a process's input whose bytes are not UTF-8.
public struct Undecodable: Sendable {
  /// Positions in argv (from 1) of arguments that are not UTF-8.
  public var arguments: [Int] = []
  /// Names of environment variables whose value is not UTF-8.
  public var variables: Set<String> = []
  /// Whether the working directory's path is not UTF-8.
  public var workingDirectory = false

  public init() {}
}
