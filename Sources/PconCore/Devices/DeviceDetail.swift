/// A device as `device show` presents it: its record, and the product it is in or waits in,
/// so that product reads by its slug rather than a bare number.
public struct DeviceDetail: Sendable {
  public let device: Device
  /// The device's product, when it has one the state holds.
  public let product: Product?
}
