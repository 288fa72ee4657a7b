// swift-tools-version:6.0
import PackageDescription

let package = Package(
  name: "pcon",
  products: [
    .executable(name: "pcon", targets: ["pcon"]),
    // For the benchmark fixtures in Tests/Benchmarks, which build large states directly.
    .library(name: "PconCore", targets: ["PconCore"]),
    .library(name: "LocalHTTPServer", targets: ["LocalHTTPServer"]),
  ],
  targets: [
    // libcurl through dlopen, for https only: linking it would slow the start of every command.
    .target(name: "CCurl", linkerSettings: [.linkedLibrary("dl")]),
    .target(name: "PconCore", dependencies: ["CCurl"]),
    .target(name: "PconCLI", dependencies: ["PconCore"]),
    .executableTarget(name: "pcon", dependencies: ["PconCLI"]),
    // A scriptable HTTP server on 127.0.0.1 for the tests and benchmarks of webhook delivery.
    .target(name: "LocalHTTPServer", path: "Tests/LocalHTTPServer"),
    .testTarget(name: "PconCoreTests", dependencies: ["PconCore", "LocalHTTPServer"]),
    .testTarget(name: "PconCLITests", dependencies: ["PconCLI"]),
    .testTarget(
      name: "EndToEndTests", dependencies: ["pcon", "PconCore", "LocalHTTPServer"]),
  ],
  swiftLanguageModes: [.v6]
)
