// swift-tools-version: 6.1
import PackageDescription

// Release builds of coord's own modules access generic type metadata through
// metadata accessors instead of by mangled name: a mangled name makes the Swift
// runtime demangle it and, the first time a type's conformance is needed, scan
// every protocol-conformance record of the static binary, which costs the hot
// commands (post, lock, unlock, check) more than their own work. See
// docs/benchmarks.md ("Metadata by accessor").
let hotPathSettings: [SwiftSetting] = [
    .unsafeFlags(["-Xfrontend", "-disable-concrete-type-metadata-mangled-name-accessors"], .when(configuration: .release)),
]

// The release link lays out the code and data the hot commands touch side by
// side, in the order of Sources/coord/coord.order (made by
// scripts/link-order.sh), so that a two-millisecond command faults in a
// fraction of the pages of the static binary. lld, which ships with the
// toolchain, reads the order; names it does not find are skipped.
let packageRoot = String(#filePath.dropLast("/Package.swift".count))
let hotPathLinkOrder: [LinkerSetting] = [
    .unsafeFlags(["-use-ld=lld",
                  "-Xlinker", "--symbol-ordering-file=\(packageRoot)/Sources/coord/coord.order",
                  "-Xlinker", "--no-warn-symbol-ordering"],
                 .when(configuration: .release)),
]

let package = Package(
    name: "coord",
    products: [
        .executable(name: "coord", targets: ["coord"]),
        .library(name: "CoordinationKit", targets: ["CoordinationKit"]),
        .library(name: "CoordStorage", targets: ["CoordStorage"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/hummingbird-project/swift-mustache", from: "2.1.1"),
    ],
    targets: [
        // The few Linux calls Swift's Glibc module does not export (signalfd).
        .target(name: "CCoordSystem"),
        // The storage layer: workspace discovery, the system calls, the journal,
        // time and the base error. It cannot see the board: the package graph
        // has no edge from here to CoordinationKit.
        .target(
            name: "CoordStorage",
            dependencies: ["CCoordSystem"],
            swiftSettings: hotPathSettings
        ),
        // Every rule of the board lives here, on top of the storage layer; the
        // executable only parses and renders.
        .target(
            name: "CoordinationKit",
            dependencies: ["CoordStorage"],
            swiftSettings: hotPathSettings
        ),
        .executableTarget(
            name: "coord",
            dependencies: [
                "CoordStorage",
                "CoordinationKit",
                "CoordinationTemplates",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            exclude: ["coord.order"],
            swiftSettings: hotPathSettings,
            linkerSettings: hotPathLinkOrder
        ),
        // Brief templates, rendered with Mustache. Mustache imports all of
        // Foundation; the hot commands never touch it (see HotPathParser).
        .target(
            name: "CoordinationTemplates",
            dependencies: [
                "CoordStorage",
                "CoordinationKit",
                .product(name: "Mustache", package: "swift-mustache"),
            ]
        ),
        // Shared by all test tiers: temporary boards, a fixed clock, running the built binary.
        .target(
            name: "CoordTestSupport",
            dependencies: ["CoordStorage", "CoordinationKit"],
            path: "Tests/CoordTestSupport"
        ),
        .testTarget(
            name: "CoordinationKitTests",
            dependencies: ["CoordStorage", "CoordinationKit", "CoordinationTemplates", "CoordTestSupport"]
        ),
        .testTarget(
            name: "CoordinationTemplatesTests",
            dependencies: ["CoordStorage", "CoordinationKit", "CoordinationTemplates", "CoordTestSupport"]
        ),
        .testTarget(
            name: "CoordCommandTests",
            dependencies: ["coord", "CoordStorage", "CoordinationKit", "CoordTestSupport"]
        ),
        .testTarget(
            name: "CoordEndToEndTests",
            dependencies: ["CoordStorage", "CoordinationKit", "CoordTestSupport"]
        ),
    ],
    swiftLanguageModes: [.v6]
)
