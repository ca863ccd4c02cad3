// swift-tools-version: 6.1
import PackageDescription

let package = Package(
    name: "coord",
    products: [
        .executable(name: "coord", targets: ["coord"]),
        .executable(name: "coord-render", targets: ["coord-render"]),
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
            dependencies: ["CCoordSystem"]
        ),
        // Every rule of the board lives here, on top of the storage layer; the
        // executable only parses and renders.
        .target(
            name: "CoordinationKit",
            dependencies: ["CoordStorage"]
        ),
        .executableTarget(
            name: "coord",
            dependencies: [
                "CoordStorage",
                "CoordinationKit",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        // Brief templates. Mustache imports all of Foundation, which would add
        // milliseconds to every coord call, so it lives only in coord-render,
        // which coord runs as a child process when it writes briefs.
        .target(
            name: "CoordinationTemplates",
            dependencies: [
                "CoordStorage",
                "CoordinationKit",
                .product(name: "Mustache", package: "swift-mustache"),
            ]
        ),
        .executableTarget(
            name: "coord-render",
            dependencies: [
                "CoordStorage",
                "CoordinationKit",
                "CoordinationTemplates",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
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
            dependencies: ["CoordStorage", "CoordinationKit", "CoordTestSupport"]
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
