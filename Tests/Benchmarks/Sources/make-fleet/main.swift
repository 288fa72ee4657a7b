import Glibc
import PconCore

// make-fleet STATE-DIR COUNT: one account, bench@example.com, owning COUNT devices named
// dev-0 … dev-(COUNT-1) of mixed platforms. The sandbox limit does not apply to this fixture:
// devices are stored directly, in batches, as an import would.
let arguments = CommandLine.arguments
guard arguments.count == 3, let count = Int(arguments[2]), count > 0 else {
  print("usage: make-fleet STATE-DIR COUNT")
  exit(2)
}
let store = StateStore(root: arguments[1], lockTimeout: 60)
let platforms = ["argon", "boron", "p2", "bsom", "tracker", "photon"]
do {
  let account = try store.write { tx in
    try tx.account(email: "bench@example.com")
      ?? Accounts.create(email: "bench@example.com", name: "Bench", in: tx, random: .system)
  }
  var next = 0
  while next < count {
    let batch = min(10_000, count - next)
    try store.write { tx in
      let devices = try (next..<next + batch).map { n -> Device in
        let hex = String(n, radix: 16)
        var device = Device(
          id: "e00fce68" + String(repeating: "0", count: 16 - hex.count) + hex,
          platformID: try Platform.named(platforms[n % platforms.count]).id, owner: account.email)
        device.name = "dev-\(n)"
        device.online = n % 3 == 0
        device.lastHeard = tx.now.adding(seconds: -Int64(n % 86_400))
        device.lastHandshakeAt = device.lastHeard
        device.systemFirmwareVersion = "6.3.0"
        device.firmwareVersion = 1 + n % 5
        return device
      }
      try tx.save(devices)
    }
    next += batch
  }
} catch {
  print("make-fleet: \(error)")
  exit(1)
}
