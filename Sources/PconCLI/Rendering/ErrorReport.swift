import PconCore

/// The exit statuses of DESIGN.md §5, in one place.
public enum ExitStatus: Int32, Sendable {
  case success = 0
  case refused = 1
  case usage = 2
  case notFound = 3
  case permission = 4
  case state = 5

  /// What each status means, as help and the man pages list them.
  static let meanings: [(ExitStatus, String)] = [
    (.success, "success"),
    (.refused, "refused or failed: a rule, a limit or a conflict"),
    (.usage, "usage: an unknown command or option, a missing or malformed argument"),
    (.notFound, "not found: a named device, product, account, token, event or SIM does not exist"),
    (.permission, "permission: no account is acting, or the acting identity lacks the right"),
    (.state, "state: the state directory is unreadable, damaged, locked too long, or newer"),
  ]

  init(_ kind: PconError.Kind) {
    switch kind {
    case .refused: self = .refused
    case .usage: self = .usage
    case .notFound: self = .notFound
    case .permission: self = .permission
    case .state: self = .state
    }
  }
}

/// Turns any error a command throws into one line on stderr and an exit status.
enum ErrorReport {
  /// Reports `error`; `suggestion` is a name from the state close to the one not found.
  static func report(
    _ error: Error, json: Bool, root: Command, suggestion: String? = nil, to sink: TextSink,
    colour: Bool
  ) -> ExitStatus {
    let status: ExitStatus
    let code: String
    let message: String
    var hints: [String] = []
    switch error {
    case let error as PconError:
      status = ExitStatus(error.kind)
      code = error.code
      message = words(for: error)
      if case .stateUnusable(_, let reason) = error, reason.hasPrefix("HOME is not set") {
        hints.append("pass --state-dir or set PCON_STATE_DIR")
      }
      if error == .notLoggedIn {
        hints.append("create an account with 'pcon account create EMAIL' if you have none")
      }
      if let suggestion { hints.append("did you mean '\(suggestion)'?") }
      if case .invalidValue(.apiScope, let value, _) = error,
        let scope = Suggestion.closest(to: value, among: Teams.scopes)
      {
        hints.append("did you mean '--scope \(scope)'?")
      }
      if case .tokenSecretGiven(let id) = error {
        hints.append(
          id.map { "revoke it by its ID: 'pcon token revoke \($0)'" }
            ?? "'pcon token list' shows the IDs")
      }
      switch error {
      case .blocksFull(let org, let deviceClass, _, _):
        hints.append(
          "add blocks: 'pcon billing blocks add 1 --org \(org) --class \(deviceClass.rawValue)'")
      case .outputExists:
        hints.append("pass --force to replace it")
      case .classNeeded(_, let classes):
        hints.append("pass --class \(classes.map(\.rawValue).joined(separator: "|"))")
      case .orgNeeded(let administered):
        hints.append(
          administered.isEmpty
            ? "'pcon billing upgrade --org-name NAME' makes an organization of your free products"
            : "pass --org \(administered[0])")
      case .dataPaused:
        hints.append(
          "move your products to the growth plan with 'pcon billing upgrade --org-name NAME'; 'pcon billing usage' shows the limits"
        )
      case .deviceLevelSetting:
        hints.append("pass --device DEVICE, a development device of the product")
      case .notDevelopmentDevice(let device):
        hints.append("pcon device development \(device) on")
      case .orgSuspended(let org, _):
        hints.append(
          "'pcon billing invoices --org \(org)' lists what is unpaid; 'pcon billing card set --org \(org) --number-last4 NNNN --expires MM/YY' pays it"
        )
      default: break
      }
      if case .stateDamaged = error {
        hints.append("run 'pcon doctor' to list every problem in the state directory")
      }
    case let error as UsageError:
      status = .usage
      code = "usage"
      message = error.message
      if let suggestion = error.suggestion { hints.append("did you mean '\(suggestion)'?") }
      if let command = find(error.path, in: root) {
        hints.append("usage: \(HelpText.usage(command, path: error.path))")
      }
      hints.append("see '\(commandName(error.path)) --help'")
    case let error as ConfirmationRequired:
      status = .refused
      code = "refused"
      message =
        error.declined
        ? "not confirmed; nothing was changed"
        : "refusing to \(error.action) without confirmation: pass --yes (standard input is not a terminal)"
    default:
      status = .refused
      code = "failed"
      message = String(describing: error)
    }
    if json {
      let object = JSON.object([
        ("error", .object([("code", .string(code)), ("message", .string(message))]))
      ])
      sink.write(JSONWriter(pretty: false).string(object) + "\n")
    } else {
      sink.write(Style.red.apply("error:", enabled: colour) + " " + Visible.text(message) + "\n")
      for hint in hints { sink.write("hint: \(Visible.text(hint))\n") }
    }
    return status
  }

  /// The option that supplies each field PconCore names, so messages name what to change.
  static let options: [Field: String] = [
    .ttl: "--ttl", .tokenLifetime: "--expires-in", .firmwareVersion: "--firmware-version",
    .deviceOS: "--device-os", .ipAddress: "--ip", .apiScope: "--scope", .blocks: "--blocks",
    .productID: "--id", .clientType: "--type", .redirectURI: "--redirect-uri",
  ]

  /// A PconCore fault in the CLI's words: PconCore names fields and states, this names the
  /// options and commands that change them.
  static func words(for error: PconError) -> String {
    switch error {
    case .invalidValue(.teamReach, let value, _) where value.isEmpty:
      return "which team? give --product PRODUCT or --org ORG"
    case .invalidValue(.teamReach, let value, _):
      return "invalid team '\(value)': expected exactly one of --product or --org"
    case .invalidValue(let field, let value, let expected):
      guard let option = options[field] else { return error.message }
      return "invalid \(option) '\(value)': expected \(expected)"
    case .notLoggedIn:
      return error.message + ": log in with 'pcon login EMAIL', or pass --as or --token"
    case .conflictingIdentity: return "--as and --token cannot be used together"
    default: return error.message
    }
  }

  static func find(_ path: [String], in root: Command) -> Command? {
    var command = root
    for name in path {
      guard let next = command.subcommand(name) else { return nil }
      command = next
    }
    return command
  }
}
