/// Parses argv the way git does: `--long v`, `--long=v`, `-s v`, `-sv`, bundled short flags,
/// `--no-FLAG`, `--` to end options, global options anywhere, and "did you mean" on typos.
public struct Parser: Sendable {
  let root: Command

  public init(root: Command) { self.root = root }

  /// Matches `words` (argv without the program name) against the table.
  public func parse(_ words: [String]) throws(UsageError) -> ParsedLine {
    var line = ParsedLine(command: root)
    var positionals: [String] = []
    var index = 0
    var optionsEnded = false

    func options() -> [Option] { line.command.options + GlobalOptions.all }

    while index < words.count {
      let word = words[index]
      index += 1
      if optionsEnded || word == "-" || !word.hasPrefix("-") || looksLikeNumber(word)
        || looksLikeNegatedTerm(word, options())
      {
        if positionals.isEmpty, !optionsEnded, !line.command.subcommands.isEmpty,
          line.command.arguments.isEmpty || line.command.subcommand(word) != nil
        {
          guard let sub = line.command.subcommand(word) else {
            let names = line.command.subcommands.filter { !$0.isHidden }.flatMap {
              [$0.name] + $0.aliases
            }
            throw UsageError(
              "'\(word)' is not a \(commandName(line.path)) command", path: line.path,
              suggestion: Suggestion.closest(to: word, among: names).map {
                commandName(line.path + [$0])
              })
          }
          line.command = sub
          line.path.append(sub.name)
        } else {
          positionals.append(word)
        }
        continue
      }
      if word == "--" {
        optionsEnded = true
        continue
      }
      if word.hasPrefix("--") {
        let body = word.dropFirst(2)
        let name = String(body.prefix { $0 != "=" })
        let inline: String? = body.contains("=") ? String(body.drop { $0 != "=" }.dropFirst()) : nil
        if let option = options().first(where: { $0.long == name }) {
          try take(
            option, spelled: "--\(name)", inline: inline, line: &line, words: words, index: &index)
        } else if name.hasPrefix("no-"),
          let option = options().first(where: {
            $0.long == String(name.dropFirst(3)) && $0.isNegatable
          })
        {
          guard inline == nil else { throw UsageError("--\(name) takes no value", path: line.path) }
          line.flags[option.long] = false
        } else {
          let known = options().flatMap {
            $0.isNegatable ? ["--\($0.long)", "--no-\($0.long)"] : ["--\($0.long)"]
          }
          throw UsageError(
            "unknown option --\(name) for '\(commandName(line.path))'", path: line.path,
            suggestion: Suggestion.closest(to: "--\(name)", among: known))
        }
        continue
      }
      // A bundle of short options: -fy, -nVALUE, -n VALUE.
      var letters = Substring(word.dropFirst())
      while let letter = letters.first {
        letters = letters.dropFirst()
        guard let option = options().first(where: { $0.short == letter }) else {
          throw UsageError(
            "unknown option -\(letter) for '\(commandName(line.path))'", path: line.path)
        }
        if option.isFlag {
          try take(
            option, spelled: "-\(letter)", inline: nil, line: &line, words: words, index: &index)
        } else {
          try take(
            option, spelled: "-\(letter)", inline: letters.isEmpty ? nil : String(letters),
            line: &line, words: words, index: &index)
          break
        }
      }
    }
    line.wantsHelp = line.flags["help"] ?? false
    line.wantsVersion = line.flags["version"] ?? false
    if line.wantsHelp || line.wantsVersion { return line }
    if line.command.action == nil {
      throw UsageError("'\(commandName(line.path))' needs a subcommand", path: line.path)
    }
    for option in line.command.options where option.isRequired && line.values[option.long] == nil {
      throw UsageError("missing --\(option.long) \(option.valueName ?? "")", path: line.path)
    }
    try checkRules(of: line)
    try assign(positionals, to: &line)
    return line
  }

  private func take(
    _ option: Option, spelled: String, inline: String?, line: inout ParsedLine, words: [String],
    index: inout Int
  ) throws(UsageError) {
    if option.isFlag {
      guard inline == nil else { throw UsageError("\(spelled) takes no value", path: line.path) }
      line.flags[option.long] = true
      return
    }
    let value: String
    if let inline {
      value = inline
    } else {
      guard index < words.count else {
        throw UsageError(
          "\(spelled) needs a value (\(option.valueName ?? "VALUE"))", path: line.path)
      }
      value = words[index]
      index += 1
    }
    if !option.allowed.isEmpty, !option.allowed.contains(value) {
      throw UsageError(
        "invalid value '\(value)' for \(spelled): expected \(option.allowed.joined(separator: ", "))",
        path: line.path,
        suggestion: Suggestion.closest(to: value, among: option.allowed))
    }
    if let accepts = option.accepts, !accepts(value) {
      throw UsageError(
        "invalid value '\(value)' for \(spelled): expected \(option.expects)", path: line.path)
    }
    if option.isRepeatable {
      line.values[option.long, default: []].append(value)
    } else {
      line.values[option.long] = [value]
    }
  }

  /// Refuses options given together that the command declares in conflict, and an option
  /// given without the one it requires.
  private func checkRules(of line: ParsedLine) throws(UsageError) {
    func given(_ long: String) -> Bool { line.flags[long] == true || line.values[long] != nil }
    for group in line.command.conflicts {
      let present = group.filter(given)
      if present.count > 1 {
        throw UsageError(
          present.map { "--\($0)" }.joined(separator: " and ") + " cannot be used together",
          path: line.path)
      }
    }
    for (option, needed) in line.command.requires.sorted(by: { $0.key < $1.key })
    where given(option) && !given(needed) {
      throw UsageError("--\(option) needs --\(needed)", path: line.path)
    }
  }

  private func assign(_ positionals: [String], to line: inout ParsedLine) throws(UsageError) {
    var remaining = positionals[...]
    for argument in line.command.arguments {
      if argument.isVariadic {
        if remaining.isEmpty && !argument.isOptional {
          throw UsageError("missing \(argument.name)", path: line.path)
        }
        for value in remaining { try check(value, against: argument, path: line.path) }
        line.arguments[argument.name] = Array(remaining)
        remaining = []
        continue
      }
      guard let value = remaining.popFirst() else {
        if argument.isOptional { continue }
        throw UsageError("missing \(argument.name)", path: line.path)
      }
      try check(value, against: argument, path: line.path)
      line.arguments[argument.name] = [value]
    }
    if let extra = remaining.first {
      throw UsageError(
        "unexpected argument '\(extra)' for '\(commandName(line.path))'", path: line.path)
    }
  }

  private func check(_ value: String, against argument: Argument, path: [String]) throws(UsageError)
  {
    guard argument.allowed.isEmpty || argument.allowed.contains(value) else {
      throw UsageError(
        "invalid \(argument.name) '\(value)': expected \(argument.allowed.joined(separator: ", "))",
        path: path,
        suggestion: Suggestion.closest(to: value, among: argument.allowed))
    }
  }

  /// A filter term such as `-event:temp` or `-"two words"`: a dash, then no known short
  /// option, and a character no bundle of short flags has.
  private func looksLikeNegatedTerm(_ word: String, _ options: [Option]) -> Bool {
    guard !word.hasPrefix("--"), let first = word.dropFirst().first,
      !options.contains(where: { $0.short == first })
    else {
      return false
    }
    return word.contains(":") || word.contains(" ") || word.contains("\"")
  }

  private func looksLikeNumber(_ word: String) -> Bool {
    word.count > 1 && word.dropFirst().allSatisfy { $0.isNumber || $0 == "." }
  }
}

/// `pcon device rename` for a command path.
func commandName(_ path: [String]) -> String { (["pcon"] + path).joined(separator: " ") }
