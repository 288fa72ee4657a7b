/// Parses argv the way git does: `--long v`, `--long=v`, `-s v`, `-sv`, bundled short flags,
/// `--no-FLAG`, `--` to end options, global options anywhere, and "did you mean" on typos.
public struct Parser: Sendable {
  let root: Command

  public init(root: Command) { self.root = root }

  /// Matches `words` (argv without the program name) against the table.
  public func parse(_ words: [String]) throws(UsageError) -> ParsedLine {
    let scan = try self.scan(words, tolerant: false)
    var line = scan.line
    line.wantsHelp = line.flags["help"] ?? false
    line.wantsVersion = line.flags["version"] ?? false
    if line.wantsHelp || line.wantsVersion { return line }
    if line.command.action == nil {
      throw UsageError("'\(commandName(line.path))' needs a subcommand", path: line.path)
    }
    // Arguments first: `product create --platform boron` is missing its NAME before anything.
    try assign(scan.positionals, to: &line)
    for option in line.command.options where option.isRequired && line.values[option.long] == nil {
      throw UsageError("missing \(option.label)", path: line.path)
    }
    // Checked once help is ruled out, so `--help` still wins over a malformed value.
    for option in line.command.options + GlobalOptions.available(to: line.command) {
      guard let accepts = option.accepts else { continue }
      for value in line.values[option.long] ?? [] where !accepts(value) {
        throw UsageError(
          "invalid value '\(value)' for --\(option.long): expected \(option.expects)",
          path: line.path,
          suggestion: option.suggestion(for: value).map { "--\(option.long) \($0)" })
      }
    }
    try checkRules(of: line)
    return line
  }

  /// What scanning argv found: the command path, option values, positional words, and (when
  /// tolerant) the option still waiting for its value.
  struct Scan {
    var line: ParsedLine
    var positionals: [String] = []
    var optionsEnded = false
    /// The option the words ran out before the value of; only a tolerant scan reports one.
    var awaiting: Option?
  }

  /// Walks `words` once, as both parsing and completion see them. A strict scan throws at the
  /// first word pcon cannot run; a tolerant one (for completion, of a line still being typed)
  /// takes unknown words as positionals or skips them, and also reads bash's `--opt = value`.
  func scan(_ words: [String], tolerant: Bool) throws(UsageError) -> Scan {
    var scan = Scan(line: ParsedLine(command: root))
    var index = 0

    func options() -> [Option] {
      scan.line.command.options + GlobalOptions.available(to: scan.line.command)
    }

    while index < words.count {
      let word = words[index]
      index += 1
      if scan.optionsEnded || word == "-" || !word.hasPrefix("-") || looksLikeNumber(word)
        || looksLikeNegatedTerm(word, options())
      {
        let line = scan.line
        if scan.positionals.isEmpty, !scan.optionsEnded, !line.command.subcommands.isEmpty,
          line.command.arguments.isEmpty || line.command.subcommand(word) != nil
        {
          guard let sub = line.command.subcommand(word) else {
            if tolerant {
              scan.positionals.append(word)
              continue
            }
            let names = line.command.subcommands.filter { !$0.isHidden }.flatMap {
              [$0.name] + $0.aliases
            }
            throw UsageError(
              "'\(word)' is not a \(commandName(line.path)) command", path: line.path,
              suggestion: ParticleHabits.command(for: word, under: line.path)
                ?? Suggestion.closest(to: word, among: names).map {
                  commandName(line.path + [$0])
                })
          }
          scan.line.command = sub
          scan.line.path.append(sub.name)
        } else if !(tolerant && word == "=") {
          scan.positionals.append(word)
        }
        continue
      }
      if word == "--" {
        scan.optionsEnded = true
        continue
      }
      if word.hasPrefix("--") {
        let body = word.dropFirst(2)
        let name = String(body.prefix { $0 != "=" })
        let inline: String? = body.contains("=") ? String(body.drop { $0 != "=" }.dropFirst()) : nil
        if let option = options().first(where: { $0.long == name }) {
          try take(
            option, spelled: "--\(name)", inline: inline, scan: &scan, words: words, index: &index,
            tolerant: tolerant)
        } else if name.hasPrefix("no-"),
          let option = options().first(where: {
            $0.long == String(name.dropFirst(3)) && $0.isNegatable
          })
        {
          guard inline == nil || tolerant else {
            throw UsageError("--\(name) takes no value", path: scan.line.path)
          }
          scan.line.flags[option.long] = false
        } else if !tolerant {
          let line = scan.line
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
          if tolerant { continue }
          throw UsageError(
            "unknown option -\(letter) for '\(commandName(scan.line.path))'",
            path: scan.line.path)
        }
        if option.isFlag {
          try take(
            option, spelled: "-\(letter)", inline: nil, scan: &scan, words: words, index: &index,
            tolerant: tolerant)
        } else {
          try take(
            option, spelled: "-\(letter)", inline: letters.isEmpty ? nil : String(letters),
            scan: &scan, words: words, index: &index, tolerant: tolerant)
          break
        }
      }
    }
    return scan
  }

  private func take(
    _ option: Option, spelled: String, inline: String?, scan: inout Scan, words: [String],
    index: inout Int, tolerant: Bool
  ) throws(UsageError) {
    if option.isFlag {
      guard inline == nil || tolerant else {
        throw UsageError("\(spelled) takes no value", path: scan.line.path)
      }
      scan.line.flags[option.long] = true
      return
    }
    // bash splits `--opt=value` at '=', so a lone "=" belongs to the option before it.
    if tolerant, inline == nil, index < words.count, words[index] == "=" { index += 1 }
    if tolerant, inline == nil, index >= words.count {
      scan.awaiting = option
      return
    }
    let line = scan.line
    var value: String
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
    if tolerant {
      scan.line.values[option.long, default: []].append(value)
      return
    }
    if !option.allowed.isEmpty {
      guard let known = Enumeration.match(value, among: option.allowed) else {
        throw UsageError(
          "invalid value '\(value)' for \(spelled): expected \(option.allowed.joined(separator: ", "))",
          path: line.path,
          suggestion: option.suggestion(for: value).map { "\(spelled) \($0)" })
      }
      value = known
    }
    if option.isRepeatable {
      scan.line.values[option.long, default: []].append(value)
      if option.takesMany, inline == nil {
        while index < words.count, !words[index].hasPrefix("-") {
          scan.line.values[option.long, default: []].append(words[index])
          index += 1
        }
      }
    } else {
      scan.line.values[option.long] = [value]
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
        var values: [String] = []
        for value in remaining {
          values.append(try check(value, against: argument, path: line.path))
        }
        line.arguments[argument.name] = values
        remaining = []
        continue
      }
      guard let value = remaining.popFirst() else {
        if argument.isOptional { continue }
        throw UsageError("missing \(argument.name)", path: line.path)
      }
      line.arguments[argument.name] = [try check(value, against: argument, path: line.path)]
    }
    if let extra = remaining.first {
      throw UsageError(
        "unexpected argument '\(extra)' for '\(commandName(line.path))'", path: line.path)
    }
  }

  /// The word as the argument takes it: an enumerated value as the table spells it.
  private func check(_ value: String, against argument: Argument, path: [String]) throws(UsageError)
    -> String
  {
    if argument.allowed.isEmpty { return value }
    guard let known = Enumeration.match(value, among: argument.allowed) else {
      throw UsageError(
        "invalid \(argument.name) '\(value)': expected \(argument.allowed.joined(separator: ", "))",
        path: path,
        suggestion: Suggestion.closest(to: value, among: argument.allowed))
    }
    return known
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
