import Foundation

/// roff man pages (`man(7)` macros), one for pcon and one per top-level command.
enum ManPage {
  /// The file name and text of every page.
  static func all(root: Command) -> [(name: String, text: String)] {
    [("pcon.1", main(root))] + root.visibleSubcommands.map { ("pcon-\($0.name).1", page(for: $0)) }
  }

  /// The page for one top-level command, or pcon.1 for nil.
  static func page(named name: String?, root: Command) -> String? {
    guard let name else { return main(root) }
    return root.subcommand(name).flatMap { $0.isHidden ? nil : page(for: $0) }
  }

  private static func header(_ title: String) -> String {
    ".TH \(title.uppercased()) 1 \"\" \"pcon \(Pcon.version)\" \"pcon manual\"\n"
  }

  private static func main(_ root: Command) -> String {
    var out = header("pcon")
    out += ".SH NAME\npcon \\- \(escape(root.summary))\n"
    out += ".SH SYNOPSIS\n.B pcon\n.RI [ global-options ] \" command \" [ arguments ]\n"
    out += ".SH DESCRIPTION\n\(paragraphs(root.discussion))"
    out += ".SH COMMANDS\n"
    for command in root.visibleSubcommands {
      out += ".TP\n.B \(escape(command.name))\n\(escape(command.summary)); see\n"
      out += ".BR pcon\\-\(escape(command.name)) (1).\n"
    }
    out += ".SH GLOBAL OPTIONS\n"
    for option in GlobalOptions.all { out += optionEntry(option) }
    out += """
      .SH ENVIRONMENT
      .TP
      .B PCON_STATE_DIR
      The state directory, when \\fB\\-\\-state\\-dir\\fR is not given.
      .TP
      .B XDG_DATA_HOME
      The state directory is \\fI$XDG_DATA_HOME/pcon\\fR when neither of the above is set (an absolute path only), else \\fI~/.local/share/pcon\\fR.
      .TP
      .B PCON_TOKEN
      A token to act with, when \\fB\\-\\-token\\fR is not given.
      .TP
      .B PCON_NOW
      A fixed ISO\\-8601 time to use as now, for replayable scripts and tests.
      .TP
      .B PCON_LOCK_TIMEOUT
      Seconds to wait for the state lock (default 10) before exit status 5.
      .TP
      .B NO_COLOR
      When set and not empty, output is never coloured.
      .SH FILES
      The state directory, \\fI~/.local/share/pcon/\\fR unless set otherwise, is mode 0700 and every file in it 0600. It holds:
      .TP
      .I pcon.json
      The format version of the directory.
      .TP
      .I lock\\fR, \\fIintent
      Locked shared by readers and exclusively by writers, so concurrent commands never lose an update; a writer waiting for \\fIlock\\fR holds \\fIintent\\fR, so new readers let it in first.
      .TP
      .I journal\\fR, \\fIjournal\\-N.spill
      A change of several files being applied; re\\-applied whole or discarded when pcon next opens the directory.
      .TP
      .I accounts.json\\fR, \\fIsession.json
      Accounts with their tokens (as SHA\\-256 hashes), and the logged\\-in account.
      .TP
      .I products.json\\fR, \\fIorgs.json\\fR, \\fIteam.json\\fR, \\fIcustomers.json
      Products, organizations, their team members and API users, and product customers.
      .TP
      .I sims.json
      SIM cards.
      .TP
      .I devices/
      Devices, in shards by a hash of their ID.
      .TP
      .I names/\\fR, \\fIowners/\\fR, \\fIproduct\\-devices/
      Indexes: devices by name, by owner and by product.
      .TP
      .I firmware/\\fR, \\fIfirmware\\-binaries/\\fR, \\fIrunning\\-versions/
      Each product's firmware versions and where they are released, every uploaded binary once (named by its SHA\\-256), and how many of each product's devices run each version.
      .TP
      .I groups/\\fR, \\fIgroup\\-devices/
      Each product's device groups, and the devices in each group.
      .TP
      .I tracker/
      Each tracker product's settings: only the values set, the rest are the schema's defaults.
      .TP
      .I integrations/
      Webhooks, one file per owner: \\fIa\\-ACCOUNT.json\\fR for a sandbox, \\fIp\\-PRODUCT.json\\fR for a product.
      .TP
      .I deliveries/\\fR, \\fIleases/
      Each webhook's delivery (\\fIHOOK.json\\fR: where it has read the log to, events waiting for a retry, its history), every target host's throttle (\\fIhosts.json\\fR), and the lock files a delivery worker holds while it works.
      .TP
      .I usage/\\fR, \\fIbilling/
      What each free plan (\\fIa\\-ACCOUNT\\-YYYY\\-MM.json\\fR) and organization (\\fIo\\-ORG\\-YYYY\\-MM.json\\fR) used each month with its notices, and each organization's card, invoices and suspension.
      .TP
      .I events/
      The event log: one folder per stream (\\fIa\\-ACCOUNT\\fR, \\fIp\\-PRODUCT\\fR) of monthly \\fIYYYY\\-MM.ndjson\\fR files with an \\fIids.json\\fR index, plus \\fIsequence.json\\fR (the last event ID) and \\fIclears.json\\fR (what \\fBlogs clear\\fR hides).
      .TP
      .I demo.json
      Marks a directory built by \\fBpcon demo\\fR, which \\fBpcon demo \\-\\-reset\\fR may rebuild.

      """
    out += exitStatus
    out +=
      ".SH SEE ALSO\n"
      + root.visibleSubcommands.map { ".BR pcon\\-\(escape($0.name)) (1)" }.joined(separator: ",\n")
      + "\n"
    return out
  }

  private static func page(for command: Command) -> String {
    var out = header("pcon-\(command.name)")
    out += ".SH NAME\npcon\\-\(escape(command.name)) \\- \(escape(command.summary))\n"
    out += ".SH SYNOPSIS\n"
    // Every runnable form: the command itself when it runs (logs, as well as logs show…), and
    // each subcommand at any depth (team api-user create).
    let leaves = runnable(command, path: [command.name])
    for (n, (leaf, path)) in leaves.enumerated() {
      if n > 0 { out += ".br\n" }
      out += ".B \(escape(HelpText.usage(leaf, path: path)))\n"
    }
    out +=
      ".SH DESCRIPTION\n\(paragraphs(command.discussion.isEmpty ? command.summary + "." : command.discussion))"
    if command.subcommands.isEmpty {
      out += details(command, path: [command.name], heading: ".SH OPTIONS\n")
    } else {
      out += ".SH COMMANDS\n"
      for (leaf, path) in leaves {
        out += ".SS \(escape(HelpText.usage(leaf, path: path)))\n"
        let needs = leaf.permission.map { "\n\nNeeds: \($0.summary)." } ?? ""
        // The command's own discussion is the page's description already.
        let discussion = leaf.discussion.isEmpty || path.count == 1 ? "" : "\n\n" + leaf.discussion
        out += paragraphs(leaf.summary + "." + discussion + needs)
        out += details(leaf, path: path, heading: "")
      }
    }
    let examples = runnable(command, path: []).flatMap { $0.0.examples }
    if !examples.isEmpty {
      out += ".SH EXAMPLES\n"
      for example in examples {
        out += ".TP\n.B \(escape(example.command))\n\(escape(example.explanation))\n"
      }
    }
    out += exitStatus
    out += ".SH SEE ALSO\n.BR pcon (1)\n"
    return out
  }

  /// `command` when it runs by itself, then its visible subcommands, depth first.
  private static func runnable(_ command: Command, path: [String]) -> [(Command, [String])] {
    let own = command.action != nil || command.subcommands.isEmpty ? [(command, path)] : []
    return own
      + command.visibleSubcommands.flatMap { runnable($0, path: path + [$0.name]) }
  }

  private static func details(_ command: Command, path: [String], heading: String) -> String {
    guard !command.arguments.isEmpty || !command.options.isEmpty else { return "" }
    var out = heading
    for argument in command.arguments {
      out += ".TP\n.I \(escape(HelpText.synopsis(argument)))\n\(escape(argument.summary))\n"
    }
    for option in command.options { out += optionEntry(option) }
    return out
  }

  private static func optionEntry(_ option: Option) -> String {
    var label = option.short.map { "\\fB\\-\(escape(String($0)))\\fR, " } ?? ""
    label += "\\fB\\-\\-\(escape(option.long))\\fR"
    if let value = option.valueName { label += " \\fI\(escape(value))\\fR" }
    return ".TP\n\(label)\n\(escape(HelpText.describe(option)))\n"
  }

  private static var exitStatus: String {
    ".SH EXIT STATUS\n"
      + ExitStatus.meanings.map { status, meaning in
        ".TP\n.B \(status.rawValue)\n\(escape(meaning.prefix(1).uppercased() + meaning.dropFirst())).\n"
      }.joined()
  }

  private static func paragraphs(_ text: String) -> String {
    text.components(separatedBy: "\n\n").map { ".PP\n" + escape($0) + "\n" }.joined()
  }

  /// Escapes text for roff: backslashes, hyphens, and lines that would read as requests.
  static func escape(_ text: String) -> String {
    var out = ""
    for scalar in text.unicodeScalars {
      switch scalar {
      case "\\": out += "\\e"
      case "-": out += "\\-"
      // groff reads its input as Latin-1: anything beyond ASCII goes in as a named glyph.
      case _ where scalar.value > 0x7E:
        let hex = String(scalar.value, radix: 16, uppercase: true)
        out += "\\[u" + String(repeating: "0", count: max(0, 4 - hex.count)) + hex + "]"
      default: out.unicodeScalars.append(scalar)
      }
    }
    out = out.split(separator: "\n", omittingEmptySubsequences: false).map { line in
      line.hasPrefix(".") || line.hasPrefix("'") ? "\\&" + line : String(line)
    }.joined(separator: "\n")
    return out
  }
}
