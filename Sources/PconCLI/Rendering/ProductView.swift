import PconCore

/// A product as `--json` prints it: CLI.md's keys in its order, `platform` computed here.
enum ProductView {
  /// The product object of CLI.md; `platform` is the name of its platform ID.
  static func json(_ product: Product) -> JSON {
    .object([
      ("id", .int(product.id)), ("slug", .string(product.slug)), ("name", .string(product.name)),
      ("platform_id", .int(product.platformID)), ("platform", .string(product.platform?.name)),
      ("description", .string(product.description)), ("org", .string(product.orgID)),
      ("owner", .string(product.owner)), ("created_at", .string(product.createdAt.iso8601)),
    ])
  }
}
