/// What a module must be to become a version of a product: each refusal names the file and the
/// field at fault, as the console's upload does.
struct UploadCheck {
  let module: ModuleInfo
  let file: String
  let product: Product

  /// Throws unless the module is an intact application for the product, compiled as `version`,
  /// above every version uploaded so far (`highest`).
  func require(version: Int, after highest: Int?) throws {
    func refuse(_ field: String, _ reason: String) -> PconError {
      .firmwareRefused(file: file, field: field, reason: reason)
    }
    guard module.isApplication else {
      throw refuse(
        "module function", "is \(module.functionName) (\(module.function)), not an application")
    }
    guard module.crcValid else {
      throw refuse(
        "CRC-32", "does not match its bytes: the file is damaged or was changed after its build")
    }
    guard module.platformID == product.platformID else {
      throw refuse(
        "platform",
        "is \(Self.describe(module.platformID)), but product \(product.id) is for \(Self.describe(product.platformID))"
      )
    }
    guard let compiled = module.productVersion, !ModuleInfo.isUnset(compiled) else {
      throw refuse(
        "product version", "is missing: build it with PRODUCT_VERSION(\(version))")
    }
    guard compiled == version else {
      throw refuse(
        "product version", "is \(compiled), but version \(version) was given; they must match")
    }
    if let id = module.productID, !ModuleInfo.isUnset(id), id != product.id,
      id != product.platformID
    {
      throw refuse(
        "product ID",
        "is \(id): neither product \(product.id), the platform ID (\(product.platformID)) nor unset"
      )
    }
    if let highest, version <= highest {
      throw refuse(
        "product version", "is \(version), not above version \(highest) already uploaded")
    }
  }

  private static func describe(_ platformID: Int) -> String {
    ModulePlatforms.name(of: platformID).map { "\($0) (\(platformID))" } ?? "ID \(platformID)"
  }
}
