import Foundation
import Testing

/// Every command starts fast only while the binary links neither libcurl nor
/// FoundationNetworking; https loads libcurl itself when it is first used.
@Suite struct StartupLinkageTests {
  @Test(.enabled(if: FileManager.default.isExecutableFile(atPath: "/usr/bin/ldd")))
  func pconLinksNoNetworkingLibrary() throws {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/ldd")
    process.arguments = [Pcon.binary]
    let output = Pipe()
    process.standardOutput = output
    try process.run()
    let text = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
    process.waitUntilExit()
    #expect(text.contains("libFoundation.so"))
    #expect(!text.contains("libcurl"))
    #expect(!text.contains("FoundationNetworking"))
  }
}
