/// The rules for products: creating and finding them, and the devices in them.
public enum Products {
  public enum Needs {
    public static let create = Permission.personal
    public static let view = Permission.view("products:get")
    public static let move = Permission.administer(nil)
    /// Creating a product in an org, or moving one into it.
    public static let createInOrg = Permission(.org(.developer))
    public static let moveIntoOrg = Permission(.org(.administrator))
    public static let importDevices = Permission.develop("devices:import")
    public static let removeDevice = Permission.develop("devices:remove")
    public static let editDevice = Permission.develop("devices:update")
  }

  /// The product `reference` (numeric ID or slug), without checking who may see it.
  static func find(_ reference: String, in transaction: Transaction) throws -> Product {
    let products = try transaction.products()
    if let id = Int(reference), let product = products.first(where: { $0.id == id }) {
      return product
    }
    guard let product = products.first(where: { $0.slug == reference.lowercased() }) else {
      throw PconError.productNotFound(reference)
    }
    return product
  }

  /// The product `reference`, authorized for `permission` (strangers get "not found", in the
  /// words they typed: a slug never reveals the ID behind it).
  public static func authorize(
    _ reference: String, _ permission: Permission, actor: Actor, in transaction: Transaction
  ) throws -> Grant {
    let product = try find(reference, in: transaction)
    do {
      return try Access.authorize(actor, permission, product: product, in: transaction)
    } catch PconError.productNotFound {
      throw PconError.productNotFound(reference)
    }
  }

  /// The product `reference`, authorized for `permission`: the product itself, where
  /// `authorize` gives the grant.
  static func authorized(
    _ reference: String, _ permission: Permission, actor: Actor, in transaction: Transaction
  ) throws -> Product {
    guard
      let product = try Products.authorize(reference, permission, actor: actor, in: transaction)
        .product
    else { throw PconError.productNotFound(reference) }
    return product
  }

  /// Creates a product owned by `account`, optionally in an organization it administers.
  public static func create(
    name: String, platform: Platform, description: String?, org orgRef: String?,
    id requestedID: Int?, by actor: Actor,
    in transaction: Transaction
  ) throws -> Product {
    let account = try Access.authorize(actor, Needs.create, in: transaction).person()
    let trimmed = name.trimmingSpaces
    try DisplayName.validate(trimmed, field: "product name")
    var products = try transaction.products()
    var org: Organization?
    if let orgRef {
      org = try Orgs.authorize(orgRef, Needs.createInOrg, actor: actor, in: transaction).org
    }
    let id: Int
    if let requestedID {
      guard (1...Int(Int32.max)).contains(requestedID) else {
        throw PconError.invalidValue(
          field: .productID, value: String(requestedID), expected: "a positive whole number")
      }
      guard !products.contains(where: { $0.id == requestedID }) else {
        throw PconError.productExists("ID \(requestedID)")
      }
      id = requestedID
    } else {
      id = max(10_000, products.map(\.id).max() ?? 0) + 1
    }
    var slug = Product.slug(for: trimmed)
    if Int(slug) != nil { slug = "p-" + slug }
    var candidate = slug
    var n = 2
    while products.contains(where: { $0.slug == candidate }) {
      candidate = "\(slug)-\(n)"
      n += 1
    }
    let product = Product(
      id: id, slug: candidate, name: trimmed, platformID: platform.id, description: description,
      orgID: org?.id,
      owner: account.email, createdAt: transaction.now)
    products.append(product)
    transaction.saveProducts(products)
    // A Tracker product starts with Particle's off-the-shelf releases in its firmware list.
    try TrackerCatalogue.add(to: product, in: transaction)
    return product
  }

  /// What `product list` shows for one product.
  public struct Summary: Sendable {
    public let product: Product
    public let devices: Int
    public let team: Int
    public let plan: Plan
    public let role: Role?
  }

  /// The products `actor` can see, with their counts.
  public static func list(for actor: Actor, in transaction: Transaction) throws -> [Summary] {
    switch actor {
    case .customer:
      throw PconError.notForActor(
        actor.label, needs: "a person or an API user; customers see only their own devices")
    // An API user lacking the view scope is refused naming it, by `Access.products`.
    case .apiUser, .person: break
    }
    return try Access.products(actor, Needs.view, in: transaction).map { product in
      try summary(
        product,
        role: try Access.authorize(actor, Needs.view, product: product, in: transaction).role,
        in: transaction)
    }
  }

  static func summary(_ product: Product, role: Role?, in transaction: Transaction) throws
    -> Summary
  {
    Summary(
      product: product, devices: try transaction.productIndex(product.id).members.count,
      team: try Teams.members(of: .product(product.id), in: transaction).count,
      plan: try Plan.of(product, in: transaction),
      role: role)
  }

  /// One product, for `product show`.
  public static func show(_ reference: String, by actor: Actor, in transaction: Transaction) throws
    -> Summary
  {
    let grant = try authorize(reference, Needs.view, actor: actor, in: transaction)
    guard let product = grant.product else { throw PconError.productNotFound(reference) }
    return try summary(product, role: grant.role, in: transaction)
  }

  /// Moves a product into an organization; its ID, devices, customers and tokens stay.
  public static func move(
    _ reference: String, toOrg orgRef: String, by actor: Actor, in transaction: Transaction
  ) throws -> Product {
    let grant = try authorize(reference, Needs.move, actor: actor, in: transaction)
    guard var product = grant.product else { throw PconError.productNotFound(reference) }
    guard
      let org = try Orgs.authorize(orgRef, Needs.moveIntoOrg, actor: actor, in: transaction).org
    else { throw PconError.orgNotFound(orgRef) }
    product.orgID = org.id
    let count =
      try Plan.devicesCounted(against: product, in: transaction)
      + transaction.productIndex(product.id).members.count
    guard count <= (try Plan.of(product, in: transaction)).deviceLimit else {
      throw try Plan.full(product, count: count, in: transaction)
    }
    var products = try transaction.products()
    if let index = products.firstIndex(where: { $0.id == product.id }) { products[index] = product }
    transaction.saveProducts(products)
    return product
  }

  /// The devices of a product matching `query` (members, or quarantined ones).
  public static func devices(
    _ reference: String, query: DeviceQuery, quarantined: Bool, by actor: Actor,
    in transaction: Transaction
  ) throws -> [Device] {
    let grant = try authorize(reference, Fleet.Needs.list, actor: actor, in: transaction)
    guard let product = grant.product else { return [] }
    var devices: [Device]
    if !query.groups.isEmpty {
      // A group's index lists its members alone: reading it costs the group, not the product.
      // Quarantined devices are in no group.
      var seen = Set<String>()
      devices =
        quarantined
        ? []
        : try query.groups.flatMap { try transaction.groupDevices(product.id, group: $0) }
          .filter { seen.insert($0.id).inserted }
    } else {
      devices = try transaction.productDevices(product.id, quarantined: quarantined)
    }
    if case .customer(let customer) = grant.actor {
      devices = devices.filter { Access.owns(customer, $0) }
    }
    return query.apply(to: devices)
  }

  /// A device arriving with a product ID in its firmware: it joins when imported, and is
  /// quarantined otherwise. The actor plays the device, so needs Developer on the product, and
  /// may present only a device the cloud does not know, one already waiting in this product's
  /// quarantine, or one it can see: anything else is not found and left untouched.
  static func arrive(
    _ reference: String, productID: Int, by actor: Actor, in transaction: Transaction
  ) throws -> Device {
    let product = try find(String(productID), in: transaction)
    let grant = try Access.authorize(actor, Fleet.Needs.connect, product: product, in: transaction)
    if case .customer = grant.actor {
      let device = try Fleet.resolve(reference, for: actor, in: transaction)
      guard device.productID == productID else { throw PconError.deviceNotFound(reference) }
      return device
    }
    guard Device.isID(reference) else {
      // A name can only mean a device the actor already sees.
      return admit(try Fleet.resolve(reference, for: actor, in: transaction), into: productID)
    }
    guard let existing = try transaction.device(id: reference) else {
      return quarantine(
        Device(id: reference.lowercased(), platformID: product.platformID, owner: nil),
        in: productID)
    }
    let waitingHere = existing.productID == productID && existing.quarantined
    guard try waitingHere || Access.canSee(existing, actor, in: transaction) else {
      throw PconError.deviceNotFound(reference)
    }
    return admit(existing, into: productID)
  }

  /// Where a known device stands after reporting `productID`: a member of a product stays
  /// there; an owner's device outside any product, or a quarantined one, waits in quarantine.
  private static func admit(_ device: Device, into productID: Int) -> Device {
    if let current = device.productID, !device.quarantined || current == productID {
      return device
    }
    return quarantine(device, in: productID)
  }

  private static func quarantine(_ device: Device, in productID: Int) -> Device {
    var device = device
    device.productID = productID
    device.quarantined = true
    return device
  }

  /// Takes a device out of its product: a person who owns it keeps it; otherwise it leaves the
  /// state, a customer's device included.
  public static func remove(
    _ deviceRef: String, from reference: String, by actor: Actor, in transaction: Transaction
  ) throws
    -> Device
  {
    let grant = try authorize(reference, Needs.removeDevice, actor: actor, in: transaction)
    guard let product = grant.product else { throw PconError.productNotFound(reference) }
    var device = try Fleet.resolve(deviceRef, for: actor, in: transaction)
    if device.productID != product.id {
      throw PconError.deviceNotInProduct(deviceRef, product: product.slug, quarantined: false)
    }
    let removed = device
    // A customer owns a device only within the product, so it leaves with the product.
    // (An owner stored without a kind is the customer's when the product has one of that email.)
    let customerOwned =
      try device.ownerKind == .customer
      || device.ownerKind == nil
        && transaction.customers().contains {
          $0.productID == product.id && $0.email == device.owner
        }
    if device.owner == nil || customerOwned {
      try transaction.removeDevices([device.id])
    } else {
      device.productID = nil
      device.quarantined = false
      device.development = false
      device.groups = []
      // Its own settings were the product's development device's.
      device.trackerConfig?.overrides = TrackerConfig()
      // A lock names a version of the product it leaves.
      device.desiredFirmwareVersion = nil
      try transaction.save(device)
    }
    return removed
  }

  /// Marks a product device as a development device (or not).
  public static func setDevelopment(
    _ deviceRef: String, _ on: Bool, by actor: Actor, in transaction: Transaction
  ) throws
    -> Device
  {
    var device = try Fleet.resolve(deviceRef, for: actor, in: transaction)
    guard let productID = device.productID, !device.quarantined else {
      throw PconError.teamConflict(
        "\(device.name ?? device.id) is not in a product; only product devices can be development devices"
      )
    }
    _ = try Access.authorize(
      actor, Needs.editDevice, product: try find(String(productID), in: transaction),
      in: transaction)
    device.development = on
    try transaction.save(device)
    return try transaction.withFirmwareTarget(device)
  }
}

extension String {
  var trimmingSpaces: String {
    var text = Substring(self)
    while let first = text.first, first.isWhitespace { text = text.dropFirst() }
    while let last = text.last, last.isWhitespace { text = text.dropLast() }
    return String(text)
  }
}
