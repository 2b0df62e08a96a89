// swift-tools-version:6.0
import Foundation
import PackageDescription

let package = Package(
    name: "chibo",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "chibod", targets: ["chibod"]),
        .executable(name: "chibo", targets: ["chibo"]),
        .library(name: "ChiboModel", targets: ["ChiboModel"]),
        .library(name: "ChiboClient", targets: ["ChiboClient"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-nio.git", from: "2.101.2"),
        .package(url: "https://github.com/apple/swift-protobuf.git", from: "1.39.0"),
        .package(url: "https://github.com/groue/GRDB.swift.git", from: "7.10.0"),
        .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-log.git", from: "1.16.2"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle.git", from: "2.13.0"),
        .package(url: "https://github.com/apple/swift-metrics.git", from: "2.13.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus.git", from: "2.4.1"),
        // Latency percentiles of chibo-bench.
        .package(url: "https://github.com/HdrHistogram/hdrhistogram-swift.git", from: "0.2.0"),
        // The integration tests start chibo and chibod thousands of times: Foundation's Process.run() on Linux
        // crashes now and then while doing so (swift-corelibs-foundation #5472); swift-subprocess does not.
        .package(url: "https://github.com/swiftlang/swift-subprocess.git", from: "1.0.2"),
        .package(url: "https://github.com/apple/swift-system.git", from: "1.8.1"),
        // Binary search over sorted facts (partitioningIndex) in the compliance engine.
        .package(url: "https://github.com/apple/swift-algorithms.git", from: "1.2.1"),
    ],
    targets: [
        .systemLibrary(
            name: "CSodium",
            pkgConfig: "libsodium",
            providers: [.apt(["libsodium-dev"])]
        ),
        // Domain types and rules: Foundation only, so a phone app can reuse it.
        .target(name: "ChiboModel", dependencies: [.product(name: "Algorithms", package: "swift-algorithms")]),
        .target(
            name: "ChiboWire",
            dependencies: [
                "CSodium",
                "ChiboModel",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "SwiftProtobuf", package: "swift-protobuf"),
            ],
            exclude: ["Generated/README.md"]
        ),
        .target(
            name: "ChiboStore",
            dependencies: [
                "ChiboModel",
                .product(name: "GRDB", package: "GRDB.swift"),
                // The C API, for the few readers that take a column's bytes without making a String (`ColumnBytes`).
                .product(name: "GRDBSQLite", package: "GRDB.swift"),
            ]
        ),
        .target(
            name: "ChiboServer",
            dependencies: [
                // ChiboClient: a daemon that reports upward is a client of the upper daemon.
                "ChiboModel", "ChiboWire", "ChiboStore", "ChiboClient",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "Prometheus", package: "swift-prometheus"),
            ]
        ),
        .target(
            name: "ChiboClient",
            dependencies: [
                "ChiboModel", "ChiboWire",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
            ]
        ),
        // Deterministic synthetic data sets as CSV files, for demos, tests and benchmarks.
        .target(name: "ChiboDemo", dependencies: ["ChiboModel"]),
        // Reports as printable A4 pages (HTML with inline SVG charts): pure text, no I/O.
        .target(name: "ChiboPrint", dependencies: ["ChiboModel"]),
        .target(
            name: "ChiboCLI",
            dependencies: [
                "ChiboModel", "ChiboWire", "ChiboClient", "ChiboDemo", "ChiboPrint",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .target(
            name: "ChiboDaemon",
            dependencies: [
                "ChiboModel", "ChiboWire", "ChiboStore", "ChiboServer",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ]
        ),
        .target(
            name: "ChiboBenchmark",
            dependencies: [
                "ChiboModel", "ChiboWire", "ChiboClient",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Histogram", package: "hdrhistogram-swift"),
            ]
        ),
        .executableTarget(name: "chibo-bench", dependencies: ["ChiboBenchmark"]),
        .executableTarget(name: "chibod", dependencies: ["ChiboDaemon"]),
        .executableTarget(name: "chibo", dependencies: ["ChiboCLI"]),
        .testTarget(name: "ChiboModelTests", dependencies: ["ChiboModel"]),
        .testTarget(name: "ChiboPrintTests", dependencies: ["ChiboPrint", "ChiboModel"]),
        .testTarget(name: "ChiboStoreTests", dependencies: ["ChiboStore", "ChiboModel"]),
        .testTarget(name: "ChiboClientTests", dependencies: ["ChiboClient", "ChiboWire", "ChiboModel"]),
        // The server in-process: ChiboService in a ServiceGroup on a temporary directory and port 0.
        .testTarget(
            name: "ChiboServerTests",
            dependencies: [
                "ChiboServer", "ChiboClient", "ChiboWire", "ChiboStore", "ChiboModel",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ]
        ),
        .testTarget(
            name: "ChiboWireTests",
            dependencies: [
                "ChiboWire",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOEmbedded", package: "swift-nio"),
                .product(name: "NIOTestUtils", package: "swift-nio"),
            ]
        ),
        .testTarget(
            name: "ChiboIntegrationTests",
            dependencies: [
                "ChiboWire", "ChiboClient", "ChiboStore", "ChiboDemo",
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "Subprocess", package: "swift-subprocess"),
                .product(name: "SystemPackage", package: "swift-system"),
            ]
        ),
    ]
)

// libFuzzer targets (Fuzz/, docs/fuzzing.md): only when scripts/fuzz.sh asks, since they build with
// -sanitize=fuzzer, which supplies the program's main.
if ProcessInfo.processInfo.environment["CHIBO_FUZZ"] == "1" {
    package.targets.append(
        .executableTarget(
            name: "chibo-fuzz",
            dependencies: ["ChiboModel", "ChiboWire", "ChiboClient", .product(name: "NIOEmbedded", package: "swift-nio")],
            path: "Fuzz/ChiboFuzz"))
}
