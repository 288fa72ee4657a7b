import Foundation
import Testing

/// `logs --json` is NDJSON, one event object per line, and help and man say so; other lists
/// stay arrays.
@Suite struct EventLogJSONShapeTests {
  @Test func logsJSONIsOneObjectPerLine() throws {
    let pcon = try Pcon()
    try pcon.run("demo")
    let lines = try pcon.ok("logs --json").split(separator: "\n")
    #expect(lines.count > 1)
    for line in lines {
      let value = try JSONSerialization.jsonObject(with: Data(line.utf8))
      #expect(value is [String: Any], "\(line)")
    }
    let devices = try JSONSerialization.jsonObject(
      with: Data(try pcon.ok("device list --json").utf8))
    #expect(devices is [Any])
  }

  @Test func helpAndManSayTheLogIsNDJSON() throws {
    let pcon = try Pcon()
    #expect(try pcon.ok("help logs").contains("--json prints NDJSON, one event object per line"))
    #expect(try pcon.ok("man logs").contains("prints NDJSON, one event object per line"))
  }
}
