import Glibc
import PconCore

/// The entry point: runs one command line and answers its exit status.
public enum Pcon {
  /// The version `pcon --version` prints.
  public static let version = "0.1.0"

  /// Parses and runs `arguments` (argv without the program name) in `context`.
  public static func run(_ arguments: [String], context: CLIContext) -> Int32 {
    let root = CommandTable.root
    var status = run(arguments, context: context, root: root)
    context.stdout.flush()
    // Output that never arrived (a full disk) is a failure, whatever the command did.
    if let failure = context.stdout.failure {
      context.stderr.write(
        "error: cannot write standard output: \(String(cString: strerror(failure)))\n")
      if status == .success { status = .refused }
    }
    context.stderr.flush()
    return status.rawValue
  }

  static func run(_ arguments: [String], context: CLIContext, root: Command) -> ExitStatus {
    let options = arguments.prefix { $0 != "--" }
    let stderrColour = ColourPolicy(
      noColorFlag: options.contains("--no-color"), environment: context.environment
    ).colours(context.stderr)
    let wantsJSON = options.contains("--json")
    if arguments.isEmpty {
      context.stdout.write(HelpText.full(root, path: []))
      return .success
    }
    var invocation: Invocation?
    do {
      // A word whose bytes were replaced would name another file, device or value.
      if let position = context.undecodable.arguments.first {
        throw UsageError(
          "argument \(position) is not valid UTF-8; pcon takes names, values and paths in UTF-8 only",
          path: [])
      }
      let line = try Parser(root: root).parse(arguments)
      if line.wantsHelp {
        context.stdout.write(HelpText.full(line.command, path: line.path))
        return .success
      }
      if line.wantsVersion {
        context.stdout.write("pcon \(version)\n")
        return .success
      }
      guard let action = line.command.action else { return .usage }
      let run = Invocation(line: line, context: context, root: root)
      invocation = run
      try action(run)
      return .success
    } catch let error as CommandFailed {
      return error.status
    } catch {
      let suggestion = (error as? PconError).flatMap { error in
        invocation.flatMap { Suggestion.fromState(for: error, in: $0) }
      }
      // Once the line is parsed it says whether --json asked for JSON (a command may take
      // --json as a value of its own, as `integration create` does for its body template).
      return ErrorReport.report(
        error, json: invocation?.wantsJSON ?? wantsJSON, root: root, suggestion: suggestion,
        to: context.stderr,
        colour: stderrColour)
    }
  }
}

/// A command that has already reported its own failure and only needs an exit status
/// (for example `pcon doctor` after listing problems).
struct CommandFailed: Error {
  let status: ExitStatus
}
