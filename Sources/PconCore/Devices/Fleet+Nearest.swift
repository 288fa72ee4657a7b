extension Fleet {
  /// The name of a device `actor` can see that is closest to a mistyped `reference`, for a
  /// "did you mean" hint. Only devices `Access.canSee` passes are candidates, so the hint never
  /// names a device the actor could not have named.
  public static func nearestName(to reference: String, for actor: Actor, in transaction: Transaction)
    throws -> String?
  {
    var candidates: [Device] = []
    if case .person(let account) = actor { candidates += try transaction.ownedDevices(account) }
    // A product the actor may not list devices of is no source of names; nor is a refusal.
    let products = (try? Access.products(actor, Needs.list, in: transaction)) ?? []
    for product in products {
      candidates += try transaction.productDevices(product.id)
      candidates += try transaction.productDevices(product.id, quarantined: true)
    }
    var names: Set<String> = []
    for device in candidates {
      guard let name = device.name, try Access.canSee(device, actor, in: transaction) else {
        continue
      }
      names.insert(name)
    }
    return Nearest.closest(to: reference, among: names.sorted())
  }
}
