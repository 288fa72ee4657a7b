import Foundation

/// `--help` and `pcon help` text, derived from the command table.
enum HelpText {
  /// The synopsis of a command: `pcon device rename DEVICE NAME [options]`.
  static func usage(_ command: Command, path: [String]) -> String {
    var parts = [commandName(path)]
    if !command.visibleSubcommands.isEmpty && command.action == nil {
      parts.append("<command>")
    } else {
      if !command.visibleSubcommands.isEmpty { parts.append("[<command>]") }
      for option in command.options where option.isRequired {
        parts.append("--\(option.long) \(option.valueName ?? "")")
      }
      parts.append(contentsOf: command.arguments.map(synopsis))
      if command.options.contains(where: { !$0.isRequired }) { parts.append("[options]") }
    }
    return parts.joined(separator: " ")
  }

  static func synopsis(_ argument: Argument) -> String {
    var text = argument.allowed.isEmpty ? argument.name : argument.allowed.joined(separator: "|")
    if argument.isVariadic { text += "..." }
    return argument.isOptional ? "[\(text)]" : text
  }

  /// The full help for the command at `path`.
  static func full(_ command: Command, path: [String]) -> String {
    var out =
      path.isEmpty ? "pcon: \(command.summary)\n" : "\(commandName(path)): \(command.summary)\n"
    out += "\nUsage: \(usage(command, path: path))\n"
    if let permission = command.permission, command.action != nil, !path.isEmpty {
      out += "Needs: \(permission.summary)\n"
    }
    if !command.discussion.isEmpty { out += "\n" + wrap(command.discussion, indent: 0) }
    let subcommands = command.visibleSubcommands
    if !subcommands.isEmpty {
      out +=
        "\nCommands:\n"
        + twoColumns(
          subcommands.map { ([$0.name] + $0.aliases).joined(separator: ", ") },
          subcommands.map(\.summary))
    }
    if !command.arguments.isEmpty {
      out +=
        "\nArguments:\n"
        + twoColumns(command.arguments.map(\.name), command.arguments.map(\.summary))
    }
    if !command.options.isEmpty {
      out +=
        "\nOptions:\n" + twoColumns(command.options.map(\.label), command.options.map(describe))
    }
    if path.isEmpty {
      out +=
        "\nGlobal options (accepted by every command):\n"
        + twoColumns(GlobalOptions.all.map(\.label), GlobalOptions.all.map(describe))
    } else {
      out +=
        "\nGlobal options: "
        + GlobalOptions.available(to: command).map { "--\($0.long)" }.joined(separator: ", ")
        + " (see 'pcon help')\n"
    }
    if !command.examples.isEmpty {
      out += "\nExamples:\n"
      for example in command.examples {
        out += "  \(example.command)\n      \(example.explanation)\n"
      }
    }
    if path.isEmpty {
      out +=
        "\nExit status:\n"
        + twoColumns(
          ExitStatus.meanings.map { String($0.0.rawValue) }, ExitStatus.meanings.map(\.1))
    } else {
      out +=
        "\nExit status: "
        + ExitStatus.meanings.map { "\($0.0.rawValue) \($0.1.prefix { $0 != ":" })" }
        .joined(separator: ", ") + "\n"
    }
    if !subcommands.isEmpty {
      out += "\nRun '\(commandName(path + ["<command>"])) --help' for a command's details.\n"
    }
    return out
  }

  static func describe(_ option: Option) -> String {
    var text = option.isRequired ? "(required) " + option.summary : option.summary
    if !option.allowed.isEmpty { text += " (\(option.allowed.joined(separator: ", ")))" }
    if let value = option.defaultValue { text += " [default: \(value)]" }
    if option.isRepeatable { text += " (repeatable)" }
    return text
  }

  private static func twoColumns(_ left: [String], _ right: [String]) -> String {
    let width = min((left.map(\.count).max() ?? 0) + 2, 32)
    var out = ""
    for (l, r) in zip(left, right) {
      if l.count + 2 > width {
        out += "  \(l)\n" + String(repeating: " ", count: width + 2) + r + "\n"
      } else {
        out += "  " + l + String(repeating: " ", count: width - l.count) + r + "\n"
      }
    }
    return out
  }

  /// Wraps prose at 100 columns; blank lines separate paragraphs.
  static func wrap(_ text: String, indent: Int) -> String {
    var out = ""
    for paragraph in text.components(separatedBy: "\n\n") {
      var line = String(repeating: " ", count: indent)
      for word in paragraph.split(whereSeparator: { $0 == " " || $0 == "\n" }) {
        if line.count + word.count + 1 > 100, line.trimmingCharacters(in: .whitespaces) != "" {
          out += line + "\n"
          line = String(repeating: " ", count: indent)
        }
        line += (line.trimmingCharacters(in: .whitespaces).isEmpty ? "" : " ") + word
      }
      out += line + "\n\n"
    }
    return String(out.dropLast())
  }
}
