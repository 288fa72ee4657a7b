import Testing

@testable import PconCore

/// A state in memory whose time moves: each transaction runs at the instant it is given, over
/// the same storage, as commands with PCON_NOW would. Holds ada (who owns what is made), bob and
/// the helpers billing tests share.
struct BillingWorld {
  let storage = MemoryStorage()
  let adaAccount: Account
  let bobAccount: Account
  var ada: Actor { .person(adaAccount) }
  var bob: Actor { .person(bobAccount) }

  /// Ada and bob, made on 2026-10-20.
  init() throws {
    let storage = storage
    let made = try temporaryStore(clock: .fixed(try instant("2026-10-20")), storage: storage)
      .write { tx in
        try ["ada", "bob"].map { name in
          try Accounts.create(email: "\(name)@example.com", name: nil, in: tx, random: counter)
        }
      }
    (adaAccount, bobAccount) = (made[0], made[1])
  }

  /// Runs `body` in a writing transaction at `time` (ISO-8601).
  @discardableResult
  func write<T>(at time: String, _ body: (Transaction) throws -> T) throws -> T {
    try temporaryStore(clock: .fixed(try instant(time)), storage: storage).write(body)
  }

  /// Runs `body` in a reading transaction at `time` (ISO-8601).
  func read<T>(at time: String, _ body: (Transaction) throws -> T) throws -> T {
    try temporaryStore(clock: .fixed(try instant(time)), storage: storage).read(body)
  }

  /// Makes product `id` of `platform` for `owner`, in `org` if given, with `devices` members
  /// numbered from `id * 1000`; their IDs.
  @discardableResult
  func product(
    _ id: Int, platform: String, org: String? = nil, devices: Int, by owner: Actor? = nil,
    at time: String = "2026-10-20"
  ) throws -> [String] {
    let owner = owner ?? ada
    let ids = (0..<devices).map { deviceHex(id * 1000 + $0) }
    try write(at: time) { tx in
      _ = try Products.create(
        name: "P\(id)", platform: try Platform.named(platform), description: nil, org: org,
        id: id, by: owner, in: tx)
      if !ids.isEmpty {
        _ = try DeviceImport.run(ids.joined(separator: "\n"), into: String(id), by: owner, in: tx)
      }
    }
    return ids
  }

  /// Claims device `n` of `platform` into ada's sandbox; its ID.
  func sandboxDevice(_ n: Int, platform: String = "boron") throws -> String {
    try write(at: "2026-10-20") { tx in
      try Fleet.claim(
        id: deviceHex(n), platform: try Platform.named(platform), name: nil, iccid: nil, by: ada,
        in: tx
      ).id
    }
  }

  /// Charges `used` by device `id` at `time` through one meter, saved; what it noticed.
  @discardableResult
  func charge(
    _ id: String, operations: Int64, cellularBytes: Int64 = 0, at time: String
  ) throws -> [BillingNotice] {
    try write(at: time) { tx in
      guard let device = try tx.device(id: id) else { throw PconError.deviceNotFound(id) }
      var meter = Meter()
      try meter.charge(
        device,
        using: UsageMonth.Counter(dataOperations: operations, cellularBytes: cellularBytes),
        at: tx.now, in: tx)
      try meter.save(in: tx)
      return meter.noticed
    }
  }

  /// Device `id` publishes `bytes` bytes of data `times` times at `time`, each through the
  /// meter as a device publish is; what was noticed.
  @discardableResult
  func publish(_ id: String, bytes: Int = 10, times: Int = 1, at time: String) throws
    -> [BillingNotice]
  {
    try write(at: time) { tx in
      guard var device = try tx.device(id: id) else { throw PconError.deviceNotFound(id) }
      var meter = Meter()
      for _ in 0..<times {
        try meter.charge(&device, dataBytes: bytes, at: tx.now, in: tx)
      }
      try meter.save(in: tx)
      try tx.save(device)
      return meter.noticed
    }
  }

  /// What `payer` used in `month`.
  func usage(of payer: Payer, month: String = "2026-11") throws -> UsageMonth {
    try read(at: "2026-11-26") { tx in try payer.usage(month: month, in: tx) }
  }

  /// The payer of device `id`.
  func payer(of id: String) throws -> Payer? {
    try read(at: "2026-11-26") { tx in
      guard let device = try tx.device(id: id) else { return nil }
      return try Payer.of(device, in: tx)
    }
  }

  /// Organization `id` as stored.
  func org(_ id: String) throws -> Organization? {
    try read(at: "2026-11-26") { tx in try tx.orgs().first { $0.id == id } }
  }
}

/// The instant an ISO-8601 text names.
func instant(_ text: String, sourceLocation: SourceLocation = #_sourceLocation) throws
  -> Timestamp
{
  try #require(Timestamp(iso8601: text), sourceLocation: sourceLocation)
}

extension [BillingNotice] {
  /// The keys of the usage and block notices, leaving an organization's payments aside.
  var usageKeys: [String] { filter { $0.kind == .usage || $0.kind == .block }.map(\.key) }
}
