/// The rules for accounts, sessions and personal tokens.
public enum Accounts {
  /// What the token rules need: a person, acting on their own tokens.
  public enum Needs {
    public static let tokens = Permission.personal
    /// Listing the accounts of the state directory is for people: tokens see no one's email.
    public static let list = Permission.personal
  }

  /// The accounts of the state directory, for a person acting.
  public static func list(by actor: Actor, in transaction: Transaction) throws -> [Account] {
    _ = try Access.authorize(actor, Needs.list, in: transaction).person()
    return try transaction.accounts()
  }

  /// Creates an account; the first one in a state directory becomes the logged-in account.
  @discardableResult
  public static func create(
    email: String, name: String?, in transaction: Transaction, random: RandomSource
  ) throws -> Account {
    let email = try Account.normalise(email: email)
    if let name { try DisplayName.validate(name, field: "account name") }
    var accounts = try transaction.accounts()
    guard !accounts.contains(where: { $0.email == email }) else {
      throw PconError.accountExists(email: email)
    }
    let account = Account(id: random.hex(8), email: email, name: name, createdAt: transaction.now)
    let isFirst = accounts.isEmpty
    accounts.append(account)
    transaction.saveAccounts(accounts, tokens: try transaction.tokens())
    if isFirst { transaction.saveSession(accountID: account.id) }
    return account
  }

  /// Makes `email` the logged-in account.
  public static func login(email: String, in transaction: Transaction) throws -> Account {
    let email = try Account.normalise(email: email)
    guard let account = try transaction.account(email: email) else {
      throw PconError.accountNotFound(email: email)
    }
    transaction.saveSession(accountID: account.id)
    return account
  }

  /// Forgets the logged-in account; returns who was logged in, if anyone.
  public static func logout(in transaction: Transaction) throws -> Account? {
    guard let id = try transaction.sessionAccountID() else { return nil }
    transaction.saveSession(accountID: nil)
    return try transaction.accounts().first { $0.id == id }
  }

  /// A new token's public record and its secret, which is shown once and never stored.
  public struct IssuedToken: Sendable {
    public let record: AccessToken
    public let secret: String
  }

  /// Issues a personal token for `account`, expiring after `expiresIn` seconds (90 days when
  /// not given).
  static func createToken(
    for account: Account, expiresIn: Int64?, in transaction: Transaction, random: RandomSource
  ) throws -> IssuedToken {
    if let expiresIn, expiresIn <= 0 {
      throw PconError.invalidValue(
        field: .tokenLifetime, value: String(expiresIn), expected: "a positive number of seconds")
    }
    let (secret, hash) = random.secret()
    let record = AccessToken(
      id: random.hex(6), accountID: account.id, secretHash: hash,
      createdAt: transaction.now,
      expiresAt: transaction.now.adding(seconds: expiresIn ?? AccessToken.defaultLifetime))
    var tokens = try transaction.tokens()
    tokens.append(record)
    transaction.saveAccounts(try transaction.accounts(), tokens: tokens)
    return IssuedToken(record: record, secret: secret)
  }

  /// The tokens `account` holds.
  static func tokens(of account: Account, in transaction: Transaction) throws
    -> [AccessToken]
  {
    try transaction.tokens().filter { $0.accountID == account.id }
  }

  /// Revokes one of `account`'s tokens by its public ID.
  static func revokeToken(id: String, of account: Account, in transaction: Transaction)
    throws -> AccessToken
  {
    var tokens = try transaction.tokens()
    guard
      let index = tokens.firstIndex(where: {
        $0.id == id.lowercased() && $0.accountID == account.id
      })
    else {
      // A secret given for an ID is never echoed back: the error names its ID, if it has one.
      if id.count > 12 {
        let hash = SHA256.hex(id)
        throw PconError.tokenSecretGiven(
          id: tokens.first { $0.secretHash == hash && $0.accountID == account.id }?.id)
      }
      throw PconError.tokenNotFound(id: id)
    }
    let removed = tokens.remove(at: index)
    transaction.saveAccounts(try transaction.accounts(), tokens: tokens)
    return removed
  }

  /// Issues a personal token for the person acting.
  public static func createToken(
    by actor: Actor, expiresIn: Int64?, in transaction: Transaction, random: RandomSource
  ) throws -> IssuedToken {
    let account = try Access.authorize(actor, Needs.tokens, in: transaction).person()
    return try createToken(
      for: account, expiresIn: expiresIn, in: transaction, random: random)
  }

  /// The tokens the person acting holds.
  public static func tokens(by actor: Actor, in transaction: Transaction) throws -> [AccessToken] {
    try tokens(
      of: try Access.authorize(actor, Needs.tokens, in: transaction).person(), in: transaction)
  }

  /// Revokes one of the acting person's tokens by its public ID.
  public static func revokeToken(id: String, by actor: Actor, in transaction: Transaction)
    throws -> AccessToken
  {
    try revokeToken(
      id: id, of: try Access.authorize(actor, Needs.tokens, in: transaction).person(),
      in: transaction)
  }
}
