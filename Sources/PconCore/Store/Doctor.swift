/// Checks a whole state directory and reports every problem, where commands stop at the first.
public enum Doctor {
  /// Every problem in the state at `store`: a `.problem` notice whose subject is the file.
  public static func check(_ store: StateStore) throws -> [Notice] {
    let storage = store.storage
    guard let root = try storage.rootEntry() else { return [] }
    var problems: [Notice] = []
    func note(_ file: String, _ message: String) {
      problems.append(Notice(.problem, subject: file, message: message))
    }

    if root.mode & 0o077 != 0 {
      note(
        ".",
        "directory mode is \(String(root.mode, radix: 8)), expected 700: others can read the fleet's data"
      )
    }
    // A pending journal is finished by opening the store, as any command would.
    do {
      _ = try store.read { _ in () }
    } catch let error as PconError {
      if case .stateDamaged(let file, let reason) = error {
        // A declared file's damage is reported by its own check below; a journal's only here.
        if !StateFiles.checked.contains(where: { $0.path == file }) { note(file, reason) }
      } else {
        note(".", error.message)
        return problems
      }
    }
    let transaction = Transaction(storage: storage, now: store.clock.now(), isWritable: false)
    /// Notes a failure to read `path`, without repeating the file name a damage report carries.
    func note(_ path: String, failure error: Error) {
      switch error {
      case PconError.stateDamaged(_, let reason): note(path, reason)
      case let error as PconError: note(path, error.message)
      default: note(path, String(describing: error))
      }
    }
    // Every declared file reads through its declaration; each family holds only its own files.
    var unreadable = Set<String>()
    func check(_ file: CheckedFile) {
      do {
        try file.check(transaction)
      } catch {
        note(file.path, failure: error)
        unreadable.insert(file.path)
      }
    }
    StateFiles.checked.forEach(check)
    // A directory pcon refuses (loose, foreign, a link) is reported as commands would report
    // it; cross-checks that need its files would only list its consequences, so they wait.
    var refused: [String] = []
    for family in StateFiles.families {
      let names: [String]
      do {
        names = try transaction.list(family.directory)
      } catch {
        note(family.directory, failure: error)
        refused.append(family.directory)
        continue
      }
      for name in names {
        guard let file = family.file(name) else {
          note("\(family.directory)/\(name)", "unexpected file in \(family.directory)")
          continue
        }
        check(file)
      }
    }
    if !refused.isEmpty {
      note(".", "checks between files wait until \(refused.joined(separator: ", ")) can be read")
      return problems
    }
    /// A declared file's value for the cross-checks, when it read (its damage is noted once).
    func value<T>(_ file: StateFile<T>) -> T? {
      unreadable.contains(file.path) ? nil : try? transaction.load(file)
    }

    if let format = value(StateFiles.format) ?? nil {
      if format.version > StateStore.formatVersion {
        note(
          StateLayout.format,
          "format version \(format.version) is newer than this pcon's \(StateStore.formatVersion)")
      } else if format.version < 1 {
        note(StateLayout.format, "format version \(format.version) is not a version pcon writes")
      }
    }
    let book = value(StateFiles.accounts)
    let accounts = book?.accounts ?? []
    let emails = Set(accounts.map(\.email))
    let accountIDs = Set(accounts.map(\.id))
    for token in book?.tokens ?? [] where !accountIDs.contains(token.accountID) {
      note(
        StateLayout.accounts,
        "token \(token.id) belongs to account ID \(token.accountID), which does not exist")
    }
    if let session = value(StateFiles.session), let id = session, !accountIDs.contains(id) {
      note(StateLayout.session, "the logged-in account ID \(id) does not exist")
    }
    let sims = value(StateFiles.sims) ?? []
    let customers = value(StateFiles.customers)?.customers ?? []

    // Devices, and the indexes that must agree with them.
    var devices: [String: Device] = [:]
    for file in (try? transaction.list(StateLayout.devicesDirectory)) ?? [] {
      let path = "\(StateLayout.devicesDirectory)/\(file)"
      guard StateLayout.isStateFile(path) else { continue }
      for device in value(StateFiles.deviceShard(path)) ?? [] {
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
      guard StateLayout.isStateFile(path) else { continue }
      for entry in value(StateFiles.nameShard(path)) ?? [] {
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
        let key = "\(device.nameSpace)/\(entry.name)"
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
      guard StateLayout.isStateFile(path) else { continue }
      let accountID = String(file.dropLast(5))
      guard let account = accounts.first(where: { $0.id == accountID }) else {
        note(path, "owner index for account ID \(accountID), which does not exist")
        continue
      }
      for id in value(StateFiles.ownerIndex(path)) ?? [] {
        if devices[id]?.owner != account.email || devices[id]?.ownerKind == .customer {
          note(path, "lists device \(id), which \(account.email) does not own")
        }
        indexedOwners.insert(id)
      }
    }
    for device in devices.values.sorted(by: { $0.id < $1.id })
    where device.owner.map(emails.contains) == true && device.ownerKind != .customer
      && !indexedOwners.contains(device.id)
    {
      note(StateLayout.ownersDirectory, "device \(device.id) is missing from its owner's index")
    }

    // Products and their indexes.
    let products = value(StateFiles.products) ?? []
    let team = value(StateFiles.team)
    let customerFile = value(StateFiles.customers)
    checkReferences(
      Records(
        accounts: accounts, products: products, orgs: value(StateFiles.orgs) ?? [],
        members: team?.members ?? [], apiUsers: team?.apiUsers ?? [],
        customers: customers, customerTokens: customerFile?.tokens ?? [],
        clients: customerFile?.clients ?? [], sims: sims, devices: devices),
      note: note)
    let productIDs = Set(products.map(\.id))
    for file in (try? transaction.list(StateLayout.productsDirectory)) ?? [] {
      guard let id = Int(file.dropLast(5)), !productIDs.contains(id) else { continue }
      note(
        "\(StateLayout.productsDirectory)/\(file)", "indexes product \(id), which does not exist")
    }
    // Tracker settings belong to a tracker product; a later product given the same ID would
    // otherwise inherit a stranger's settings.
    for file in (try? transaction.list(StateLayout.trackerDirectory)) ?? [] {
      guard file.hasSuffix(".json"), let id = Int(file.dropLast(5)) else { continue }
      let path = StateLayout.trackerConfig(id)
      guard let product = products.first(where: { $0.id == id }) else {
        note(path, "holds tracker settings for product \(id), which does not exist")
        continue
      }
      if !TrackerPlatforms.isTracker(product.platformID) {
        note(path, "holds tracker settings for product \(id), which is not a tracker product")
      }
    }
    // Each webhook's delivery state must fit its hook's log; one for no hook is left over.
    var hookIDs = Set<String>()
    for file in (try? transaction.list(StateLayout.integrationsDirectory)) ?? [] {
      let path = "\(StateLayout.integrationsDirectory)/\(file)"
      guard let owner = StateLayout.integrationsOwner(path),
        let hooks = try? Webhooks.hooks(of: owner, in: transaction)
      else { continue }
      for hook in hooks {
        hookIDs.insert(hook.id)
        guard let state = try? transaction.load(StateFiles.delivery(hook.id)) else { continue }
        do {
          try Delivery.requireSound(state, of: hook, in: transaction)
        } catch let PconError.stateDamaged(file, reason) {
          note(file, reason)
        } catch {}
      }
    }
    for file in (try? transaction.list(StateLayout.deliveriesDirectory)) ?? []
    where file.hasSuffix(".json")
      && "\(StateLayout.deliveriesDirectory)/\(file)" != StateLayout.hosts
      && !hookIDs.contains(String(file.dropLast(5)))
    {
      note(
        "\(StateLayout.deliveriesDirectory)/\(file)",
        "delivery state of a webhook that does not exist")
    }
    var indexed = Set<String>()
    for product in products {
      let path = StateLayout.productIndex(product.id)
      guard let index = value(StateFiles.productIndex(product.id)) else { continue }
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

    checkGroups(
      products: productIDs, devices: devices, in: transaction, load: value, loadIndex: value,
      note: note)
    checkFirmware(in: transaction, productIDs: productIDs, note: note)

    // Each product's running-versions count must be what its members' records say.
    var running: [Int: [Int: Int]] = [:]
    for device in devices.values {
      guard let product = device.productID, !device.quarantined,
        let version = device.firmwareVersion
      else { continue }
      running[product, default: [:]][version, default: 0] += 1
    }
    for product in products {
      guard let counts = value(StateFiles.runningVersions(product.id)) else { continue }
      let actual = running[product.id] ?? [:]
      for version in Set(counts.keys).union(actual.keys).sorted()
      where (counts[version] ?? 0) != (actual[version] ?? 0) {
        note(
          StateLayout.runningVersions(product.id),
          "counts \(counts[version] ?? 0) devices running version \(version); their records say \(actual[version] ?? 0)"
        )
      }
    }
    for file in (try? transaction.list(StateLayout.runningDirectory)) ?? []
    where StateLayout.isStateFile("\(StateLayout.runningDirectory)/\(file)") {
      guard let id = Int(file.dropLast(5)), !productIDs.contains(id) else { continue }
      note(
        "\(StateLayout.runningDirectory)/\(file)",
        "counts devices of product \(id), which does not exist")
    }

    /// A stream's ID index, when it has one, must list every partition with its first and last IDs.
    func checkIndex(of directory: String, against bounds: [String: (first: Int64, last: Int64)]) {
      let path = "\(directory)/\(StateLayout.streamIndexName)"
      let index: [StateFiles.PartitionIDs]
      do {
        guard let entries = try transaction.load(StateFiles.streamIndex(path: path)) else { return }
        index = entries
      } catch {
        note(path, failure: error)
        return
      }
      var listed = Set<String>()
      for entry in index {
        guard listed.insert(entry.month).inserted else {
          note(path, "month \(entry.month) is listed twice")
          continue
        }
        guard let ids = bounds[entry.month] else {
          note(path, "lists month \(entry.month), which has no events")
          continue
        }
        if ids.first != entry.first || ids.last != entry.last {
          note(
            path,
            "says month \(entry.month) holds events \(entry.first) to \(entry.last), but it holds \(ids.first) to \(ids.last)"
          )
        }
      }
      for month in bounds.keys.sorted() where !listed.contains(month) {
        note(path, "does not list month \(month)")
      }
    }

    // Event partitions: every line readable, IDs rising, all below the next ID to be given.
    let nextID = value(StateFiles.eventSequence) ?? 1
    if nextID > EventRules.maxEventID {
      note(
        StateLayout.eventSequence,
        "next_id \(nextID) is past the last event ID \(EventRules.maxEventID): no event can be stored"
      )
    }
    var seenIDs = Set<Int64>()
    var copiedIDs = Set<Int64>()
    // Product events by ID, as a hash of their line, for checking copies in people's logs.
    var productEvents: [Int64: Int] = [:]
    var possibleCopies: [(id: Int64, content: Int, file: String)] = []
    // Events at or above the next ID are reported once, with what the next ID must become.
    var reused = 0
    var highest: (id: Int64, file: String) = (0, "")
    for stream in (try? transaction.list(StateLayout.eventsDirectory)) ?? [] {
      let directory = "\(StateLayout.eventsDirectory)/\(stream)"
      guard (try? transaction.entry(directory))??.kind == .directory else {
        if !StateFiles.checked.contains(where: { $0.path == directory }) {
          note(directory, "unexpected file in \(StateLayout.eventsDirectory)")
        }
        continue
      }
      guard stream.hasPrefix("a-") || stream.hasPrefix("p-") else {
        note(directory, "unexpected directory in \(StateLayout.eventsDirectory)")
        continue
      }
      // Each partition's first and last IDs, by month, for the stream's ID index.
      var bounds: [String: (first: Int64, last: Int64)] = [:]
      for file in (try? transaction.list(directory)) ?? [] {
        let relative = "\(directory)/\(file)"
        guard StateLayout.isStateFile(relative) else {
          note(relative, "unexpected file in an event stream")
          continue
        }
        if file == StateLayout.streamIndexName { continue }
        var first: Int64?
        var last: Int64 = 0
        for problem in (try? PartitionDamage.problems(in: relative, transaction: transaction)) ?? []
        { note(relative, problem) }
        do {
          _ = try PartitionReader.forward(relative, in: transaction) { bytes, range, offset in
            try EventQuery.withLine(bytes, range, file: relative, offset: offset) {
              line, lineBytes in
              if line.id <= last {
                note(relative, "event \(line.id) at byte \(offset) does not follow event \(last)")
              }
              if line.id >= nextID { reused += 1 }
              if line.id > highest.id { highest = (line.id, relative) }
              // A person's log holds a copy of each event of the product devices they own: an
              // event naming a product there is judged once every product's log is read.
              var content = Hasher()
              content.combine(
                bytes: UnsafeRawBufferPointer(UnsafeBufferPointer(rebasing: lineBytes[line.line])))
              if stream.hasPrefix("a-"), line.productID != nil {
                possibleCopies.append((line.id, content.finalize(), relative))
              } else {
                if stream.hasPrefix("p-") { productEvents[line.id] = content.finalize() }
                if !seenIDs.insert(line.id).inserted {
                  note(relative, "event ID \(line.id) is used twice")
                }
              }
              if first == nil { first = line.id }
              last = line.id
            }
            return true
          }
        } catch {
          note(relative, failure: error)
        }
        if let first { bounds[EventLog.month(ofPartition: relative)] = (first, last) }
      }
      checkIndex(of: directory, against: bounds)
    }
    for (id, content, file) in possibleCopies {
      if let original = productEvents[id] {
        // A copy is the product's event, byte for byte, and one owner holds it.
        if original != content {
          note(file, "event \(id) differs from the product's event \(id) it copies")
        } else if !copiedIDs.insert(id).inserted {
          note(file, "event ID \(id) is used twice")
        }
      } else if !seenIDs.insert(id).inserted {
        note(file, "event ID \(id) is used twice")
      }
    }
    if reused > 0 {
      note(
        StateLayout.eventSequence,
        "next_id \(nextID) is not above the highest event ID \(highest.id) (in \(highest.file)); \(reused) events would have their IDs given again: set next_id to \(highest.id + 1)"
      )
    }

    // The root holds the declared files and directories, the lock files and a pending journal.
    let rootNames =
      Set(StateFiles.checked.map(\.path).filter { !$0.contains("/") })
      .union(StateLayout.lockFiles)
      .union([StateLayout.journal, StateLayout.eventsDirectory])
      .union(StateFiles.families.map(\.directory))
    for file in (try? storage.list(".")) ?? []
    where !rootNames.contains(file) && !StateLayout.isTemporary(file) && !StateLayout.isSpill(file)
    {
      note(file, "unexpected file in the state directory; pcon does not write it")
    }

    // File modes, debris and anything that is not a file or directory, everywhere.
    var pending = ["."]
    while let directory = pending.popLast() {
      for file in (try? storage.list(directory)) ?? [] {
        let relative = directory == "." ? file : "\(directory)/\(file)"
        if StateLayout.isTemporary(file) || StateLayout.isSpill(file) {
          note(relative, "leftover temporary file from an interrupted write; it can be removed")
        }
        guard let entry = try? storage.entry(relative) else { continue }
        switch entry.kind {
        case .directory:
          if entry.mode & 0o077 != 0 {
            note(relative, "directory mode is \(String(entry.mode, radix: 8)), expected 700")
          }
          pending.append(relative)
        case .file:
          if entry.mode & 0o077 != 0 {
            note(relative, "file mode is \(String(entry.mode, radix: 8)), expected 600")
          }
        case .other:
          if !problems.contains(where: { $0.subject == relative }) {
            note(relative, "it is not a regular file")
          }
        }
      }
    }
    return problems
  }
}
