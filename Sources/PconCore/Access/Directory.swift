/// Reading and writing products, organizations, teams and customers.
extension Transaction {
  public func products() throws -> [Product] { try load(StateFiles.products) }

  func saveProducts(_ products: [Product]) { save(StateFiles.products, products) }

  public func orgs() throws -> [Organization] { try load(StateFiles.orgs) }

  func saveOrgs(_ orgs: [Organization]) { save(StateFiles.orgs, orgs) }

  public func teamMembers() throws -> [TeamMember] { try load(StateFiles.team).members }

  public func apiUsers() throws -> [APIUser] { try load(StateFiles.team).apiUsers }

  func saveTeam(members: [TeamMember], apiUsers: [APIUser]) {
    save(StateFiles.team, (members, apiUsers))
  }

  public func customers() throws -> [Customer] { try load(StateFiles.customers).customers }

  func customerTokens() throws -> [CustomerToken] { try load(StateFiles.customers).tokens }

  func oauthClients() throws -> [OAuthClient] { try load(StateFiles.customers).clients }

  func saveCustomers(_ customers: [Customer], tokens: [CustomerToken], clients: [OAuthClient]) {
    save(StateFiles.customers, (customers, tokens, clients))
  }

  /// The members and quarantined devices of a product, from its index.
  func productIndex(_ id: Int) throws -> (members: [String], quarantined: [String]) {
    try load(StateFiles.productIndex(id))
  }

  func saveProductIndex(_ id: Int, members: [String], quarantined: [String]) {
    save(StateFiles.productIndex(id), (members, quarantined))
  }
}
