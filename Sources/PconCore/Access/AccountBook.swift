/// Reading and writing accounts, tokens and the logged-in session.
extension Transaction {
  /// Every account, in creation order.
  public func accounts() throws -> [Account] { try load(StateFiles.accounts).accounts }

  /// Every personal token, in creation order.
  public func tokens() throws -> [AccessToken] { try load(StateFiles.accounts).tokens }

  /// The account with `email` (normalised), or nil.
  public func account(email: String) throws -> Account? {
    let key = email.lowercased()
    return try accounts().first { $0.email == key }
  }

  /// Replaces the accounts file.
  public func saveAccounts(_ accounts: [Account], tokens: [AccessToken]) {
    save(StateFiles.accounts, (accounts, tokens))
  }

  /// The ID of the logged-in account, if any.
  public func sessionAccountID() throws -> String? { try load(StateFiles.session) }

  /// Sets or clears the logged-in account.
  public func saveSession(accountID: String?) { save(StateFiles.session, accountID) }
}
