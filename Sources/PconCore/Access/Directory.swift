/// Reading and writing products, organizations, teams and customers.
extension Transaction {
  static let productsFile = "products.json"
  static let orgsFile = "orgs.json"
  static let teamFile = "team.json"
  static let customersFile = "customers.json"

  public func products() throws -> [Product] {
    try decode(Self.productsFile) { try $0.objects("products").map(Product.init(json:)) } ?? []
  }

  func saveProducts(_ products: [Product]) {
    stage(Self.productsFile, .object([("products", .array(products.map(\.json)))]))
  }

  public func orgs() throws -> [Organization] {
    try decode(Self.orgsFile) { try $0.objects("orgs").map(Organization.init(json:)) } ?? []
  }

  func saveOrgs(_ orgs: [Organization]) {
    stage(Self.orgsFile, .object([("orgs", .array(orgs.map(\.storedJSON)))]))
  }

  public func teamMembers() throws -> [TeamMember] {
    try decode(Self.teamFile) { try $0.objects("members").map(TeamMember.init(json:)) } ?? []
  }

  public func apiUsers() throws -> [APIUser] {
    try decode(Self.teamFile) { try $0.objects("api_users").map(APIUser.init(json:)) } ?? []
  }

  func saveTeam(members: [TeamMember], apiUsers: [APIUser]) {
    stage(
      Self.teamFile,
      .object([
        ("members", .array(members.map(\.storedJSON))),
        ("api_users", .array(apiUsers.map(\.storedJSON))),
      ]))
  }

  public func customers() throws -> [Customer] {
    try decode(Self.customersFile) { try $0.objects("customers").map(Customer.init(json:)) } ?? []
  }

  func customerTokens() throws -> [CustomerToken] {
    try decode(Self.customersFile) { try $0.objects("tokens").map(CustomerToken.init(json:)) } ?? []
  }

  func oauthClients() throws -> [OAuthClient] {
    try decode(Self.customersFile) { try $0.objects("clients").map(OAuthClient.init(json:)) } ?? []
  }

  func saveCustomers(_ customers: [Customer], tokens: [CustomerToken], clients: [OAuthClient]) {
    stage(
      Self.customersFile,
      .object([
        ("customers", .array(customers.map(\.storedJSON))),
        ("tokens", .array(tokens.map(\.storedJSON))),
        ("clients", .array(clients.map(\.storedJSON))),
      ]))
  }

  /// The members and quarantined devices of a product, from its index.
  func productIndex(_ id: Int) throws -> (members: [String], quarantined: [String]) {
    try decode(StateLayout.productIndex(id)) {
      (try $0.strings("devices"), try $0.strings("quarantined"))
    } ?? ([], [])
  }

  func saveProductIndex(_ id: Int, members: [String], quarantined: [String]) {
    stage(
      StateLayout.productIndex(id),
      .object([
        ("devices", .array(members.map(JSON.string))),
        ("quarantined", .array(quarantined.map(JSON.string))),
      ]))
  }
}
