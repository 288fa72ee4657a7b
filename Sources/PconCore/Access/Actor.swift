/// Who is acting: a person, an API user with scopes, or a customer of one product.
public enum Actor: Sendable, Equatable {
  case person(Account)
  case apiUser(APIUser)
  case customer(Customer)

  /// How error messages and `whoami` name the actor.
  public var label: String {
    switch self {
    case .person(let account): return account.email
    case .apiUser(let user): return "API user \(user.name) (\(user.scope.label))"
    case .customer(let customer):
      return "customer \(customer.email) of product \(customer.productID)"
    }
  }
}

/// Proof that an actor passed a command's permission, and on what.
public struct Grant: Sendable {
  public let actor: Actor
  public let permission: Permission
  /// The product the grant is about, if any.
  public let product: Product?
  /// The actor's role on that product (people only).
  public let role: Role?
  /// The organization the grant is about, if any.
  public var org: Organization? = nil

  /// What a person-only step needs, in a refusal to a token.
  static let personNeeded = "a signed-in person's account"

  /// The person acting, or a refusal for API users and customers.
  public func person() throws -> Account {
    guard case .person(let account) = actor else {
      throw PconError.notForActor(actor.label, needs: Self.personNeeded)
    }
    return account
  }
}
