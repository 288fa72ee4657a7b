/// Every state file pcon keeps, declared once: its path (from `StateLayout`), its empty value
/// and its codec. Rules read and write state only through these.
public enum StateFiles {
  static let format = StateFile<FormatRecord?>(
    StateLayout.format, missing: { nil },
    decode: { FormatRecord(version: try $0.int("format_version"), stamp: nil) },
    encode: { record in
      guard let record else { return nil }
      var pairs: [(String, JSON)] = [("format_version", .int(Int64(record.version)))]
      if let stamp = record.stamp { pairs.append((stamp.key, .string(stamp.time.iso8601))) }
      return .object(pairs)
    })

  /// Accounts and their personal tokens.
  public static let accounts = StateFile<(accounts: [Account], tokens: [AccessToken])>(
    StateLayout.accounts, missing: { ([], []) },
    decode: {
      try $0.requireArrays("accounts", "tokens")
      return (
        try $0.objects("accounts").map(Account.init(stored:)),
        try $0.objects("tokens").map(AccessToken.init(json:))
      )
    },
    encode: {
      .object([
        ("accounts", .array($0.accounts.map(\.stored))),
        ("tokens", .array($0.tokens.map(\.storedJSON))),
      ])
    })

  /// The ID of the logged-in account.
  public static let session = StateFile<String?>(
    StateLayout.session, missing: { nil },
    decode: {
      try $0.requireKey("account_id")
      return try $0.optionalString("account_id")
    },
    encode: { .object([("account_id", .string($0))]) })

  public static let sims = StateFile<[SIM]>(
    StateLayout.sims, missing: { [] },
    decode: {
      try $0.requireArrays("sims")
      return try $0.objects("sims").map(SIM.init(stored:))
    },
    encode: { .object([("sims", .array($0.map(\.stored)))]) })

  /// When the demo fleet was built, in a state that holds it.
  public static let demoMarker = StateFile<Timestamp?>(
    StateLayout.demoMarker, missing: { nil }, decode: { try $0.date("created_at") },
    encode: { $0.map { .object([("created_at", .string($0.iso8601))]) } })

  public static let products = StateFile<[Product]>(
    StateLayout.products, missing: { [] },
    decode: {
      try $0.requireArrays("products")
      return try $0.objects("products").map(Product.init(stored:))
    },
    encode: { .object([("products", .array($0.map(\.stored)))]) })

  public static let orgs = StateFile<[Organization]>(
    StateLayout.orgs, missing: { [] },
    decode: {
      try $0.requireArrays("orgs")
      return try $0.objects("orgs").map(Organization.init(json:))
    },
    encode: { .object([("orgs", .array($0.map(\.storedJSON)))]) })

  /// Team members (people with product or org roles) and API users.
  public static let team = StateFile<(members: [TeamMember], apiUsers: [APIUser])>(
    StateLayout.team, missing: { ([], []) },
    decode: {
      try $0.requireArrays("members", "api_users")
      return (
        try $0.objects("members").map(TeamMember.init(json:)),
        try $0.objects("api_users").map(APIUser.init(json:))
      )
    },
    encode: {
      .object([
        ("members", .array($0.members.map(\.storedJSON))),
        ("api_users", .array($0.apiUsers.map(\.storedJSON))),
      ])
    })

  /// Customers, their tokens, and the OAuth clients that create them.
  public static let customers = StateFile<
    (customers: [Customer], tokens: [CustomerToken], clients: [OAuthClient])
  >(
    StateLayout.customers, missing: { ([], [], []) },
    decode: {
      try $0.requireArrays("customers", "tokens", "clients")
      return (
        try $0.objects("customers").map(Customer.init(json:)),
        try $0.objects("tokens").map(CustomerToken.init(json:)),
        try $0.objects("clients").map(OAuthClient.init(json:))
      )
    },
    encode: {
      .object([
        ("customers", .array($0.customers.map(\.storedJSON))),
        ("tokens", .array($0.tokens.map(\.storedJSON))),
        ("clients", .array($0.clients.map(\.storedJSON))),
      ])
    })

  /// The ID the next event gets.
  static let eventSequence = StateFile<Int64>(
    StateLayout.eventSequence, missing: { 1 }, decode: { Int64(try $0.int("next_id")) },
    encode: { .object([("next_id", .int($0))]) })

  /// Clear markers: for each reader and stream, the last event ID it cleared.
  static let eventClears = StateFile<[(key: String, through: Int64)]>(
    StateLayout.eventClears, missing: { [] },
    decode: { object in
      try object.fields.map { key, _ in (key, Int64(try object.int(key))) }
    },
    encode: { .object($0.map { ($0.key, .int($0.through)) }) })

  /// One partition's entry in a stream's ID index.
  struct PartitionIDs: Sendable, Equatable {
    /// The partition's month, `YYYY-MM`.
    let month: String
    let first: Int64
    let last: Int64
  }

  /// A stream's ID index at `path`: nil when there is none (a state written before it was
  /// kept), and removed when the stream has no partitions left.
  static func streamIndex(path: String) -> StateFile<[PartitionIDs]?> {
    StateFile(
      path, missing: { nil },
      decode: {
        try $0.requireArrays("partitions")
        return try $0.objects("partitions").map {
          PartitionIDs(
            month: try $0.string("month"), first: Int64(try $0.int("first")),
            last: Int64(try $0.int("last")))
        }
      },
      encode: { entries in
        guard let entries, !entries.isEmpty else { return nil }
        return .object([
          (
            "partitions",
            .array(
              entries.map {
                .object([
                  ("month", .string($0.month)), ("first", .int($0.first)),
                  ("last", .int($0.last)),
                ])
              })
          )
        ])
      })
  }

  /// Format 1's single device file, read and removed by migration.
  static let legacyDevices = StateFile<[Device]>(
    StateLayout.legacyDevices, missing: { [] },
    decode: {
      try $0.requireArrays("devices")
      return try $0.objects("devices").map(Device.init(stored:))
    },
    encode: { $0.isEmpty ? nil : .object([("devices", .array($0.map(\.stored)))]) })

  /// The device shard at `path`; an empty shard is removed.
  static func deviceShard(_ path: String) -> StateFile<[Device]> {
    StateFile(
      path, missing: { [] },
      decode: {
        try $0.requireArrays("devices")
        return try $0.objects("devices").map(Device.init(stored:))
      },
      encode: { $0.isEmpty ? nil : .object([("devices", .array($0.map(\.stored)))]) })
  }

  /// One entry of the name index.
  struct NameEntry: Sendable, Equatable {
    let name: String
    let owner: String?
    let id: String
  }

  /// The name-index shard at `path`.
  static func nameShard(_ path: String) -> StateFile<[NameEntry]> {
    StateFile(
      path, missing: { [] },
      decode: {
        try $0.requireArrays("names")
        return try $0.objects("names").map {
          NameEntry(
            name: try $0.string("name"), owner: try $0.optionalString("owner"),
            id: try $0.string("id"))
        }
      },
      encode: { entries in
        entries.isEmpty
          ? nil
          : .object([
            (
              "names",
              .array(
                entries.map {
                  .object([
                    ("name", .string($0.name)), ("owner", .string($0.owner)),
                    ("id", .string($0.id)),
                  ])
                })
            )
          ])
      })
  }

  /// The devices an account owns, by the owner index at `path`.
  static func ownerIndex(_ path: String) -> StateFile<[String]> {
    StateFile(
      path, missing: { [] },
      decode: {
        try $0.requireArrays("devices")
        return try $0.strings("devices")
      },
      encode: { $0.isEmpty ? nil : .object([("devices", .array($0.map(JSON.string)))]) })
  }

  /// A product's member and quarantined devices.
  static func productIndex(_ productID: Int) -> StateFile<
    (members: [String], quarantined: [String])
  > {
    productIndex(path: StateLayout.productIndex(productID))
  }

  static func productIndex(path: String) -> StateFile<(members: [String], quarantined: [String])> {
    StateFile(
      path, missing: { ([], []) },
      decode: {
        try $0.requireArrays("devices", "quarantined")
        return (try $0.strings("devices"), try $0.strings("quarantined"))
      },
      encode: {
        .object([
          ("devices", .array($0.members.map(JSON.string))),
          ("quarantined", .array($0.quarantined.map(JSON.string))),
        ])
      })
  }

  /// A product's firmware versions, oldest first.
  public static func productFirmware(_ productID: Int) -> StateFile<[FirmwareVersion]> {
    productFirmware(path: StateLayout.productFirmware(productID))
  }

  static func productFirmware(path: String) -> StateFile<[FirmwareVersion]> {
    StateFile(
      path, missing: { [] },
      decode: {
        try $0.requireArrays("versions")
        return try $0.objects("versions").map(FirmwareVersion.init(stored:))
      },
      encode: { $0.isEmpty ? nil : .object([("versions", .array($0.map(\.stored)))]) })
  }

  /// A product's device groups, by name.
  public static func productGroups(_ productID: Int) -> StateFile<[DeviceGroup]> {
    productGroups(path: StateLayout.productGroups(productID))
  }

  static func productGroups(path: String) -> StateFile<[DeviceGroup]> {
    StateFile(
      path, missing: { [] },
      decode: {
        try $0.requireArrays("groups")
        return try $0.objects("groups").map(DeviceGroup.init(stored:))
      },
      encode: { $0.isEmpty ? nil : .object([("groups", .array($0.map(\.stored)))]) })
  }

  /// The devices in group `name` of a product, by ID; an empty group's index is removed.
  /// How many of a product's members run each firmware version, by version.
  static func runningVersions(_ productID: Int) -> StateFile<[Int: Int]> {
    runningVersions(path: StateLayout.runningVersions(productID))
  }

  static func runningVersions(path: String) -> StateFile<[Int: Int]> {
    StateFile(
      path, missing: { [:] },
      decode: {
        try $0.requireArrays("versions")
        var counts: [Int: Int] = [:]
        for entry in try $0.objects("versions") {
          counts[try entry.int("version")] = try entry.int("devices")
        }
        return counts
      },
      encode: { counts in
        let kept = counts.filter { $0.value > 0 }.sorted { $0.key < $1.key }
        return kept.isEmpty
          ? nil
          : .object([
            (
              "versions",
              .array(
                kept.map { .object([("version", .int($0.key)), ("devices", .int($0.value))]) })
            )
          ])
      })
  }

  static func groupIndex(_ productID: Int, _ name: String) -> StateFile<[GroupMember]> {
    groupIndex(path: StateLayout.groupIndex(productID, name))
  }

  /// A group's index: `{"members":[…]}` sorted by ID, removed when empty.
  static func groupIndex(path: String) -> StateFile<[GroupMember]> {
    StateFile(
      path, missing: { [] },
      decode: {
        try $0.requireArrays("members")
        return try $0.objects("members").map(GroupMember.init(stored:))
      },
      encode: { $0.isEmpty ? nil : .object([("members", .array($0.map(\.stored)))]) })
  }

  /// What one payer used in one month.
  static func usage(path: String) -> StateFile<UsageMonth> {
    StateFile(
      path, missing: { UsageMonth() }, decode: UsageMonth.init(stored:),
      encode: { $0 == UsageMonth() ? nil : $0.stored })
  }

  /// An organization's card, invoices and suspension; nil until it first has any.
  static func orgBilling(path: String) -> StateFile<OrgBilling?> {
    StateFile(
      path, missing: { nil }, decode: OrgBilling.init(stored:), encode: { $0?.stored })
  }

  /// A tracker product's settings, `{"configuration":{module:{key:value}}}` with only the values
  /// set; removed when none are.
  static func trackerConfig(path: String) -> StateFile<TrackerConfig> {
    StateFile(
      path, missing: { TrackerConfig() },
      decode: { try TrackerConfig(stored: try $0.object("configuration"), deviceLevel: false) },
      encode: { $0.isEmpty ? nil : .object([("configuration", $0.stored)]) })
  }

  /// The webhooks of `owner`, `{"webhooks":[…]}` in the order they were made; removed when none
  /// are left.
  public static func integrations(_ owner: Webhook.Owner) -> StateFile<[Webhook]> {
    StateFile(
      StateLayout.integrations(owner), missing: { [] },
      decode: { object in
        try object.requireArrays("webhooks")
        return try object.objects("webhooks").map { try WebhookJSON.hook(stored: $0, owner: owner) }
      },
      encode: { $0.isEmpty ? nil : .object([("webhooks", .array($0.map(WebhookJSON.stored)))]) })
  }

  /// A webhook's delivery: where it has read to, what waits for a retry, its history. Removed
  /// when the hook is (an empty state).
  static func delivery(_ hookID: String) -> StateFile<DeliveryState> {
    delivery(path: StateLayout.delivery(hookID))
  }

  static func delivery(path: String) -> StateFile<DeliveryState> {
    StateFile(
      path, missing: { DeliveryState() }, decode: { try DeliveryState(stored: $0) },
      encode: { $0 == DeliveryState() ? nil : $0.stored })
  }

  /// What each webhook target host answered lately, for the throttle.
  static let hosts = StateFile<HostThrottle>(
    StateLayout.hosts, missing: { HostThrottle() }, decode: { try HostThrottle(stored: $0) },
    encode: { $0.hosts.isEmpty ? nil : $0.stored })

  /// Every single file: the doctor reads each through its declaration, and a journal may name
  /// only these (and the families' files). Declaring a new file means adding it here.
  static let checked: [CheckedFile] = [
    format.checked, accounts.checked, session.checked, sims.checked, demoMarker.checked,
    products.checked, orgs.checked, team.checked, customers.checked, eventSequence.checked,
    eventClears.checked, hosts.checked,
  ]

  /// The files of `directory` that `StateLayout.isStateFile` admits, each read through its
  /// declaration; other names are left for the doctor to report.
  private static func family(
    _ directory: String, _ file: @escaping @Sendable (String) -> CheckedFile
  ) -> CheckedFamily {
    CheckedFamily(directory: directory) { name in
      let path = "\(directory)/\(name)"
      return StateLayout.isStateFile(path) ? file(path) : nil
    }
  }

  /// Every directory of declared files, for the doctor.
  static let families: [CheckedFamily] = [
    family(StateLayout.devicesDirectory) { deviceShard($0).checked },
    family(StateLayout.namesDirectory) { nameShard($0).checked },
    family(StateLayout.ownersDirectory) { ownerIndex($0).checked },
    family(StateLayout.productsDirectory) { productIndex(path: $0).checked },
    family(StateLayout.firmwareDirectory) { productFirmware(path: $0).checked },
    family(StateLayout.binariesDirectory) { path in
      CheckedFile(path: path) { transaction in
        guard let bytes = try transaction.bytes(path, limit: FirmwareBinaries.sizeLimit) else {
          return
        }
        try FirmwareBinaries.check(bytes, path: path)
      }
    },
    family(StateLayout.groupsDirectory) { productGroups(path: $0).checked },
    family(StateLayout.runningDirectory) { runningVersions(path: $0).checked },
    family(StateLayout.usageDirectory) { usage(path: $0).checked },
    family(StateLayout.billingDirectory) { orgBilling(path: $0).checked },
    family(StateLayout.trackerDirectory) { trackerConfig(path: $0).checked },
    family(StateLayout.integrationsDirectory) { path in
      guard let owner = StateLayout.integrationsOwner(path) else {
        return CheckedFile(path: path) { _ in }
      }
      return integrations(owner).checked
    },
    family(StateLayout.groupIndexDirectory) { groupIndex(path: $0).checked },
    family(StateLayout.deliveriesDirectory) { path in
      path == StateLayout.hosts ? hosts.checked : delivery(path: path).checked
    },
    // A lease is a lock file: held, never read.
    family(StateLayout.leasesDirectory) { CheckedFile(path: $0) { _ in } },
  ]
}
