/// Where a device stands with a product, for the rules that act on a product's devices.
extension Device {
  /// Refuses a device that is not an admitted member of `product`, saying where it stands;
  /// `reference` is how the actor named it.
  func requireMember(of product: Product, as reference: String) throws {
    guard productID == product.id, !quarantined else {
      throw PconError.deviceNotInProduct(
        reference, product: product.slug, quarantined: productID == product.id)
    }
  }
}
