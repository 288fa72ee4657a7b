/// The sample fleet `pcon demo` builds: one account and a dozen devices of mixed platforms.
public enum DemoFleet {
  /// The demo's account, logged in after the demo is built.
  public static let email = "demo@example.com"
  /// The marker file that tells a demo state directory from any other.
  public static let marker = "demo.json"
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
    try transaction.save(devices)
    transaction.stage(marker, .object([("created_at", .string(transaction.now.iso8601))]))
  }
}
