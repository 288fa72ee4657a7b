/// Reading and writing accounts, tokens and the logged-in session.
extension Transaction {
  /// Every account, in creation order.
  public func accounts() throws -> [Account] {
    try decode(StateLayout.accounts) { try $0.objects("accounts").map(Account.init(json:)) } ?? []
  }

  /// Every personal token, in creation order.
  public func tokens() throws -> [AccessToken] {
    try decode(StateLayout.accounts) { try $0.objects("tokens").map(AccessToken.init(json:)) } ?? []
  }

  /// The account with `email` (normalised), or nil.
  public func account(email: String) throws -> Account? {
    let key = email.lowercased()
    return try accounts().first { $0.email == key }
  }

  /// Replaces the accounts file.
  public func saveAccounts(_ accounts: [Account], tokens: [AccessToken]) {
    stage(
      StateLayout.accounts,
      .object([
        ("accounts", .array(accounts.map(\.json))),
        ("tokens", .array(tokens.map(\.storedJSON))),
      ]))
  }

  /// The ID of the logged-in account, if any.
  public func sessionAccountID() throws -> String? {
    try decode(StateLayout.session) { try $0.optionalString("account_id") } ?? nil
  }

  /// Sets or clears the logged-in account.
  public func saveSession(accountID: String?) {
    stage(StateLayout.session, .object([("account_id", .string(accountID))]))
  }
}
