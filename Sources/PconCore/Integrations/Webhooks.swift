/// The rules for webhook definitions: who may make, see, change and remove them, and where they
/// are kept (one file per owner, a person's sandbox or a product).
public enum Webhooks {
  /// What each rule needs: Particle's `integrations:*` scopes; any team role may look, a
  /// Developer and up may change (the console guide's "create/edit integrations").
  public enum Needs {
    public static let list = Permission.view("integrations:list")
    public static let get = Permission.view("integrations:get")
    public static let create = Permission.develop("integrations:create")
    public static let update = Permission.develop("integrations:update")
    public static let remove = Permission.develop("integrations:remove")
  }

  /// Whether `text` is a webhook ID: 24 lower-case hex digits, like Particle's.
  public static func isID(_ text: String) -> Bool {
    Hex.isHex(text, count: 24) && text == text.lowercased()
  }

  /// The fields `integration edit` changes; nil leaves a field as it is.
  public struct Changes: Sendable {
    public var event: String?
    public var url: String?
    public var method: Webhook.Method?
    public var payload: Webhook.Payload?
    public var query: [(String, String)]?
    public var headers: [(String, String)]?
    public var name: String?
    public var noDefaults: Bool?
    public var responseTopic: String?
    public var errorResponseTopic: String?
    public var disabled: Bool?
    /// A device ID or name to watch alone; "" watches every device again.
    public var device: String?

    public init() {}
  }

  /// The hooks of `owner` as stored, for the delivery worker: no authorization, since the
  /// worker acts for every owner.
  public static func hooks(of owner: Webhook.Owner, in transaction: Transaction) throws
    -> [Webhook]
  {
    try transaction.load(StateFiles.integrations(owner))
  }

  /// Creates a hook from `definition`, on `product` (or the product the definition names),
  /// else in the actor's sandbox.
  public static func create(
    _ definition: WebhookJSON.Definition, product reference: String?, by actor: Actor,
    in transaction: Transaction, random: RandomSource
  ) throws -> Webhook {
    let owner = try owner(
      for: definition, product: reference ?? Access.defaultProduct(of: actor), Needs.create,
      actor: actor, in: transaction)
    var hook = definition.hook
    hook.id = random.hex(12)
    hook.owner = owner
    hook.createdAt = transaction.now
    hook.watchingSince = transaction.now
    hook.deviceID = try deviceFilter(definition.device, owner: owner, actor: actor, in: transaction)
    try complete(&hook)
    var hooks = try hooks(of: owner, in: transaction)
    hooks.append(hook)
    transaction.save(StateFiles.integrations(owner), hooks)
    try Delivery.startWatching(hook, in: transaction)
    return hook
  }

  /// Every hook the actor may list: its sandbox's, then each product's it is on, by product.
  public static func list(by actor: Actor, in transaction: Transaction) throws -> [Webhook] {
    try refuseCustomer(actor, Needs.list, in: transaction)
    var owners: [Webhook.Owner] = []
    if case .person(let account) = actor { owners.append(.account(id: account.id)) }
    owners += try Access.products(actor, Needs.list, in: transaction).map { .product(id: $0.id) }
    return try owners.flatMap { try hooks(of: $0, in: transaction) }
  }

  /// Hook `id`.
  public static func show(_ id: String, by actor: Actor, in transaction: Transaction) throws
    -> Webhook
  {
    try locate(id, Needs.get, actor: actor, in: transaction)
  }

  /// Changes the fields `changes` names; the result passes every check a new hook does.
  public static func edit(
    _ id: String, _ changes: Changes, by actor: Actor, in transaction: Transaction
  ) throws -> Webhook {
    let hook = try locate(id, Needs.update, actor: actor, in: transaction)
    var edited = hook
    if let event = changes.event { edited.event = event }
    if let url = changes.url { edited.url = url }
    if let method = changes.method { edited.method = method }
    if let payload = changes.payload { edited.payload = payload }
    if let query = changes.query { edited.query = query }
    if let headers = changes.headers { edited.headers = headers }
    if let name = changes.name { edited.name = name }
    if let noDefaults = changes.noDefaults { edited.noDefaults = noDefaults }
    if let topic = changes.responseTopic { edited.responseTopic = topic.isEmpty ? nil : topic }
    if let topic = changes.errorResponseTopic {
      edited.errorResponseTopic = topic.isEmpty ? nil : topic
    }
    if let disabled = changes.disabled { edited.disabled = disabled }
    if let device = changes.device {
      edited.deviceID = try deviceFilter(
        device.isEmpty ? nil : device, owner: hook.owner, actor: actor, in: transaction)
    }
    return try store(edited, replacing: hook, in: transaction)
  }

  /// Replaces the whole definition, as Particle's PUT does: only the ID, owner and creation
  /// time are kept.
  public static func replace(
    _ id: String, with definition: WebhookJSON.Definition, by actor: Actor,
    in transaction: Transaction
  ) throws -> Webhook {
    let hook = try locate(id, Needs.update, actor: actor, in: transaction)
    if let productID = definition.productID, hook.owner != .product(id: productID) {
      throw PconError.invalidWebhook(
        field: "product_id",
        reason: "\(productID) is not this hook's product; a hook cannot move to another owner")
    }
    var replaced = definition.hook
    replaced.id = hook.id
    replaced.owner = hook.owner
    replaced.createdAt = hook.createdAt
    replaced.watchingSince = hook.watchingSince
    replaced.deviceID = try deviceFilter(
      definition.device, owner: hook.owner, actor: actor, in: transaction)
    return try store(replaced, replacing: hook, in: transaction)
  }

  /// Hook `id` as `delete` would remove it, for the question asked first. Changes nothing.
  public static func deletion(_ id: String, by actor: Actor, in transaction: Transaction) throws
    -> Webhook
  {
    try locate(id, Needs.remove, actor: actor, in: transaction)
  }

  /// Removes hook `id`.
  public static func delete(_ id: String, by actor: Actor, in transaction: Transaction) throws
    -> Webhook
  {
    let hook = try locate(id, Needs.remove, actor: actor, in: transaction)
    let hooks = try hooks(of: hook.owner, in: transaction).filter { $0.id != hook.id }
    transaction.save(StateFiles.integrations(hook.owner), hooks)
    Delivery.forget(hook, in: transaction)
    return hook
  }

  /// What `enable` or `disable` left, and whether it was so already.
  public struct Switch: Sendable {
    public let hook: Webhook
    public let changed: Bool
  }

  /// Turns hook `id` on or off. A hook turned on sees only events published from now on.
  public static func setEnabled(
    _ id: String, _ enabled: Bool, by actor: Actor, in transaction: Transaction
  ) throws -> Switch {
    let hook = try locate(id, Needs.update, actor: actor, in: transaction)
    guard hook.disabled == enabled else { return Switch(hook: hook, changed: false) }
    var changes = Changes()
    changes.disabled = !enabled
    return Switch(hook: try edit(id, changes, by: actor, in: transaction), changed: true)
  }

  /// Hook `id`, which `actor` may act on for `permission`.
  public static func authorized(
    _ id: String, _ permission: Permission, by actor: Actor, in transaction: Transaction
  ) throws -> Webhook {
    try locate(id, permission, actor: actor, in: transaction)
  }

  /// The ID of a hook the actor may see closest to a mistyped one, for "did you mean".
  public static func nearestID(to id: String, for actor: Actor, in transaction: Transaction)
    -> String?
  {
    guard let hooks = try? list(by: actor, in: transaction) else { return nil }
    return Nearest.closest(to: id, among: hooks.map(\.id))
  }

  // MARK: Rules shared by the commands

  /// Stores `edited` in place of `hook` after checking it; turning a hook on restarts its watch.
  private static func store(
    _ edited: Webhook, replacing hook: Webhook, in transaction: Transaction
  ) throws -> Webhook {
    var edited = edited
    try complete(&edited)
    let restarts = hook.disabled && !edited.disabled
    if restarts { edited.watchingSince = transaction.now }
    let hooks = try hooks(of: hook.owner, in: transaction).map { $0.id == hook.id ? edited : $0 }
    transaction.save(StateFiles.integrations(hook.owner), hooks)
    if restarts { try Delivery.startWatching(edited, in: transaction) }
    return edited
  }

  /// Gives a nameless hook Particle's default name, then checks it.
  private static func complete(_ hook: inout Webhook) throws {
    try WebhookValidation.checkURL(hook.url)
    if hook.name.isEmpty { hook.name = "\(hook.event) for \(host(of: hook.url))" }
    try WebhookValidation.check(hook)
  }

  /// The host of a URL that passed `checkURL`.
  static func host(of url: String) -> String {
    let rest = url.drop { $0 != ":" }.dropFirst(3)
    let authority = rest.prefix { !"/?#".contains($0) }
    let host = authority.split(separator: "@").last ?? authority
    if host.hasPrefix("[") { return String(host.prefix { $0 != "]" }) + "]" }
    return String(host.split(separator: ":").first ?? host)
  }

  /// Who a new hook belongs to: the product named (on the line or in the definition), which the
  /// actor must be allowed `permission` on, else the acting person's sandbox.
  private static func owner(
    for definition: WebhookJSON.Definition, product reference: String?,
    _ permission: Permission, actor: Actor, in transaction: Transaction
  ) throws -> Webhook.Owner {
    var productReference = reference
    if let productID = definition.productID {
      if let reference {
        let named = try Products.authorized(reference, permission, actor: actor, in: transaction)
        guard named.id == productID else {
          throw PconError.invalidWebhook(
            field: "product_id",
            reason: "the definition names product \(productID) but product \(reference) was given")
        }
      }
      productReference = String(productID)
    }
    if let productReference {
      let product = try Products.authorized(
        productReference, permission, actor: actor, in: transaction)
      return .product(id: product.id)
    }
    let account = try Access.authorize(actor, permission, in: transaction).person()
    return .account(id: account.id)
  }

  /// The device a sandbox hook watches alone: one the owner itself owns.
  private static func deviceFilter(
    _ reference: String?, owner: Webhook.Owner, actor: Actor, in transaction: Transaction
  ) throws -> String? {
    guard let reference else { return nil }
    guard case .account = owner else {
      throw PconError.invalidWebhook(
        field: "deviceID",
        reason:
          "a product's hook sees every device of the product; only sandbox hooks watch one device")
    }
    guard case .person(let account) = actor else {
      throw PconError.notForActor(actor.label, needs: Grant.personNeeded)
    }
    let device = try Fleet.resolve(reference, for: actor, in: transaction)
    guard try Access.owns(account, device, in: transaction) else {
      throw PconError.invalidWebhook(
        field: "deviceID",
        reason: "device \(reference) is not yours; a sandbox hook watches its owner's devices")
    }
    return device.id
  }

  /// Hook `id` among those the actor may see, authorized for `permission` on its owner.
  private static func locate(
    _ id: String, _ permission: Permission, actor: Actor, in transaction: Transaction
  ) throws -> Webhook {
    try refuseCustomer(actor, permission, in: transaction)
    if case .apiUser(let user) = actor, let scope = permission.apiScope,
      !user.scopes.contains(scope)
    {
      throw PconError.scopeRequired(scope)
    }
    var owners: [(Webhook.Owner, Product?)] = []
    if case .person(let account) = actor { owners.append((.account(id: account.id), nil)) }
    for product in try transaction.products().sorted(by: { $0.id < $1.id }) {
      switch actor {
      case .person(let account):
        if try Access.role(of: account, on: product, in: transaction) != nil {
          owners.append((.product(id: product.id), product))
        }
      case .apiUser(let user):
        if try Access.covers(user.scope, product) {
          owners.append((.product(id: product.id), product))
        }
      case .customer: break
      }
    }
    for (owner, product) in owners {
      guard let hook = try hooks(of: owner, in: transaction).first(where: { $0.id == id }) else {
        continue
      }
      _ = try Access.authorize(actor, permission, product: product, in: transaction)
      return hook
    }
    throw PconError.integrationNotFound(id)
  }

  /// Customers have no integrations: refused as Access refuses them anything beyond their
  /// devices.
  private static func refuseCustomer(
    _ actor: Actor, _ permission: Permission, in transaction: Transaction
  ) throws {
    guard case .customer(let customer) = actor else { return }
    let own = try transaction.products().first { $0.id == customer.productID }
    _ = try Access.authorize(actor, permission, product: own, in: transaction)
  }
}
