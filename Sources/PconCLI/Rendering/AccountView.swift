import PconCore

/// An account as `--json` prints it: CLI.md's keys in its order.
enum AccountView {
  /// The account object of CLI.md.
  static func json(_ account: Account) -> JSON {
    .object([
      ("id", .string(account.id)), ("email", .string(account.email)),
      ("name", .string(account.name)), ("created_at", .string(account.createdAt.iso8601)),
    ])
  }
}
