// swift-tools-version:6.0
import PackageDescription

/// LeakScan: one module per pipeline stage, a thin CLI on top.
/// Stages depend on `LeakScanCore` only; `LeakScanPipeline` wires them together.
let package = Package(
    name: "LeakScan",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "leakscan", targets: ["leakscan"]),
        .executable(name: "leakscan-bench", targets: ["LeakScanBench"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/apple/swift-crypto", "3.0.0"..<"4.0.0"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.0.0"),
        .package(url: "https://github.com/apple/swift-log", from: "1.6.0"),
    ],
    targets: [
        .systemLibrary(
            name: "CCurl",
            pkgConfig: "libcurl",
            providers: [.apt(["libcurl4-openssl-dev"])]
        ),
        .target(name: "LeakScanCore"),
        .target(name: "LeakScanFetch", dependencies: [
            "LeakScanCore", "CCurl",
            .product(name: "Logging", package: "swift-log"),
        ]),
        .target(name: "LeakScanExtract", dependencies: ["LeakScanCore"]),
        .target(name: "LeakScanMatch", dependencies: [
            "LeakScanCore",
            .product(name: "Crypto", package: "swift-crypto"),
        ], exclude: ["NormalizationSpec.md"]),
        .target(name: "LeakScanAttribute", dependencies: ["LeakScanCore"]),
        .target(name: "LeakScanStore", dependencies: [
            "LeakScanCore",
            .product(name: "GRDB", package: "GRDB.swift"),
        ]),
        .target(name: "LeakScanReport", dependencies: ["LeakScanCore"]),
        .target(name: "LeakScanPipeline", dependencies: [
            "LeakScanCore", "LeakScanFetch", "LeakScanExtract", "LeakScanMatch",
            "LeakScanAttribute", "LeakScanStore", "LeakScanReport", "LeakScanDemo",
            .product(name: "Logging", package: "swift-log"),
        ]),
        .target(name: "LeakScanDemo", dependencies: ["LeakScanCore"]),
        .executableTarget(name: "leakscan", dependencies: [
            "LeakScanCore", "LeakScanPipeline", "LeakScanDemo", "LeakScanExtract", "LeakScanFetch",
            "LeakScanMatch", "LeakScanReport", "LeakScanStore",
            .product(name: "ArgumentParser", package: "swift-argument-parser"),
            .product(name: "Logging", package: "swift-log"),
        ]),
        .executableTarget(name: "LeakScanBench", dependencies: [
            "LeakScanCore", "LeakScanFetch", "LeakScanMatch", "LeakScanDemo",
            .product(name: "GRDB", package: "GRDB.swift"),
            .product(name: "Logging", package: "swift-log"),
        ]),
        .testTarget(name: "LeakScanCoreTests", dependencies: ["LeakScanCore"]),
        .testTarget(name: "LeakScanFetchTests", dependencies: ["LeakScanFetch", "LeakScanDemo"]),
        .testTarget(name: "LeakScanExtractTests", dependencies: ["LeakScanExtract"]),
        .testTarget(name: "LeakScanMatchTests", dependencies: ["LeakScanMatch"]),
        .testTarget(name: "LeakScanAttributeTests", dependencies: ["LeakScanAttribute"]),
        .testTarget(name: "LeakScanStoreTests", dependencies: ["LeakScanStore"]),
        .testTarget(name: "LeakScanReportTests", dependencies: ["LeakScanReport"]),
        .testTarget(name: "LeakScanCLITests", dependencies: ["LeakScanDemo", "LeakScanCore"]),
    ],
    swiftLanguageModes: [.v6]
)
