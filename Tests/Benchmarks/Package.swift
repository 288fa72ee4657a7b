// swift-tools-version:6.0
import PackageDescription

// Builds large states through PconCore for the benchmark scripts; not part of the test suite.
let package = Package(
  name: "pcon-benchmarks",
  dependencies: [.package(name: "pcon", path: "../..")],
  targets: [
    .executableTarget(
      name: "make-fleet", dependencies: [.product(name: "PconCore", package: "pcon")]),
    .executableTarget(
      name: "make-events", dependencies: [.product(name: "PconCore", package: "pcon")]),
    .executableTarget(
      name: "make-module", dependencies: [.product(name: "PconCore", package: "pcon")]),
    .executableTarget(
      name: "http-roundtrip",
      dependencies: [
        .product(name: "PconCore", package: "pcon"),
        .product(name: "LocalHTTPServer", package: "pcon"),
      ]),
  ],
  swiftLanguageModes: [.v6]
)
