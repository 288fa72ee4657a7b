/// Where each kind of record lives inside the state directory: every path pcon reads or writes
/// is spelled here and nowhere else.
///
/// Devices are spread over `shardCount` files by a hash of their ID, so a command about one
/// device reads and writes one small file however large the fleet is. Name and owner indexes
/// answer "which device is called X" and "which devices does this account own" the same way.
enum StateLayout {
  /// The format version and creation time; its presence marks a pcon state directory.
  static let format = "pcon.json"
  /// The file `flock` is taken on.
  static let lock = "lock"
  /// The file a writer locks while it waits for `lock`, so new readers let it in first.
  static let intent = "intent"
  /// The files only locks are taken on: present in any directory pcon has locked, with or
  /// without a `pcon.json`.
  static let lockFiles: Set<String> = [lock, intent]
  /// The redo journal of a multi-file change under way.
  static let journal = "journal"
  static let accounts = "accounts.json"
  static let session = "session.json"
  static let sims = "sims.json"
  /// The marker that tells a demo state directory from any other.
  static let demoMarker = "demo.json"
  static let products = "products.json"
  static let orgs = "orgs.json"
  static let team = "team.json"
  static let customers = "customers.json"
  /// Format 1 kept every device here; migration reads and removes it.
  static let legacyDevices = "devices.json"
  static let devicesDirectory = "devices"
  static let namesDirectory = "names"
  static let ownersDirectory = "owners"
  static let productsDirectory = "product-devices"
  static let eventsDirectory = "events"
  /// Each product's firmware versions and releases, one file per product.
  static let firmwareDirectory = "firmware"
  /// Uploaded firmware binaries, each named by the SHA-256 of its bytes.
  static let binariesDirectory = "firmware-binaries"
  /// Each product's device groups, one file per product.
  static let groupsDirectory = "groups"
  /// The members of each group, one file per group, named `<product>-<group>.json`.
  static let groupIndexDirectory = "group-devices"
  /// How many of each product's members run each firmware version.
  static let runningDirectory = "running-versions"
  /// What each payer used each month, one file per payer and month.
  static let usageDirectory = "usage"
  /// Each organization's card, invoices and suspension.
  static let billingDirectory = "billing"
  /// Each tracker product's settings, one file per product.
  static let trackerDirectory = "tracker"
  /// Each owner's webhooks: one file per sandbox (`a-<account ID>.json`) or product
  /// (`p-<product ID>.json`), so the delivery of one owner's events reads that owner's hooks only.
  static let integrationsDirectory = "integrations"
  /// Each webhook's delivery (`<hook ID>.json`: cursor, retries, history), and every target
  /// host's throttle (`hosts.json`).
  static let deliveriesDirectory = "deliveries"
  /// The throttle of every host webhooks send to.
  static let hosts = "deliveries/hosts.json"
  /// Lock files a long-running job holds while it works (`deliver-a-<account>`,
  /// `deliver-p-<product>`); their bytes are never read.
  static let leasesDirectory = "leases"

  /// A webhook's delivery state.
  static func delivery(_ hookID: String) -> String { "\(deliveriesDirectory)/\(hookID).json" }
  /// The next event ID to be given.
  static let eventSequence = "events/sequence.json"
  /// How far each reader cleared each stream.
  static let eventClears = "events/clears.json"
  /// The number of device shards (and of name-index shards).
  static let shardCount = 4096

  /// The shard file holding device `id` (lower-case).
  static func deviceShard(_ id: String) -> String {
    "\(devicesDirectory)/\(shardName(id)).json"
  }

  /// The name-index shard holding entries for device name `name`.
  static func nameShard(_ name: String) -> String {
    "\(namesDirectory)/\(shardName(name)).json"
  }

  /// A tracker product's fleet-wide settings.
  static func trackerConfig(_ productID: Int) -> String {
    "\(trackerDirectory)/\(productID).json"
  }

  /// The webhooks of `owner`.
  static func integrations(_ owner: Webhook.Owner) -> String {
    switch owner {
    case .account(let id): return "\(integrationsDirectory)/a-\(id).json"
    case .product(let id): return "\(integrationsDirectory)/p-\(id).json"
    }
  }

  /// The owner whose webhooks `path` holds, when it is a webhooks file.
  static func integrationsOwner(_ path: String) -> Webhook.Owner? {
    let prefix = integrationsDirectory + "/"
    guard path.hasPrefix(prefix), path.hasSuffix(".json"), isStateFile(path) else { return nil }
    let stem = path.dropFirst(prefix.count).dropLast(5)
    if stem.hasPrefix("p-") { return Int(stem.dropFirst(2)).map { .product(id: $0) } }
    return .account(id: String(stem.dropFirst(2)))
  }

  /// The index of a product's member and quarantined devices.
  static func productIndex(_ productID: Int) -> String {
    "\(productsDirectory)/\(productID).json"
  }

  /// A product's firmware versions and where each is released.
  static func productFirmware(_ productID: Int) -> String {
    "\(firmwareDirectory)/\(productID).json"
  }

  /// The stored firmware binary whose SHA-256 is `sha256` (lower-case hex).
  static func firmwareBinary(_ sha256: String) -> String {
    "\(binariesDirectory)/\(sha256).bin"
  }

  /// A product's device groups.
  static func productGroups(_ productID: Int) -> String {
    "\(groupsDirectory)/\(productID).json"
  }

  /// The index of the devices in group `name` of a product.
  /// How many of a product's members run each firmware version.
  static func runningVersions(_ productID: Int) -> String {
    "\(runningDirectory)/\(productID).json"
  }

  static func groupIndex(_ productID: Int, _ name: String) -> String {
    "\(groupIndexDirectory)/\(productID)-\(name).json"
  }

  /// What `payer` (its key) used in `month` (`YYYY-MM`).
  static func usage(_ payer: String, month: String) -> String {
    "\(usageDirectory)/\(payer)-\(month).json"
  }

  /// Organization `id`'s billing record.
  static func orgBilling(_ id: String) -> String { "\(billingDirectory)/\(id).json" }

  /// The index of the devices an account owns.
  static func ownerIndex(_ accountID: String) -> String {
    "\(ownersDirectory)/\(accountID).json"
  }

  /// The directory of an event stream's month partitions.
  static func stream(_ stream: EventStream) -> String {
    switch stream {
    case .account(let id): return "\(eventsDirectory)/a-\(id)"
    case .product(let id): return "\(eventsDirectory)/p-\(id)"
    }
  }

  /// The file in each stream's directory listing its partitions' first and last event IDs.
  static let streamIndexName = "ids.json"

  /// The ID index of `stream`: which partition holds which IDs.
  static func streamIndex(_ stream: EventStream) -> String {
    "\(self.stream(stream))/\(streamIndexName)"
  }

  /// The partition of `stream` holding events published in `month` (`YYYY-MM`).
  static func partition(_ stream: EventStream, month: String) -> String {
    "\(self.stream(stream))/\(month).ndjson"
  }

  /// A temporary file a replacement is written to before it is renamed over its file. All of
  /// them live in the root, so debris from a killed writer is found without listing shards.
  static func temporary(for path: String, process: Int32, attempt: Int) -> String {
    let base = path.split(separator: "/").last.map(String.init) ?? "file"
    return "\(base).tmp-\(process)-\(attempt)"
  }

  /// A file holding staged bytes too large to keep in memory, referenced from the journal.
  static func spill(_ number: Int) -> String { "\(journal)-\(number).spill" }

  /// Whether a name in the root is a writer's temporary file.
  static func isTemporary(_ name: String) -> Bool { name.contains(".tmp-") }

  /// Whether a name in the root is exactly what `temporary(for: path, …)` makes for `path`, or
  /// what an older pcon made (`NAME.tmp-PID`).
  static func isTemporary(_ name: String, for path: String) -> Bool {
    let prefix = (path.split(separator: "/").last.map(String.init) ?? path) + ".tmp-"
    guard name.hasPrefix(prefix) else { return false }
    let numbers = name.dropFirst(prefix.count).split(
      separator: "-", omittingEmptySubsequences: false)
    return (1...2).contains(numbers.count)
      && numbers.allSatisfy { !$0.isEmpty && $0.allSatisfy(\.isASCIIDigit) }
  }

  /// Whether a name in the root is a spill file.
  static func isSpill(_ name: String) -> Bool {
    name.hasPrefix(journal + "-") && name.hasSuffix(".spill") && !name.contains("/")
  }

  /// Whether `name` is a month partition, `YYYY-MM.ndjson`.
  static func isPartitionName(_ name: String) -> Bool {
    guard name.hasSuffix(".ndjson") else { return false }
    let month = name.dropLast(7)
    return Timestamp(month: String(month)) != nil
  }

  /// Whether `path` is a file pcon itself writes: the only paths a journal may name.
  static func isStateFile(_ path: String) -> Bool {
    // Every declared single file, and format 1's device file that migration removes.
    if path == legacyDevices || StateFiles.checked.contains(where: { $0.path == path }) {
      return true
    }
    let parts = path.split(separator: "/", omittingEmptySubsequences: false).map(String.init)
    func isToken(_ text: Substring, _ allowed: (Character) -> Bool) -> Bool {
      !text.isEmpty && text.count <= 64 && text.allSatisfy(allowed)
    }
    let hex: (Character) -> Bool = { $0.isHexDigit && !$0.isUppercase }
    let word: (Character) -> Bool = { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-") }
    switch parts.count {
    case 2:
      if parts[0] == binariesDirectory {
        let stem = parts[1].dropLast(4)
        return parts[1].hasSuffix(".bin") && stem.count == 64 && isToken(stem, hex)
      }
      if parts[0] == leasesDirectory {
        let name = Substring(parts[1])
        return (name.hasPrefix("deliver-a-") && isToken(name.dropFirst(10), word))
          || (name.hasPrefix("deliver-p-") && isToken(name.dropFirst(10), \.isASCIIDigit))
      }
      guard parts[1].hasSuffix(".json") else { return false }
      let stem = parts[1].dropLast(5)
      switch parts[0] {
      case deliveriesDirectory: return stem.count == 24 && isToken(stem, hex)
      case devicesDirectory, namesDirectory: return stem.count == 3 && isToken(stem, hex)
      case ownersDirectory, billingDirectory: return isToken(stem, word)
      case usageDirectory:
        // A payer key (`a-<account>` or `o-<org>`) and the month: `a-7f3a-2026-11`.
        let month = stem.suffix(7)
        let payer = stem.dropLast(8)
        return stem.count > 8 && stem.dropLast(7).hasSuffix("-")
          && Timestamp(month: String(month)) != nil
          && (payer.hasPrefix("a-") || payer.hasPrefix("o-")) && isToken(payer.dropFirst(2), word)
      case integrationsDirectory:
        return (stem.hasPrefix("a-") && isToken(stem.dropFirst(2), word))
          || (stem.hasPrefix("p-") && isToken(stem.dropFirst(2), \.isASCIIDigit))
      case productsDirectory, firmwareDirectory, groupsDirectory, runningDirectory,
        trackerDirectory:
        return isToken(stem, \.isASCIIDigit)
      case groupIndexDirectory:
        // The product ID is digits, so the first '-' ends it; the group name may hold more.
        guard let dash = stem.firstIndex(of: "-") else { return false }
        return isToken(stem[..<dash], \.isASCIIDigit)
          && DeviceGroup.isValidName(stem[stem.index(after: dash)...])
      default: return false
      }
    case 3:
      guard parts[0] == eventsDirectory, isPartitionName(parts[2]) || parts[2] == streamIndexName
      else { return false }
      let stream = Substring(parts[1])
      return (stream.hasPrefix("a-") && isToken(stream.dropFirst(2), word))
        || (stream.hasPrefix("p-") && isToken(stream.dropFirst(2), \.isASCIIDigit))
    default: return false
    }
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

extension Character {
  fileprivate var isASCIIDigit: Bool { isASCII && isNumber }
}
