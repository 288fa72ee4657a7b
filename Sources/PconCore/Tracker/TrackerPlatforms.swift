/// The platforms with Asset Tracker features (Tracker One and Monitor One's `tracker`, and
/// `trackerm`), and the refusal everything else gets.
public enum TrackerPlatforms {
  /// Platform IDs 26 (`tracker`) and 28 (`trackerm`).
  public static let ids: Set<Int> = [26, 28]
  /// The event a tracker publishes its location in.
  public static let locEvent = "loc"

  /// Whether `platformID` is a tracker platform.
  public static func isTracker(_ platformID: Int) -> Bool { ids.contains(platformID) }

  /// Refuses `product` unless it is a tracker product.
  static func require(_ product: Product) throws {
    guard isTracker(product.platformID) else {
      throw PconError.notATracker(
        "product \(product.id)", platform: Platform.withID(product.platformID)?.name ?? "unknown")
    }
  }

  /// Refuses `device` unless it is a tracker device.
  static func require(_ device: Device, as reference: String) throws {
    guard isTracker(device.platformID) else {
      throw PconError.notATracker(
        "device \(reference)", platform: device.platform?.name ?? "unknown")
    }
  }
}
