// Times HTTPClient.send against the local test server: the median and 90th percentile of N
// plain-http round trips (connect, request, response, close), in milliseconds.
import Foundation
import LocalHTTPServer
import PconCore

let count = CommandLine.arguments.count > 1 ? Int(CommandLine.arguments[1]) ?? 200 : 200
let server = try LocalHTTPServer { _ in ScriptedReply(status: 200, body: "ok") }
let client = HTTPClient()
let request = HTTPRequest(
  method: "POST", url: server.baseURL + "/hook", headers: [("Content-Type", "application/json")],
  body: Array("{\"event\":\"temp\",\"data\":\"21.5\"}".utf8))
var samples: [Double] = []
for _ in 0..<count {
  let outcome = client.send(request)
  guard outcome.response?.status == 200 else {
    FileHandle.standardError.write(Data("round trip failed: \(outcome)\n".utf8))
    exit(1)
  }
  samples.append(outcome.latency * 1000)
}
samples.sort()
print(
  String(
    format: "http round trip: median %.3f ms, p90 %.3f ms over %d requests",
    samples[samples.count / 2], samples[samples.count * 9 / 10], count))
server.stop()
