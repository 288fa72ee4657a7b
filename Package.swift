// swift-tools-version:6.0
import PackageDescription

let package = Package(
  name: "pcon",
  products: [
    .executable(name: "pcon", targets: ["pcon"]),
    // For the benchmark fixtures in Tests/Benchmarks, which build large states directly.
    .library(name: "PconCore", targets: ["PconCore"]),
  ],
  targets: [
    .target(name: "PconCore"),
    .target(name: "PconCLI", dependencies: ["PconCore"]),
    .executableTarget(name: "pcon", dependencies: ["PconCLI"]),
    .testTarget(name: "PconCoreTests", dependencies: ["PconCore"]),
    .testTarget(name: "PconCLITests", dependencies: ["PconCLI"]),
    .testTarget(name: "EndToEndTests", dependencies: ["pcon", "PconCore"]),
  ],
  swiftLanguageModes: [.v6]
)
