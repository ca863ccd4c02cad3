// swift-tools-version: 6.1
import PackageDescription

let package = Package(
    name: "coord",
    products: [
        .executable(name: "coord", targets: ["coord"]),
        .library(name: "CoordinationKit", targets: ["CoordinationKit"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
    ],
    targets: [
        // The few Linux calls Swift's Glibc module does not export (signalfd).
        .target(name: "CCoordSystem"),
        // Every rule of the board lives here; the executable only parses and renders.
        .target(
            name: "CoordinationKit",
            dependencies: ["CCoordSystem"]
        ),
        .executableTarget(
            name: "coord",
            dependencies: [
                "CoordinationKit",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        // Shared by all test tiers: temporary boards, a fixed clock, running the built binary.
        .target(
            name: "CoordTestSupport",
            dependencies: ["CoordinationKit"],
            path: "Tests/CoordTestSupport"
        ),
        .testTarget(
            name: "CoordinationKitTests",
            dependencies: ["CoordinationKit", "CoordTestSupport"]
        ),
        .testTarget(
            name: "CoordCommandTests",
            dependencies: ["coord", "CoordinationKit", "CoordTestSupport"]
        ),
        .testTarget(
            name: "CoordEndToEndTests",
            dependencies: ["CoordinationKit", "CoordTestSupport"]
        ),
    ],
    swiftLanguageModes: [.v6]
)
