import Foundation
import Glibc
import PconCore

// make-events STATE-DIR COUNT DEVICES: bench@example.com with DEVICES devices (dev-0 …) and
// COUNT events from them over the three months before now: temperature and humidity readings
// (numbers), locations and status reports (JSON), alarms (words), and spark/status changes.
// make-events --capture FILE COUNT DEVICES: the same events as `particle subscribe` prints them,
// one JSON object per line, for `pcon logs ingest`.
var arguments = CommandLine.arguments
let capture = arguments.count == 5 && arguments[1] == "--capture"
if capture { arguments.remove(at: 1) }
guard arguments.count == 4, let count = Int(arguments[2]), let deviceCount = Int(arguments[3]),
  count > 0, deviceCount > 0
else {
  print("usage: make-events [--capture FILE | STATE-DIR] COUNT DEVICES")
  exit(2)
}
func hexID(_ n: Int) -> String {
  let hex = String(n, radix: 16)
  return "e00fce68" + String(repeating: "0", count: 16 - hex.count) + hex
}
let span: Int64 = 90 * 86_400

/// The draft of the `n`th of the events, which span the three months before `now`.
func draft(_ n: Int, now: Timestamp) -> EventLog.Draft {
  var generator = SystemRandomNumberGenerator()
  let at = now.adding(seconds: -span).adding(seconds: span * Int64(n) / Int64(count))
  let device = hexID(Int.random(in: 0..<deviceCount, using: &generator))
  let kind = Int.random(in: 0..<100, using: &generator)
  let (name, data): (String, String)
  switch kind {
  case 0..<40:
    (name, data) = (
      "temperature", String(format: "%.1f", Double.random(in: -10...60, using: &generator))
    )
  case 40..<60:
    (name, data) = ("humidity", String(Int.random(in: 20...95, using: &generator)))
  case 60..<75:
    (name, data) = (
      "location",
      String(
        format: #"{"lat":%.4f,"lon":%.4f,"speed":%d}"#,
        Double.random(in: 50...54, using: &generator),
        Double.random(in: 3...7, using: &generator),
        Int.random(in: 0...120, using: &generator))
    )
  case 75..<90:
    (name, data) = (
      "status", #"{"battery":\#(Int.random(in: 5...100, using: &generator)),"ok":true}"#
    )
  case 90..<95:
    (name, data) = ("alarm", ["door open", "low battery warning", "overheat"][kind % 3])
  default: (name, data) = ("spark/status", kind % 2 == 0 ? "online" : "offline")
  }
  return EventLog.Draft(name: name, data: data, publishedAt: at, coreid: device)
}

if capture {
  // `particle subscribe` prints each event as JSON: name first, ttl as a string.
  guard let file = fopen(arguments[1], "w") else {
    print("make-events: cannot write \(arguments[1])")
    exit(1)
  }
  let now = Clock.system.now()
  var out: [UInt8] = []
  for n in 0..<count {
    let event = draft(n, now: now)
    out += Array(#"{"name":"#.utf8)
    JSONWriter.writeString(event.name, into: &out)
    out += Array(#","data":"#.utf8)
    JSONWriter.writeString(event.data, into: &out)
    out += Array(#","ttl":"60","published_at":""#.utf8) + Array(event.publishedAt.iso8601.utf8)
    out += Array(#"","coreid":""#.utf8) + Array(event.coreid.utf8) + Array("\"}\n".utf8)
    if out.count > 1 << 20 || n == count - 1 {
      fwrite(out, 1, out.count, file)
      out.removeAll(keepingCapacity: true)
    }
  }
  fclose(file)
  exit(0)
}

let store = StateStore(root: arguments[1], lockTimeout: 60)
do {
  let account = try store.write { tx in
    let account = try Accounts.create(
      email: "bench@example.com", name: "Bench", in: tx, random: .system)
    let devices = (0..<deviceCount).map { n -> Device in
      var device = Device(id: hexID(n), platformID: 12, owner: account.email)
      device.name = "dev-\(n)"
      return device
    }
    try tx.save(devices)
    return account
  }
  var made = 0
  while made < count {
    let batch = min(100_000, count - made)
    try store.write { tx in
      let drafts = (made..<made + batch).map { draft($0, now: tx.now) }
      try EventLog.append(drafts, to: .account(id: account.id), in: tx)
    }
    made += batch
  }
} catch {
  print("make-events: \(error)")
  exit(1)
}
