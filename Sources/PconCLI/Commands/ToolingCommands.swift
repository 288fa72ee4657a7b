import PconCore

/// `help`, `version`, `doctor`, `completion`, `man` and the hidden `__complete`.
enum ToolingCommands {
  static let help = Command(
    "help", summary: "Show help for pcon or one of its commands",
    arguments: [
      Argument(
        "COMMAND", "a command path, e.g. 'device list'", optional: true, variadic: true,
        completion: .commands)
    ],
    permission: .open,
    action: { run in
      let (command, path) = try resolve(
        run.line.arguments["COMMAND"] ?? [], in: run.root, for: "help")
      run.print(HelpText.full(command, path: path))
    })

  /// The command a path of words names (`device claim`), as `help` and `man` read it.
  private static func resolve(_ words: [String], in root: Command, for asker: String)
    throws(UsageError) -> (Command, [String])
  {
    var command = root
    var resolved: [String] = []
    for word in words {
      guard let next = command.subcommand(word), !next.isHidden else {
        throw UsageError(
          "no \(asker) for '\(commandName(resolved + [word]))': no such command", path: resolved,
          suggestion: Suggestion.closest(to: word, among: command.visibleSubcommands.map(\.name))
            .map { commandName(resolved + [$0]) })
      }
      command = next
      resolved.append(next.name)
    }
    return (command, resolved)
  }

  static let version = Command(
    "version", summary: "Print pcon's version and state format",
    permission: .open,
    action: { run in
      if run.wantsJSON {
        return run.emit(
          .object([
            ("version", .string(Pcon.version)), ("format_version", .int(StateStore.formatVersion)),
          ]))
      }
      run.print("pcon \(Pcon.version) (state format \(StateStore.formatVersion))\n")
    })

  static let doctor = Command(
    "doctor", summary: "Check the whole state directory and list every problem",
    discussion:
      "Reads every state file and checks that it parses, that indexes agree with the devices, that every reference resolves, and that modes are 0700/0600. Exits 5 when it finds any problem.",
    permission: .open,
    action: { run in
      let store = try run.store()
      let problems = try Doctor.check(store)
      if run.wantsJSON {
        run.emit(
          .object([
            ("state_dir", .string(store.root)),
            (
              "problems",
              .array(
                problems.map {
                  .object([("file", .string($0.subject)), ("message", .string($0.message))])
                })
            ),
          ]))
      } else if problems.isEmpty {
        run.print("no problems found in \(store.root)\n")
      } else {
        run.emit(NoticeView.table(problems, subject: "FILE", message: "PROBLEM"))
        run.notice(
          "\(problems.count) problem\(problems.count == 1 ? "" : "s") found in \(store.root)")
      }
      if !problems.isEmpty { throw CommandFailed(status: .state) }
    })

  static let completion = Command(
    "completion", summary: "Print a shell completion script",
    discussion:
      "Candidates come from 'pcon __complete', so completion always matches this pcon and the devices in the state directory.",
    arguments: [Argument("SHELL", "the shell", allowed: CompletionScript.shells)],
    examples: [Example("source <(pcon completion bash)", "complete pcon in the current bash")],
    permission: .open,
    action: { run in run.print(CompletionScript.script(for: run.argument("SHELL")) ?? "") })

  static let man = Command(
    "man", summary: "Show, print or write the man pages",
    discussion:
      "Without --output, shows the page for COMMAND (or pcon(1)): on a terminal rendered through 'man -l' when man is installed, else as roff on stdout. A subcommand path such as 'device claim' opens its command's page. With --output, writes pcon.1 and one page per command into DIR.",
    arguments: [
      Argument(
        "COMMAND", "a command path, e.g. 'device claim'", optional: true, variadic: true,
        completion: .commands)
    ],
    options: [Option("output", value: "DIR", "write every page into DIR", completion: .directory)],
    examples: [
      Example("pcon man device claim", "read about claiming devices"),
      Example("pcon man --output /usr/local/share/man/man1", "install the man pages"),
    ],
    permission: .open,
    action: { run in
      if let directory = run.line.value("output") {
        let base =
          directory.hasPrefix("/") ? directory : run.context.workingDirectory + "/" + directory
        for page in ManPage.all(root: run.root) {
          try FileOutput.write(page.text, to: base + "/" + page.name)
        }
        return run.notice("wrote \(ManPage.all(root: run.root).count) pages to \(directory)")
      }
      let (_, path) = try resolve(
        run.line.arguments["COMMAND"] ?? [], in: run.root, for: "man page")
      // Every top-level command has one page; its subcommands are sections of it.
      guard let text = ManPage.page(named: path.first, root: run.root) else {
        throw UsageError("no man page for '\(commandName(path))'", path: run.line.path)
      }
      if run.context.stdout.isTerminal, ManReader.show(text, context: run.context) { return }
      run.print(text)
    })

  static let complete = Command(
    "__complete", summary: "Print completion candidates for a partial command line",
    arguments: [
      Argument(
        "WORDS", "the words after 'pcon', the last being completed", optional: true, variadic: true)
    ],
    options: [Option("describe", "follow each command and option with a tab and its summary")],
    isHidden: true,
    permission: .open,
    action: { run in
      let words = run.line.arguments["WORDS"] ?? [""]
      if let (store, identity) = Completer.session(words: words, context: run.context) {
        try Invocation.requireKnownToken(identity, in: store)
      }
      let candidates = Completer.complete(
        words, root: run.root, describe: run.line.flag("describe")
      ) { kind, words in
        // A value another principal stored with control or invisible characters could drive
        // the terminal through the shell's completion list; it is left out (it cannot be typed
        // anyway). Summaries after a tab come from the command table, not from the state.
        Completer.stateValues(kind, words: words, context: run.context).filter {
          !$0.unicodeScalars.contains { DisplayName.isControl($0) || DisplayName.isInvisible($0) }
        }
      }
      run.print(candidates.map { $0 + "\n" }.joined())
    })
}
