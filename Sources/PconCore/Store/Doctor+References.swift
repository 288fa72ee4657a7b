/// The references between state files: each record that names another (a product its org, a
/// device its product, a team member an account) must name one that exists.
extension Doctor {
  /// The records of the single state files and the devices, as the doctor read them.
  struct Records {
    var accounts: [Account] = []
    var products: [Product] = []
    var orgs: [Organization] = []
    var members: [TeamMember] = []
    var apiUsers: [APIUser] = []
    var customers: [Customer] = []
    var customerTokens: [CustomerToken] = []
    var clients: [OAuthClient] = []
    var sims: [SIM] = []
    var devices: [String: Device] = [:]
  }

  /// Notes every reference in `records` to something that does not exist, and every ID used twice.
  static func checkReferences(_ records: Records, note: (String, String) -> Void) {
    let emails = Set(records.accounts.map(\.email))
    let orgIDs = Set(records.orgs.map(\.id))
    let productIDs = Set(records.products.map(\.id))
    func exists(_ scope: TeamScope) -> Bool {
      switch scope {
      case .product(let id): productIDs.contains(id)
      case .org(let id): orgIDs.contains(id)
      }
    }

    var seenProducts = Set<Int>()
    var seenSlugs = Set<String>()
    for product in records.products {
      let file = StateLayout.products
      if !seenProducts.insert(product.id).inserted {
        note(file, "product ID \(product.id) is used twice")
      }
      if !seenSlugs.insert(product.slug).inserted {
        note(file, "product slug '\(product.slug)' is used twice")
      }
      if let org = product.orgID, !orgIDs.contains(org) {
        note(file, "product \(product.id) is in org \(org), which does not exist")
      }
      if !emails.contains(product.owner) {
        note(file, "product \(product.id) is owned by \(product.owner), who has no account")
      }
      if product.platform == nil {
        note(
          file,
          "product \(product.id) is for platform ID \(product.platformID), which pcon does not know"
        )
      }
    }
    var seenOrgs = Set<String>()
    for org in records.orgs {
      if !seenOrgs.insert(org.id).inserted {
        note(StateLayout.orgs, "org ID \(org.id) is used twice")
      }
      if !emails.contains(org.owner) {
        note(StateLayout.orgs, "org \(org.id) is owned by \(org.owner), who has no account")
      }
    }
    for member in records.members {
      if !emails.contains(member.email) {
        note(StateLayout.team, "\(member.scope.label) lists \(member.email), who has no account")
      }
      if !exists(member.scope) {
        note(
          StateLayout.team,
          "\(member.email) is a member of \(member.scope.label), which does not exist")
      }
    }
    for user in records.apiUsers where !exists(user.scope) {
      note(
        StateLayout.team,
        "API user '\(user.name)' belongs to \(user.scope.label), which does not exist")
    }

    let file = StateLayout.customers
    let customerKeys = Set(records.customers.map { "\($0.productID)/\($0.email)" })
    for customer in records.customers where !productIDs.contains(customer.productID) {
      note(
        file,
        "customer \(customer.email) belongs to product \(customer.productID), which does not exist")
    }
    for token in records.customerTokens
    where !customerKeys.contains("\(token.productID)/\(token.email)") {
      note(
        file,
        "token \(token.id) belongs to \(token.email) of product \(token.productID), who is not a customer"
      )
    }
    for client in records.clients where !productIDs.contains(client.productID) {
      note(
        file,
        "OAuth client \(client.id) belongs to product \(client.productID), which does not exist")
    }

    for sim in records.sims {
      if !emails.contains(sim.owner) {
        note(StateLayout.sims, "SIM \(sim.iccid) belongs to \(sim.owner), who has no account")
      }
      if let device = sim.deviceID, records.devices[device] == nil {
        note(StateLayout.sims, "SIM \(sim.iccid) is in device \(device), which does not exist")
      }
    }
    for device in records.devices.values.sorted(by: { $0.id < $1.id }) {
      guard let product = device.productID, !productIDs.contains(product) else { continue }
      note(
        StateLayout.deviceShard(device.id),
        "device \(device.id) names product \(product), which does not exist")
    }
  }
}
