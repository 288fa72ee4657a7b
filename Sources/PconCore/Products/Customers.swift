/// The rules for a product's customers, their tokens, and OAuth clients.
public enum Customers {
  public enum Needs {
    public static let view = Permission.view("customers:list")
    public static let manage = Permission.develop("customers:update")
    public static let remove = Permission.develop("customers:remove")
    public static let clients = Permission.develop("clients:create")
    public static let viewClients = Permission.view("clients:list")
    public static let removeClients = Permission.develop("clients:remove")
  }

  static func product(
    _ reference: String, _ permission: Permission, actor: Actor, in transaction: Transaction
  ) throws -> Product {
    try Products.authorized(reference, permission, actor: actor, in: transaction)
  }

  public static func create(
    _ email: String, product reference: String, password: Bool, by actor: Actor,
    in transaction: Transaction
  ) throws -> Customer {
    let email = try Account.normalise(email: email)
    let product = try product(reference, Needs.manage, actor: actor, in: transaction)
    var customers = try transaction.customers()
    guard !customers.contains(where: { $0.productID == product.id && $0.email == email }) else {
      throw PconError.teamConflict("\(email) is already a customer of product \(product.id)")
    }
    let customer = Customer(
      productID: product.id, email: email, hasPassword: password, createdAt: transaction.now)
    customers.append(customer)
    transaction.saveCustomers(
      customers, tokens: try transaction.customerTokens(), clients: try transaction.oauthClients())
    return customer
  }

  /// The customers of a product with the devices each has claimed, by ID.
  public static func list(product reference: String, by actor: Actor, in transaction: Transaction)
    throws
    -> [(Customer, [Device])]
  {
    let product = try product(reference, Needs.view, actor: actor, in: transaction)
    // Grouped by owner once, so the list costs customers plus devices, not their product.
    var owned: [String: [Device]] = [:]
    for device in try transaction.productDevices(product.id) {
      // A person's device is not a customer's, whatever email they share.
      if let owner = device.owner, device.ownerKind != .person {
        owned[owner, default: []].append(device)
      }
    }
    return try transaction.customers().filter { $0.productID == product.id }.map { customer in
      (customer, (owned[customer.email] ?? []).sorted { $0.id < $1.id })
    }
  }

  /// What deleting a customer takes with it: the devices it unclaims and the tokens it revokes.
  public struct Deletion: Sendable {
    public let email: String
    public let devices: Int
    public let tokens: Int
  }

  /// What deleting `email` would do, for the question asked before it is done.
  public static func deletion(
    of email: String, product reference: String, by actor: Actor, in transaction: Transaction
  ) throws -> Deletion {
    let (product, customer) = try find(email, product: reference, by: actor, in: transaction)
    return Deletion(
      email: customer.email,
      devices: try transaction.productDevices(product.id).filter { Access.owns(customer, $0) }
        .count,
      tokens: try transaction.customerTokens().filter {
        $0.productID == product.id && $0.email == customer.email
      }.count)
  }

  /// Deletes a customer and revokes its tokens; its devices stay in the product, unclaimed.
  public static func delete(
    _ email: String, product reference: String, by actor: Actor, in transaction: Transaction
  ) throws {
    let (product, customer) = try find(email, product: reference, by: actor, in: transaction)
    let email = customer.email
    let customers = try transaction.customers().filter {
      !($0.productID == product.id && $0.email == email)
    }
    let tokens = try transaction.customerTokens().filter {
      !($0.productID == product.id && $0.email == email)
    }
    transaction.saveCustomers(customers, tokens: tokens, clients: try transaction.oauthClients())
    let owned = try transaction.productDevices(product.id).filter { Access.owns(customer, $0) }
    for device in owned {
      // Saved one by one, so each sees the names the ones before it kept.
      try transaction.save(try transaction.handedOver(device, to: nil, kind: .customer))
    }
  }

  /// The product and the customer `email` of it, which `actor` may remove.
  private static func find(
    _ email: String, product reference: String, by actor: Actor, in transaction: Transaction
  ) throws -> (Product, Customer) {
    let email = try Account.normalise(email: email)
    let product = try product(reference, Needs.remove, actor: actor, in: transaction)
    guard
      let customer = try transaction.customers().first(where: {
        $0.productID == product.id && $0.email == email
      })
    else {
      throw PconError.customerNotFound(email)
    }
    return (product, customer)
  }

  /// A token for one customer, valid for `expiresIn` seconds (default 90 days).
  public static func token(
    for email: String, product reference: String, expiresIn: Int64?, by actor: Actor,
    in transaction: Transaction,
    random: RandomSource
  ) throws -> (CustomerToken, String) {
    let email = try Account.normalise(email: email)
    let product = try product(reference, Needs.manage, actor: actor, in: transaction)
    guard
      try transaction.customers().contains(where: {
        $0.productID == product.id && $0.email == email
      })
    else {
      throw PconError.customerNotFound(email)
    }
    let (secret, hash) = random.secret()
    let record = CustomerToken(
      id: random.hex(6), productID: product.id, email: email, tokenHash: hash,
      createdAt: transaction.now,
      expiresAt: transaction.now.adding(seconds: expiresIn ?? AccessToken.defaultLifetime))
    var tokens = try transaction.customerTokens()
    tokens.append(record)
    transaction.saveCustomers(
      try transaction.customers(), tokens: tokens, clients: try transaction.oauthClients())
    return (record, secret)
  }

  /// Gives a product device to a customer, or to a person on its own (single-account claiming).
  public static func claim(
    _ deviceRef: String, for email: String, product reference: String, by actor: Actor,
    in transaction: Transaction
  ) throws -> Device {
    let email = try Account.normalise(email: email)
    let product = try product(reference, Needs.manage, actor: actor, in: transaction)
    var device = try Fleet.resolve(deviceRef, for: actor, in: transaction)
    try device.requireMember(of: product, as: deviceRef)
    let isCustomer = try transaction.customers().contains {
      $0.productID == product.id && $0.email == email
    }
    let isAccount = try transaction.account(email: email) != nil
    guard isCustomer || isAccount else { throw PconError.customerNotFound(email) }
    // The customer when both are: `customer claim` is about the product's customers.
    let kind: OwnerKind = isCustomer ? .customer : .person
    if device.owner != nil, device.owner != email || device.ownerKind.map({ $0 != kind }) == true {
      // The acting person's own device is theirs to unclaim first, not "another account's".
      if case .person(let account) = actor, try Access.owns(account, device, in: transaction) {
        throw PconError.deviceAlreadyClaimed(id: device.id)
      }
      throw PconError.deviceClaimedByAnother(id: device.id)
    }
    device = try transaction.handedOver(device, to: email, kind: kind)
    try transaction.save(device)
    return device
  }

  /// Creates an OAuth client; its secret is returned once and stored as a hash.
  public static func createClient(
    _ name: String, product reference: String, type: String, redirectURI: String?, by actor: Actor,
    in transaction: Transaction,
    random: RandomSource
  ) throws -> (OAuthClient, String) {
    let product = try product(reference, Needs.clients, actor: actor, in: transaction)
    try DisplayName.validate(name, field: "OAuth client name")
    guard type == "installed" || type == "web" else {
      throw PconError.invalidValue(field: .clientType, value: type, expected: "installed or web")
    }
    if type == "web" {
      guard let redirectURI,
        redirectURI.hasPrefix("https://") || redirectURI.hasPrefix("http://localhost")
      else {
        throw PconError.invalidValue(
          field: .redirectURI, value: redirectURI ?? "",
          expected: "an https:// URI for a web client")
      }
    }
    let slug = Product.slug(for: name)
    let (secret, hash) = random.secret()
    let client = OAuthClient(
      id: "\(slug)-\(random.hex(2))", productID: product.id, name: name, type: type,
      redirectURI: redirectURI,
      secretHash: hash, createdAt: transaction.now)
    var clients = try transaction.oauthClients()
    clients.append(client)
    transaction.saveCustomers(
      try transaction.customers(), tokens: try transaction.customerTokens(), clients: clients)
    return (client, secret)
  }

  /// The product's OAuth clients, oldest first.
  public static func clients(
    product reference: String, by actor: Actor, in transaction: Transaction
  ) throws -> [OAuthClient] {
    let product = try product(reference, Needs.viewClients, actor: actor, in: transaction)
    return try transaction.oauthClients().filter { $0.productID == product.id }
  }

  /// Deletes an OAuth client; apps using it can no longer sign customers in.
  public static func deleteClient(
    _ id: String, product reference: String, by actor: Actor, in transaction: Transaction
  ) throws -> OAuthClient {
    let product = try product(reference, Needs.removeClients, actor: actor, in: transaction)
    let clients = try transaction.oauthClients()
    guard let client = clients.first(where: { $0.productID == product.id && $0.id == id }) else {
      throw PconError.clientNotFound(id)
    }
    transaction.saveCustomers(
      try transaction.customers(), tokens: try transaction.customerTokens(),
      clients: clients.filter { $0 != client })
    return client
  }
}
