extension Products {
  /// The slug of a product `actor` can see that is closest to a mistyped `reference`, for a
  /// "did you mean" hint; products the actor cannot view are never candidates.
  public static func nearestSlug(
    to reference: String, for actor: Actor, in transaction: Transaction
  )
    -> String?
  {
    let visible = (try? Access.products(actor, Needs.view, in: transaction)) ?? []
    return Nearest.closest(to: reference, among: visible.map(\.slug))
  }
}
