/// Where each kind of record lives inside the state directory.
///
/// Devices are spread over `shardCount` files by a hash of their ID, so a command about one
/// device reads and writes one small file however large the fleet is. Name and owner indexes
/// answer "which device is called X" and "which devices does this account own" the same way.
public enum StateLayout {
  public static let accounts = "accounts.json"
  public static let session = "session.json"
  public static let sims = "sims.json"
  public static let devicesDirectory = "devices"
  public static let namesDirectory = "names"
  public static let ownersDirectory = "owners"
  /// The number of device shards (and of name-index shards).
  public static let shardCount = 4096

  /// The shard file holding device `id` (lower-case).
  public static func deviceShard(_ id: String) -> String {
    "\(devicesDirectory)/\(shardName(id)).json"
  }

  /// The name-index shard holding entries for device name `name`.
  public static func nameShard(_ name: String) -> String {
    "\(namesDirectory)/\(shardName(name)).json"
  }

  public static let productsDirectory = "product-devices"

  /// The index of a product's member and quarantined devices.
  public static func productIndex(_ productID: Int) -> String {
    "\(productsDirectory)/\(productID).json"
  }

  /// The index of the devices an account owns.
  public static func ownerIndex(_ accountID: String) -> String {
    "\(ownersDirectory)/\(accountID).json"
  }

  /// Three hex digits from FNV-1a of `key`: device IDs from one batch share long prefixes,
  /// so a hash spreads them where their leading digits would not.
  static func shardName(_ key: String) -> String {
    var hash: UInt32 = 0x811C_9DC5
    for byte in key.utf8 {
      hash ^= UInt32(byte)
      hash = hash &* 0x0100_0193
    }
    let digits = String(hash % UInt32(shardCount), radix: 16)
    return String(repeating: "0", count: 3 - digits.count) + digits
  }
}
