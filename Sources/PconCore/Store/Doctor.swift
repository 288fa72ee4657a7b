/// Checks a whole state directory and reports every problem, where commands stop at the first.
public enum Doctor {
  /// One thing wrong, and the file it is in.
  public struct Problem: Sendable, Equatable {
    public let file: String
    public let message: String
  }

  /// Every problem in the state directory at `store.root`.
  public static func check(_ store: StateStore) throws -> [Problem] {
    let root = store.root
    guard POSIXFile.kind(root).exists else { return [] }
    var problems: [Problem] = []
    func note(_ file: String, _ message: String) {
      problems.append(Problem(file: file, message: message))
    }

    if let mode = POSIXFile.mode(root), mode & 0o077 != 0 {
      note(
        ".",
        "directory mode is \(String(mode, radix: 8)), expected 700: others can read the fleet's data"
      )
    }
    // A pending journal is finished by opening the store, as any command would.
    do {
      _ = try store.read { _ in () }
    } catch let error as PconError {
      if case .stateDamaged = error {
      } else {
        note(".", error.message)
        return problems
      }
    }
    let transaction = Transaction(root: root, now: store.clock.now(), isWritable: false)
    /// Notes a failure to read `path`, without repeating the file name a damage report carries.
    func note(_ path: String, failure error: Error) {
      switch error {
      case PconError.stateDamaged(_, let reason): note(path, reason)
      case let error as PconError: note(path, error.message)
      default: note(path, String(describing: error))
      }
    }
    func load<T>(_ path: String, _ build: (JSONObject) throws -> T) -> T? {
      do {
        return try transaction.decode(path, build)
      } catch {
        note(path, failure: error)
      }
      return nil
    }

    if let version = load(StateStore.formatFile, { try $0.int("format_version") }),
      version > StateStore.formatVersion
    {
      note(
        StateStore.formatFile,
        "format version \(version) is newer than this pcon's \(StateStore.formatVersion)")
    }
    let accounts =
      load(StateLayout.accounts) { try $0.objects("accounts").map(Account.init(json:)) } ?? []
    let tokens =
      load(StateLayout.accounts) { try $0.objects("tokens").map(AccessToken.init(json:)) } ?? []
    let emails = Set(accounts.map(\.email))
    let accountIDs = Set(accounts.map(\.id))
    for token in tokens where !accountIDs.contains(token.accountID) {
      note(
        StateLayout.accounts,
        "token \(token.id) belongs to account ID \(token.accountID), which does not exist")
    }
    if let session = load(StateLayout.session, { try $0.optionalString("account_id") }),
      let id = session, !accountIDs.contains(id)
    {
      note(StateLayout.session, "the logged-in account ID \(id) does not exist")
    }
    let sims = load(StateLayout.sims) { try $0.objects("sims").map(SIM.init(json:)) } ?? []
    let customers =
      load(Transaction.customersFile) { try $0.objects("customers").map(Customer.init(json:)) }
      ?? []

    // Devices, and the indexes that must agree with them.
    var devices: [String: Device] = [:]
    for file in (try? transaction.list(StateLayout.devicesDirectory)) ?? [] {
      let path = "\(StateLayout.devicesDirectory)/\(file)"
      guard file.hasSuffix(".json") else {
        note(path, "unexpected file in the devices directory")
        continue
      }
      for device in load(path, { try $0.objects("devices").map(Device.init(json:)) }) ?? [] {
        if StateLayout.deviceShard(device.id) != path {
          note(path, "device \(device.id) belongs in \(StateLayout.deviceShard(device.id))")
        }
        if devices[device.id] != nil { note(path, "device \(device.id) is stored twice") }
        devices[device.id] = device
        if let owner = device.owner, !emails.contains(owner),
          !customers.contains(where: { $0.email == owner && $0.productID == device.productID })
        {
          note(path, "device \(device.id) is owned by \(owner), who has no account")
        }
        if let iccid = device.iccid, !sims.contains(where: { $0.iccid == iccid }) {
          note(path, "device \(device.id) names SIM \(iccid), which is not in \(StateLayout.sims)")
        }
      }
    }
    var indexedNames = Set<String>()
    var ownerNames: [String: String] = [:]
    for file in (try? transaction.list(StateLayout.namesDirectory)) ?? [] {
      let path = "\(StateLayout.namesDirectory)/\(file)"
      for entry in load(
        path, { try $0.objects("names").map { try Transaction.nameEntry($0, file: path) } }) ?? []
      {
        guard let device = devices[entry.id], device.name == entry.name, device.owner == entry.owner
        else {
          note(
            path,
            "name '\(entry.name)' points to device \(entry.id), which does not have that name and owner"
          )
          continue
        }
        if StateLayout.nameShard(entry.name) != path {
          note(path, "name '\(entry.name)' belongs in \(StateLayout.nameShard(entry.name))")
        }
        indexedNames.insert(entry.id)
        let key = "\(entry.owner ?? "")/\(entry.name)"
        if let other = ownerNames[key], other != entry.id {
          note(path, "devices \(other) and \(entry.id) share the name '\(entry.name)'")
        }
        ownerNames[key] = entry.id
      }
    }
    for device in devices.values.sorted(by: { $0.id < $1.id })
    where device.name != nil && !indexedNames.contains(device.id) {
      note(
        StateLayout.nameShard(device.name ?? ""),
        "device \(device.id) is named '\(device.name ?? "")' but missing from the name index")
    }
    var indexedOwners = Set<String>()
    for file in (try? transaction.list(StateLayout.ownersDirectory)) ?? [] {
      let path = "\(StateLayout.ownersDirectory)/\(file)"
      let accountID = String(file.dropLast(5))
      guard let account = accounts.first(where: { $0.id == accountID }) else {
        note(path, "owner index for account ID \(accountID), which does not exist")
        continue
      }
      for id in load(path, { try $0.strings("devices") }) ?? [] {
        if devices[id]?.owner != account.email {
          note(path, "lists device \(id), which \(account.email) does not own")
        }
        indexedOwners.insert(id)
      }
    }
    for device in devices.values.sorted(by: { $0.id < $1.id })
    where device.owner.map(emails.contains) == true && !indexedOwners.contains(device.id) {
      note(StateLayout.ownersDirectory, "device \(device.id) is missing from its owner's index")
    }

    // Products and their indexes.
    let products =
      load(Transaction.productsFile) { try $0.objects("products").map(Product.init(json:)) } ?? []
    _ = load(Transaction.orgsFile) { try $0.objects("orgs").map(Organization.init(json:)) }
    _ = load(Transaction.teamFile) { try $0.objects("members").map(TeamMember.init(json:)) }
    _ = load(Transaction.teamFile) { try $0.objects("api_users").map(APIUser.init(json:)) }
    var indexed = Set<String>()
    for product in products {
      let path = StateLayout.productIndex(product.id)
      guard let index = load(path, { (try $0.strings("devices"), try $0.strings("quarantined")) })
      else { continue }
      for (ids, quarantined) in [(index.0, false), (index.1, true)] {
        for id in ids {
          indexed.insert(id)
          guard let device = devices[id], device.productID == product.id,
            device.quarantined == quarantined
          else {
            note(
              path,
              "lists device \(id), which is not \(quarantined ? "quarantined in" : "a member of") product \(product.id)"
            )
            continue
          }
        }
      }
    }
    for device in devices.values.sorted(by: { $0.id < $1.id })
    where device.productID != nil && !indexed.contains(device.id) {
      note(
        StateLayout.productsDirectory,
        "device \(device.id) names product \(device.productID ?? 0) but is missing from its index")
    }

    // Event partitions: every line readable, IDs rising, all below the next ID to be given.
    let nextID = load(EventStream.sequence) { Int64(try $0.int("next_id")) } ?? 1
    var seenIDs = Set<Int64>()
    for stream in (try? POSIXFile.list(root + "/" + EventStream.directory)) ?? [] {
      let directory = "\(EventStream.directory)/\(stream)"
      guard POSIXFile.kind(root + "/" + directory).isDirectory else { continue }
      for file in (try? POSIXFile.list(root + "/" + directory)) ?? [] where !file.contains(".tmp-")
      {
        let relative = "\(directory)/\(file)"
        guard EventLog.isPartitionName(file) else {
          note(relative, "unexpected file in an event stream")
          continue
        }
        var last: Int64 = 0
        do {
          _ = try PartitionReader.forward(root + "/" + relative) { bytes, range, offset in
            try EventQuery.withLine(
              bytes, range, file: root + "/" + relative, offset: offset, root: root
            ) { line, _ in
              if line.id <= last {
                note(relative, "event \(line.id) at byte \(offset) does not follow event \(last)")
              }
              if line.id >= nextID {
                note(
                  relative,
                  "event \(line.id) is not below the next ID \(nextID) in \(EventStream.sequence)")
              }
              if !seenIDs.insert(line.id).inserted {
                note(relative, "event ID \(line.id) is used twice")
              }
              last = line.id
            }
            return true
          }
        } catch {
          note(relative, failure: error)
        }
      }
    }

    // File modes and debris, everywhere below the root.
    var pending = [""]
    while let directory = pending.popLast() {
      let base = directory.isEmpty ? root : "\(root)/\(directory)"
      for file in (try? POSIXFile.list(base)) ?? [] {
        let relative = directory.isEmpty ? file : "\(directory)/\(file)"
        if file.contains(".tmp-") {
          note(relative, "leftover temporary file from an interrupted write; it can be removed")
        }
        guard let mode = POSIXFile.mode("\(base)/\(file)") else { continue }
        if POSIXFile.kind("\(base)/\(file)").isDirectory {
          if mode & 0o077 != 0 {
            note(relative, "directory mode is \(String(mode, radix: 8)), expected 700")
          }
          pending.append(relative)
        } else if mode & 0o077 != 0 {
          note(relative, "file mode is \(String(mode, radix: 8)), expected 600")
        }
      }
    }
    return problems
  }
}
