extension Fleet {
  /// Every device `actor` can see: its own, and those of the products it may list devices of
  /// (quarantine included). Each passes `Access.canSee`, so completion and "did you mean" never
  /// offer a device the actor could not have named.
  public static func visible(to actor: Actor, in transaction: Transaction) throws -> [Device] {
    var candidates: [Device] = []
    if case .person(let account) = actor { candidates += try transaction.ownedDevices(account) }
    // A product the actor may not list devices of is no source of devices; nor is a refusal.
    let products = (try? Access.products(actor, Needs.list, in: transaction)) ?? []
    for product in products {
      candidates += try transaction.productDevices(product.id)
      candidates += try transaction.productDevices(product.id, quarantined: true)
    }
    var seen: Set<String> = []
    return try candidates.filter {
      try seen.insert($0.id).inserted && Access.canSee($0, actor, in: transaction)
    }
  }

  /// The name of a device `actor` can see that is closest to a mistyped `reference`, for a
  /// "did you mean" hint.
  public static func nearestName(
    to reference: String, for actor: Actor, in transaction: Transaction
  )
    throws -> String?
  {
    let names = Set(try visible(to: actor, in: transaction).compactMap(\.name))
    return Nearest.closest(to: reference, among: names.sorted())
  }
}
