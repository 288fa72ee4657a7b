import Foundation

/// The sample fleet `pcon demo` builds: one account and a dozen devices of mixed platforms.
public enum DemoFleet {
  /// The demo's account, logged in after the demo is built.
  public static let email = "demo@example.com"
  /// The ICCID of the demo's cellular device.
  public static let iccid = "89014103271203845123"

  struct Sample {
    let id: String
    let platform: String
    let name: String
    /// Minutes since last heard when online, nil when it never connected.
    let heardMinutesAgo: Int?
    let online: Bool
    let firmware: Int?
    let deviceOS: String?
  }

  static let samples: [Sample] = [
    Sample(
      id: "e00fce681f2e3b6a9c5d7e01", platform: "boron", name: "pump-station-3", heardMinutesAgo: 0,
      online: true, firmware: 4, deviceOS: "6.2.1"),
    Sample(
      id: "e00fce68a41c2d7f3b9e0a12", platform: "argon", name: "greenhouse-north",
      heardMinutesAgo: 0, online: true, firmware: 7, deviceOS: "6.3.0"),
    Sample(
      id: "e00fce68b72d4e1a8c6f3b23", platform: "argon", name: "greenhouse-south",
      heardMinutesAgo: 95, online: false, firmware: 7, deviceOS: "6.3.0"),
    Sample(
      id: "0a10aced202194944a0c4f34", platform: "p2", name: "lobby-display", heardMinutesAgo: 0,
      online: true, firmware: 2, deviceOS: "6.3.0"),
    Sample(
      id: "0a10aced20219494c1d5e645", platform: "p2", name: "freezer-monitor", heardMinutesAgo: 0,
      online: true, firmware: 2, deviceOS: "6.3.0"),
    Sample(
      id: "3c003a000d47363433353735", platform: "photon", name: "garage-door",
      heardMinutesAgo: 2880, online: false, firmware: nil, deviceOS: "2.3.1"),
    Sample(
      id: "3c003a001547363433353746", platform: "photon", name: "porch-light", heardMinutesAgo: 12,
      online: false, firmware: nil, deviceOS: "2.3.1"),
    Sample(
      id: "e00fce68c83f5a2b9d1e4c57", platform: "bsom", name: "tank-level-east", heardMinutesAgo: 0,
      online: true, firmware: 3, deviceOS: "5.9.0"),
    Sample(
      id: "e00fce68d94a6b3cae2f5d68", platform: "tracker", name: "van-12", heardMinutesAgo: 0,
      online: true, firmware: 11, deviceOS: "6.2.1"),
    Sample(
      id: "e00fce68ea5b7c4dbf306e79", platform: "tracker", name: "van-14", heardMinutesAgo: 340,
      online: false, firmware: 10, deviceOS: "6.2.1"),
    Sample(
      id: "e00fce68fb6c8d5ec0417f8a", platform: "msom", name: "weather-mast", heardMinutesAgo: 0,
      online: true, firmware: 1, deviceOS: "6.3.2"),
    Sample(
      id: "4b0038000951353532373238", platform: "electron", name: "old-gate-sensor",
      heardMinutesAgo: nil, online: false, firmware: nil, deviceOS: nil),
  ]

  /// How many devices the demo claims.
  public static var deviceCount: Int { samples.count }

  /// Builds the sample in an empty state; the caller has checked that it is empty.
  public static func build(in transaction: Transaction, random: RandomSource) throws {
    let account = try Accounts.create(
      email: email, name: "Demo User", in: transaction, random: random)
    var devices: [Device] = []
    for sample in samples {
      let iccid = sample.name == "pump-station-3" ? iccid : nil
      var device = try Fleet.claim(
        id: sample.id, platform: try Platform.named(sample.platform), name: sample.name,
        iccid: iccid, by: account,
        in: transaction)
      if let minutes = sample.heardMinutesAgo {
        let heard = transaction.now.adding(seconds: -Int64(minutes) * 60)
        device.online = sample.online
        device.lastHeard = heard
        device.lastHandshakeAt = heard.adding(seconds: -3600)
        device.lastIPAddress = "203.0.113.\(10 + devices.count)"
        device.systemFirmwareVersion = sample.deviceOS
        device.firmwareVersion = sample.firmware
      }
      devices.append(device)
    }
    devices[0].notes = "Pumps 3A and 3B; SIM on the yard account."
    devices[8].notes = "Driver: R. Okafor. Service due in March."
    let drafts = events(for: devices, now: transaction.now)
    // The six hours of traffic were the devices' publishes: the free plan counted them.
    var meter = Meter()
    for draft in drafts where Meter.isMetered(draft.name) {
      guard let index = devices.firstIndex(where: { $0.id == draft.coreid }) else { continue }
      try meter.charge(
        &devices[index], dataBytes: draft.data.utf8.count, at: draft.publishedAt, in: transaction)
    }
    try meter.save(in: transaction)
    try transaction.save(devices)
    try EventLog.append(drafts, to: .account(id: account.id), in: transaction)
    try buildProduct(owner: account, in: transaction, random: random)
    transaction.save(StateFiles.demoMarker, transaction.now)
  }

  /// The demo product's team, besides its Owner.
  static let teamMembers: [(String, Role)] = [
    ("dev@example.com", .developer), ("support@example.com", .support),
    ("viewer@example.com", .viewOnly),
  ]

  /// Why a state built as a demo now holds more than a demo (someone else's account), or nil
  /// when all of it is the demo's and `clear` may remove it.
  public static func foreignContent(in transaction: Transaction) throws -> String? {
    let own = Set([email] + teamMembers.map(\.0))
    let others = try transaction.load(StateFiles.accounts).accounts.map(\.email).filter {
      !own.contains($0)
    }
    if let first = others.sorted().first {
      return "it holds the account \(first), which the demo did not create"
    }
    for path in try files(in: transaction)
    where !StateLayout.lockFiles.contains(path) && !StateLayout.isStateFile(path) {
      return "it holds \(path), which pcon does not write"
    }
    return nil
  }

  /// Every file of the state, by path from its root.
  private static func files(in transaction: Transaction) throws -> [String] {
    var files: [String] = []
    var directories = ["."]
    while let directory = directories.popLast() {
      for name in try transaction.list(directory) {
        let path = directory == "." ? name : directory + "/" + name
        if try transaction.entry(path)?.kind == .directory {
          directories.append(path)
        } else {
          files.append(path)
        }
      }
    }
    return files
  }

  /// Stages the removal of every file of the demo, keeping the format version and the demo
  /// marker: if the rebuild that follows never runs, the directory is still known as a demo.
  public static func clear(in transaction: Transaction) throws {
    let kept = StateLayout.lockFiles.union([StateLayout.format, StateLayout.demoMarker])
    for path in try files(in: transaction) where !kept.contains(path) {
      transaction.stage(path, nil)
    }
  }

  /// Whether the state holds a demo fleet (built by `build`).
  public static func isBuilt(in transaction: Transaction) throws -> Bool {
    try transaction.load(StateFiles.demoMarker) != nil
  }

  /// The demo product's ID.
  public static let productID = 10001

  /// A product with a team of three roles, imported devices, a customer and an API user.
  static func buildProduct(owner: Account, in transaction: Transaction, random: RandomSource) throws
  {
    let ownerActor = Actor.person(owner)
    _ = try Products.create(
      name: "Pump monitors", platform: try Platform.named("boron"),
      description: "Borons on the irrigation pumps",
      org: nil, id: productID, by: ownerActor, in: transaction)
    for (email, role) in teamMembers {
      let member = try Accounts.create(email: email, name: nil, in: transaction, random: random)
      _ = try Teams.invite(
        email, role: role, product: String(productID), org: nil, by: ownerActor, in: transaction)
      _ = try Teams.answer(String(productID), accept: true, by: .person(member), in: transaction)
    }
    let ids = (1...8).map { "e00fce68aa00000000000" + String(format: "%03d", $0) }
    _ = try DeviceImport.run(
      ids.joined(separator: "\n"), into: String(productID), by: ownerActor, in: transaction)
    for (n, id) in ids.enumerated() {
      _ = try Fleet.rename(
        id, to: "pump-\(String(format: "%02d", n + 1))", by: ownerActor, in: transaction)
    }
    for id in ids.prefix(5) {
      _ = try Fleet.connect(
        id, handshake: Fleet.Handshake(firmwareVersion: 3, deviceOS: "6.2.1"), by: ownerActor,
        in: transaction)
    }
    _ = try Customers.create(
      "alice@example.com", product: String(productID), password: false, by: ownerActor,
      in: transaction)
    _ = try Customers.claim(
      "pump-01", for: "alice@example.com", product: String(productID), by: ownerActor,
      in: transaction)
    _ = try Teams.createAPIUser(
      "ci", scopes: ["devices:list", "events:get"], product: String(productID), org: nil,
      by: ownerActor, in: transaction,
      random: random)
    try buildFirmware(by: ownerActor, in: transaction)
    try buildTrackers(by: ownerActor, in: transaction)
    try buildWebhook(by: ownerActor, in: transaction, random: random)
  }

  /// The local port the demo's webhook sends to: nothing listens there until a test server does.
  public static let webhookPort = 18_080

  /// A disabled webhook on the pump product, posting each `reading` event to a local server.
  static func buildWebhook(by actor: Actor, in transaction: Transaction, random: RandomSource)
    throws
  {
    let hook = Webhook(
      id: "", owner: .product(id: productID), name: "Readings to a local server",
      event: "reading", url: "http://127.0.0.1:\(webhookPort)/readings",
      payload: .json(
        .object([
          ("device", .string("{{{PARTICLE_DEVICE_ID}}}")),
          ("value", .string("{{{PARTICLE_EVENT_VALUE}}}")),
          ("at", .string("{{{PARTICLE_PUBLISHED_AT}}}")),
        ])), disabled: true, createdAt: transaction.now)
    _ = try Webhooks.create(
      WebhookJSON.Definition(hook: hook, productID: productID, device: nil), product: nil,
      by: actor, in: transaction, random: random)
  }

  /// The tracker product's ID.
  public static let trackerProductID = 10002

  /// A tracker product of four couriers moving around Amsterdam for the last hour: each
  /// publishes a `loc` every ten minutes along its own straight line.
  static func buildTrackers(by owner: Actor, in transaction: Transaction) throws {
    let product = String(trackerProductID)
    _ = try Products.create(
      name: "City couriers", platform: try Platform.named("tracker"),
      description: "Tracker Ones on the courier bikes", org: nil, id: trackerProductID,
      by: owner, in: transaction)
    let ids = (1...4).map { "e00fce68bb00000000000" + String(format: "%03d", $0) }
    _ = try DeviceImport.run(ids.joined(separator: "\n"), into: product, by: owner, in: transaction)
    // Start near the centre, each heading its own way (degrees a step, north and east).
    let routes: [(lat: Double, lon: Double, north: Double, east: Double)] = [
      (52.3731, 4.8926, 0.0009, 0.0004), (52.3600, 4.8852, 0.0002, 0.0012),
      (52.3791, 4.9003, -0.0007, -0.0006), (52.3584, 4.9130, 0.0008, -0.0010),
    ]
    var publisher = DevicePublisher()
    for (n, id) in ids.enumerated() {
      _ = try Fleet.rename(id, to: "courier-\(n + 1)", by: owner, in: transaction)
      guard var device = try transaction.device(id: id) else { continue }
      let route = routes[n]
      for step in 0...6 {
        let time = transaction.now.adding(seconds: Int64(step - 6) * 600 - Int64(n))
        let fix = Location(
          latitude: route.lat + route.north * Double(step),
          longitude: route.lon + route.east * Double(step), time: time,
          temperature: 24.5 + Double(n), battery: 92 - Double(step + n * 3))
        try publisher.publish(
          name: TrackerPlatforms.locEvent, data: fix.locData(triggers: ["time"]),
          ttl: Event.defaultTTL, as: &device, at: time, in: transaction)
      }
    }
    _ = try publisher.flush(in: transaction)
  }

  /// The product's firmware: versions 3 to 5 uploaded, 3 the default release, 4 released to the
  /// field-test group and running on part of it, a device locked to 4 and a development device.
  static func buildFirmware(by owner: Actor, in transaction: Transaction) throws {
    let product = String(productID)
    let titles = [3: "Pump control", 4: "Pump control: soft start", 5: "Pump control: flow alarms"]
    for version in 3...5 {
      var module = ModuleBuilder(
        platformID: try Platform.named("boron").id, productID: productID, productVersion: version)
      module.payload = Array("pump-monitors firmware \(version)".utf8)
      _ = try Firmware.upload(
        module.build(), file: "pump-monitors-v\(version).bin", product: product, version: version,
        title: titles[version] ?? "v\(version)", description: nil, by: owner, in: transaction)
    }
    for (group, color, devices) in [
      ("field-test", "#E67E22", ["pump-02", "pump-03"]),
      ("north", "#2E86DE", ["pump-04", "pump-05"]),
    ] {
      _ = try Groups.create(
        group, product: product, description: nil, color: color, by: owner, in: transaction)
      _ = try Groups.add(devices, to: group, product: product, by: owner, in: transaction)
    }
    _ = try Firmware.release(
      3, product: product, to: .productDefault, dryRun: false, by: owner, in: transaction)
    _ = try Products.setDevelopment("pump-05", true, by: owner, in: transaction)
    // pump-06 is locked to 4 and takes it at its first handshake, so 4 runs somewhere and may
    // be released; the field-test group then gets it, and pump-02 has updated since.
    _ = try Firmware.lock("pump-06", to: 4, flashNow: false, by: owner, in: transaction)
    _ = try Fleet.connect(
      "pump-06", handshake: Fleet.Handshake(deviceOS: "6.2.1"), by: owner, in: transaction)
    _ = try Firmware.release(
      4, product: product, to: .groups(["field-test"]), dryRun: false, by: owner, in: transaction)
    _ = try Fleet.connect(
      "pump-02", handshake: Fleet.Handshake(firmwareVersion: 3, deviceOS: "6.2.1"), by: owner,
      in: transaction)
  }

  /// Six hours of a fleet's traffic, every ten minutes: readings, locations, status changes.
  static func events(for devices: [Device], now: Timestamp) -> [EventLog.Draft] {
    func device(_ name: String) -> Device? { devices.first { $0.name == name } }
    var drafts: [EventLog.Draft] = []
    func add(_ name: String, _ data: String, _ source: Device?, minutesAgo: Int) {
      guard let source else { return }
      drafts.append(
        EventLog.Draft(
          name: name, data: data,
          publishedAt: now.adding(seconds: -Int64(minutesAgo) * 60 - Int64(drafts.count % 7)),
          coreid: source.id))
    }
    for device in devices where device.online {
      add("spark/status", "online", device, minutesAgo: 362)
    }
    for step in stride(from: 360, through: 0, by: -10) {
      let wave = Double((step / 10) % 12)
      let north = 21.0 + wave * 0.6
      add("temperature", format(north), device("greenhouse-north"), minutesAgo: step)
      add("humidity", format(64 - wave), device("greenhouse-north"), minutesAgo: step)
      if step >= 100 {
        add("temperature", format(north + 2.4), device("greenhouse-south"), minutesAgo: step)
      }
      add("temperature", format(-18.5 + wave * 0.25), device("freezer-monitor"), minutesAgo: step)
      add("pressure", format(2.1 + wave * 0.05), device("pump-station-3"), minutesAgo: step)
      let lat = 52.3676 + Double(360 - step) * 0.0004
      let lon = 4.9041 + Double(360 - step) * 0.0003
      add(
        "location",
        #"{"lat":\#(format(lat, digits: 4)),"lon":\#(format(lon, digits: 4)),"speed":\#(30 + (step / 10) % 5 * 7)}"#,
        device("van-12"), minutesAgo: step)
      if step % 60 == 0 {
        add(
          "tank/level", format(78 - Double(360 - step) / 30), device("tank-level-east"),
          minutesAgo: step)
      }
    }
    add("spark/status", "offline", device("greenhouse-south"), minutesAgo: 95)
    add("spark/status", "offline", device("van-14"), minutesAgo: 340)
    add(
      "alarm", #"{"level":"warning","reason":"door open > 5 min"}"#, device("freezer-monitor"),
      minutesAgo: 42)
    return drafts.sorted { $0.publishedAt < $1.publishedAt }
  }

  private static func format(_ value: Double, digits: Int = 1) -> String {
    var scale = 1.0
    for _ in 0..<digits { scale *= 10 }
    let rounded = (value * scale).rounded() / scale
    var text = String(rounded)
    if let dot = text.firstIndex(of: ".") {
      let decimals = text.distance(from: dot, to: text.endIndex) - 1
      if decimals < digits { text += String(repeating: "0", count: digits - decimals) }
    }
    return text
  }
}
