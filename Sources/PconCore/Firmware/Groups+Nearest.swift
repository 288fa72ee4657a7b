extension Groups {
  /// The name of a group of `product` closest to a mistyped `name`, for a "did you mean"
  /// hint; only an actor who may list the product's groups gets one.
  public static func nearestName(
    to name: String, product reference: String, for actor: Actor, in transaction: Transaction
  ) -> String? {
    guard
      let product = try? product(
        reference, Firmware.Needs.listGroups, actor: actor, in: transaction),
      let groups = try? transaction.load(StateFiles.productGroups(product.id))
    else { return nil }
    return Nearest.closest(to: name, among: groups.map(\.name))
  }
}
