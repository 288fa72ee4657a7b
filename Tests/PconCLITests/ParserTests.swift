import PconCore
import Testing

@testable import PconCLI

/// A small table that exercises every parsing rule.
private let table = Command(
  "tool", summary: "test table",
  subcommands: [
    Command(
      "run", aliases: ["r"], summary: "run",
      arguments: [
        Argument("NAME", "a name"), Argument("FILES", "files", optional: true, variadic: true),
      ],
      options: [
        Option("count", short: "n", value: "N", "how many"),
        Option("force", short: "f", "force"),
        Option("verbose", short: "v", "talk", negatable: true),
        Option("tag", short: "t", value: "T", "tags", repeatable: true),
        Option("mode", value: "M", "mode", allowed: ["fast", "slow"]),
      ],
      permission: .open, action: { _ in }),
    Command(
      "watch", summary: "options with typed values and rules between them",
      options: [
        Option("online", "online"), Option("offline", "offline"), Option("idle", "idle"),
        Option("quarantined", "quarantined"), SharedOptions.product.option,
        SharedOptions.platform.option, SharedOptions.since.option, SharedOptions.limit.option,
      ],
      conflicts: [["online", "offline", "idle"]],
      requires: ["quarantined": "product", "since": "limit"],
      permission: .open, action: { _ in }),
    Command(
      "group", summary: "a group",
      subcommands: [Command("leaf", summary: "leaf", permission: .open, action: { _ in })]
    ),
  ])

struct ParseCase: Sendable, CustomTestStringConvertible {
  let words: [String]
  let path: [String]
  var values: [String: [String]] = [:]
  var flags: [String: Bool] = [:]
  var arguments: [String: [String]] = [:]
  var testDescription: String { words.joined(separator: " ") }
}

struct ErrorCase: Sendable, CustomTestStringConvertible {
  let words: [String]
  let message: String
  var suggestion: String?
  var testDescription: String { words.joined(separator: " ") }
}

@Suite struct ParserTests {
  static let valid: [ParseCase] = [
    ParseCase(words: ["run", "a"], path: ["run"], arguments: ["NAME": ["a"]]),
    ParseCase(words: ["r", "a"], path: ["run"], arguments: ["NAME": ["a"]]),
    ParseCase(
      words: ["run", "--count", "3", "a"], path: ["run"], values: ["count": ["3"]],
      arguments: ["NAME": ["a"]]),
    ParseCase(
      words: ["run", "--count=3", "a"], path: ["run"], values: ["count": ["3"]],
      arguments: ["NAME": ["a"]]),
    ParseCase(
      words: ["run", "--count=", "a"], path: ["run"], values: ["count": [""]],
      arguments: ["NAME": ["a"]]),
    ParseCase(
      words: ["run", "-n", "3", "a"], path: ["run"], values: ["count": ["3"]],
      arguments: ["NAME": ["a"]]),
    ParseCase(
      words: ["run", "-n3", "a"], path: ["run"], values: ["count": ["3"]],
      arguments: ["NAME": ["a"]]),
    ParseCase(
      words: ["run", "-fv", "a"], path: ["run"], flags: ["force": true, "verbose": true],
      arguments: ["NAME": ["a"]]),
    ParseCase(
      words: ["run", "-fn3", "a"], path: ["run"], values: ["count": ["3"]], flags: ["force": true],
      arguments: ["NAME": ["a"]]),
    ParseCase(
      words: ["run", "-fyn", "3", "a"], path: ["run"], values: ["count": ["3"]],
      flags: ["force": true, "yes": true], arguments: ["NAME": ["a"]]),
    ParseCase(
      words: ["run", "--no-verbose", "a"], path: ["run"], flags: ["verbose": false],
      arguments: ["NAME": ["a"]]),
    ParseCase(
      words: ["run", "--", "-a", "--count"], path: ["run"],
      arguments: ["NAME": ["-a"], "FILES": ["--count"]]),
    ParseCase(
      words: ["--json", "run", "a"], path: ["run"], flags: ["json": true],
      arguments: ["NAME": ["a"]]),
    ParseCase(
      words: ["run", "a", "--json"], path: ["run"], flags: ["json": true],
      arguments: ["NAME": ["a"]]),
    ParseCase(
      words: ["--state-dir", "/s", "run", "a"], path: ["run"], values: ["state-dir": ["/s"]],
      arguments: ["NAME": ["a"]]),
    ParseCase(
      words: ["run", "a", "b", "c"], path: ["run"],
      arguments: ["NAME": ["a"], "FILES": ["b", "c"]]),
    ParseCase(
      words: ["run", "-t", "x", "--tag=y", "a"], path: ["run"], values: ["tag": ["x", "y"]],
      arguments: ["NAME": ["a"]]),
    ParseCase(
      words: ["run", "--count", "1", "--count", "2", "a"], path: ["run"], values: ["count": ["2"]],
      arguments: ["NAME": ["a"]]),
    ParseCase(
      words: ["run", "--mode", "slow", "-"], path: ["run"], values: ["mode": ["slow"]],
      arguments: ["NAME": ["-"]]),
    ParseCase(words: ["run", "-5"], path: ["run"], arguments: ["NAME": ["-5"]]),
    ParseCase(words: ["group", "leaf"], path: ["group", "leaf"]),
  ]

  @Test(arguments: valid)
  func parses(_ c: ParseCase) throws {
    let line = try Parser(root: table).parse(c.words)
    #expect(line.path == c.path)
    #expect(line.values == c.values)
    #expect(line.flags == c.flags)
    #expect(line.arguments.filter { !$0.value.isEmpty } == c.arguments)
  }

  static let invalid: [ErrorCase] = [
    ErrorCase(words: ["rnu", "a"], message: "'rnu' is not a pcon command", suggestion: "pcon run"),
    ErrorCase(words: ["zzzzzz"], message: "'zzzzzz' is not a pcon command"),
    ErrorCase(
      words: ["run", "--cont", "3", "a"], message: "unknown option --cont for 'pcon run'",
      suggestion: "--count"),
    ErrorCase(
      words: ["run", "--verbos", "a"], message: "unknown option --verbos for 'pcon run'",
      suggestion: "--verbose"),
    ErrorCase(
      words: ["run", "--no-force", "a"], message: "unknown option --no-force for 'pcon run'"),
    ErrorCase(words: ["run", "a", "--count"], message: "--count needs a value (N)"),
    ErrorCase(words: ["run", "a", "-n"], message: "-n needs a value (N)"),
    ErrorCase(words: ["run", "--force=yes", "a"], message: "--force takes no value"),
    ErrorCase(words: ["run", "--no-verbose=1", "a"], message: "--no-verbose takes no value"),
    ErrorCase(
      words: ["run", "--mode", "slwo", "a"],
      message: "invalid value 'slwo' for --mode: expected fast, slow", suggestion: "--mode slow"),
    ErrorCase(words: ["run"], message: "missing NAME"),
    ErrorCase(words: ["run", "-x", "a"], message: "unknown option -x for 'pcon run'"),
    ErrorCase(words: ["group"], message: "'pcon group' needs a subcommand"),
    ErrorCase(
      words: ["group", "leaf", "extra"],
      message: "unexpected argument 'extra' for 'pcon group leaf'"),
    ErrorCase(
      words: ["group", "lef"], message: "'lef' is not a pcon group command",
      suggestion: "pcon group leaf"),
    ErrorCase(
      words: ["watch", "--online", "--offline"],
      message: "--online and --offline cannot be used together"),
    ErrorCase(
      words: ["watch", "--idle", "--offline"],
      message: "--offline and --idle cannot be used together"),
    ErrorCase(words: ["watch", "--quarantined"], message: "--quarantined needs --product"),
    ErrorCase(
      words: ["watch", "--since", "2h", "--product", "p"], message: "--since needs --limit"),
    ErrorCase(
      words: ["watch", "--platform", "banana"],
      message:
        "invalid value 'banana' for --platform: expected a platform name or ID (\(Platform.all.map(\.name).joined(separator: ", ")))"
    ),
    ErrorCase(
      words: ["watch", "--limit=0"],
      message: "invalid value '0' for --limit: expected a whole number from 1 to 2147483647"),
    ErrorCase(
      words: ["watch", "--limit", "ten"],
      message: "invalid value 'ten' for --limit: expected a whole number from 1 to 2147483647"),
    ErrorCase(
      words: ["watch", "--since", "yesterday"],
      message:
        "invalid value 'yesterday' for --since: expected ISO-8601 (2026-11-26T10:00:00Z) or a span ago (15m, 2h, 7d, 1h30m, 1y)"
    ),
  ]

  @Test(arguments: invalid)
  func rejects(_ c: ErrorCase) {
    #expect(throws: UsageError.self) { try Parser(root: table).parse(c.words) }
    do {
      _ = try Parser(root: table).parse(c.words)
    } catch {
      // `parse` throws only UsageError.
      #expect(error.message == c.message)
      #expect(error.suggestion == c.suggestion)
    }
  }

  @Test func rulesAllowWhatTheyDoNotForbid() throws {
    for words in [
      ["watch", "--online"], ["watch", "--quarantined", "--product", "p"],
      ["watch", "--online", "--no-color"], ["watch", "--since", "2h", "--limit", "3"],
    ] {
      #expect(throws: Never.self) { try Parser(root: table).parse(words) }
    }
  }

  @Test func typedKeysReadParsedValues() throws {
    let context = CLIContext(
      environment: [:], workingDirectory: "/", stdout: TextSink(capturingAsTerminal: false),
      stderr: TextSink(capturingAsTerminal: false))
    let line = try Parser(root: table).parse([
      "watch", "--platform", "BORON", "--limit", "7", "--since", "2026-11-26T10:00:00Z",
    ])
    let run = Invocation(line: line, context: context, root: table)
    #expect(run[SharedOptions.platform]?.name == "boron")
    #expect(run[SharedOptions.limit] == 7)
    #expect(run[SharedOptions.product] == nil)
    let now = Timestamp(millisecondsSince1970: 1_800_000_000_000)
    #expect(
      run[SharedOptions.since]?.resolved(now: now) == Timestamp(iso8601: "2026-11-26T10:00:00Z"))
    let relative = try Parser(root: table).parse(["watch", "--since", "2h", "--limit", "1"])
    #expect(
      Invocation(line: relative, context: context, root: table)[SharedOptions.since]?
        .resolved(now: now) == now.adding(seconds: -7200))
  }

  @Test func everyRuleNamesOptionsItsCommandTakes() {
    func walk(_ command: Command, _ path: [String]) {
      // A rule may name a global option (`--json` against `--format`) as well as its own.
      let longs = Set((command.options + GlobalOptions.all).map(\.long))
      let named =
        command.conflicts.flatMap { $0 } + command.requires.flatMap { [$0.key, $0.value] }
      for long in named { #expect(longs.contains(long), "\(path) has a rule on unknown --\(long)") }
      for group in command.conflicts { #expect(group.count > 1, "\(path) conflict of one") }
      for sub in command.subcommands { walk(sub, path + [sub.name]) }
    }
    walk(CommandTable.root, [])
  }

  @Test func helpAndVersionWinOverMissingArguments() throws {
    #expect(try Parser(root: table).parse(["run", "--help"]).wantsHelp)
    #expect(try Parser(root: table).parse(["run", "-h"]).wantsHelp)
    #expect(try Parser(root: table).parse(["--version"]).wantsVersion)
    #expect(try Parser(root: table).parse(["watch", "--limit", "0", "--help"]).wantsHelp)
  }

  @Test(arguments: [
    ("device", "devce", 1), ("list", "lsit", 1), ("rename", "renmae", 1), ("abc", "xyz", 3),
    ("", "ab", 2),
  ])
  func editDistance(a: String, b: String, distance: Int) {
    #expect(Nearest.editDistance(a, b) == distance)
  }

  @Test func aCommandsOwnOptionShadowsTheGlobalOfThatName() throws {
    let parser = Parser(root: CommandTable.root)
    let upload = try parser.parse([
      "firmware", "upload", "app.bin", "--product", "1", "--version", "3", "--title", "T",
    ])
    #expect(upload.value("version") == "3" && !upload.wantsVersion)
    #expect(throws: UsageError.self) {
      try parser.parse(["firmware", "upload", "app.bin", "--product", "1", "--version", "--title"])
    }
    #expect(try parser.parse(["--version"]).wantsVersion)
    #expect(try parser.parse(["device", "list", "--version"]).wantsVersion)
  }

  @Test func everyRealCommandIsReachableAndHasAnAction() {
    func walk(_ command: Command, _ path: [String]) {
      if command.subcommands.isEmpty {
        #expect(command.action != nil, "\(path) has no action")
      }
      for sub in command.subcommands { walk(sub, path + [sub.name]) }
      let names = command.subcommands.flatMap { [$0.name] + $0.aliases }
      #expect(Set(names).count == names.count, "duplicate subcommand names under \(path)")
      let longs = command.options.map(\.long) + GlobalOptions.available(to: command).map(\.long)
      #expect(Set(longs).count == longs.count, "duplicate options in \(path)")
    }
    walk(CommandTable.root, [])
  }
}
