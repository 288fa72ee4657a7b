/// How a command says who is acting: the logged-in account, `--as`, or a token.
public struct Identity: Sendable, Equatable {
  /// `--as EMAIL`, acting as that account for one command.
  public var asEmail: String?
  /// `--token` or `PCON_TOKEN`: a token's secret.
  public var token: String?

  public init(asEmail: String? = nil, token: String? = nil) {
    self.asEmail = asEmail
    self.token = token
  }

  /// The account acting, checked against the state: a token must exist and be unexpired.
  public func resolve(in transaction: Transaction) throws -> Account {
    if asEmail != nil && token != nil { throw PconError.conflictingIdentity }
    if let token {
      let hash = SHA256.hex(token)
      guard let record = try transaction.tokens().first(where: { $0.secretHash == hash }) else {
        throw PconError.tokenRejected(
          reason: "it is not a token this state directory issued, or it was revoked")
      }
      guard !record.isExpired(at: transaction.now) else {
        throw PconError.tokenRejected(reason: "it expired at \(record.expiresAt?.iso8601 ?? "")")
      }
      guard let account = try transaction.accounts().first(where: { $0.id == record.accountID })
      else {
        throw PconError.tokenRejected(reason: "its account no longer exists")
      }
      return account
    }
    if let asEmail {
      let email = try Account.normalise(email: asEmail)
      guard let account = try transaction.account(email: email) else {
        throw PconError.accountNotFound(email: email)
      }
      return account
    }
    guard let id = try transaction.sessionAccountID(),
      let account = try transaction.accounts().first(where: { $0.id == id })
    else { throw PconError.notLoggedIn }
    return account
  }
}
