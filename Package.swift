// swift-tools-version: 6.2
import PackageDescription

let package = Package(
    name: "Mousy",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "mousy", targets: ["MousyTUI"]),
        .library(name: "Messages", targets: ["Messages"]),
        .library(name: "Net", targets: ["Net"]),
        .library(name: "DevServer", targets: ["DevServer"]),
        .library(name: "Load", targets: ["Load"]),
        .library(name: "Shapes", targets: ["Shapes"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.2"),
        .package(url: "https://github.com/apple/swift-protobuf", from: "1.39.0", traits: []),
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-atomics", from: "1.3.0"),
        .package(url: "https://github.com/apple/swift-collections", from: "1.6.0"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.13.0"),
        .package(url: "https://github.com/apple/swift-metrics", from: "2.13.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus", from: "2.4.1"),
        .package(url: "https://github.com/HdrHistogram/hdrhistogram-swift", from: "0.2.0"),
        .package(url: "https://github.com/apple/swift-nio-ssh", from: "0.15.1"),
        .package(url: "https://github.com/apple/swift-crypto", "1.0.0"..<"6.0.0"),
    ],
    targets: [
        .systemLibrary(name: "CNcurses", path: "Sources/CNcurses"),
        // Debian's ICU (libicu-dev), for Unicode's own name rules (UTS #39) in Messages.
        .target(name: "CICU", linkerSettings: [.linkedLibrary("icui18n"), .linkedLibrary("icuuc")]),
        .target(name: "TerminalGrid"),
        // The world of boxes the server simulates: pure, no clock, sockets or locks.
        .target(name: "Shapes"),
        .testTarget(name: "ShapesTests", dependencies: ["Shapes"]),
        .testTarget(name: "TerminalGridTests", dependencies: ["TerminalGrid", "TerminalModel"]),
        // A model terminal that applies the differ's output, for the tests of both screens.
        .target(name: "TerminalModel", dependencies: ["TerminalGrid"], path: "Tests/TerminalModel"),
        // The screen of `mousy play` and of SSH sessions: model, update and view, without a terminal.
        .target(name: "GameUI", dependencies: ["TerminalGrid", "Messages", "Net"]),
        .testTarget(name: "GameUITests", dependencies: ["GameUI", "TerminalGrid", "TerminalModel", "Messages", "Net", "TestSupport"]),
        .target(
            name: "Messages",
            dependencies: [
                "CICU",
                .product(name: "SwiftProtobuf", package: "swift-protobuf"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
            ],
            exclude: ["messages.proto"]
        ),
        .target(
            name: "DevServer",
            dependencies: [
                "Messages",
                "Shapes",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOConcurrencyHelpers", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Atomics", package: "swift-atomics"),
                .product(name: "DequeModule", package: "swift-collections"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "Histogram", package: "hdrhistogram-swift"),
            ]
        ),
        .target(
            name: "Net",
            dependencies: [
                "Messages",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOConcurrencyHelpers", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Atomics", package: "swift-atomics"),
                .product(name: "DequeModule", package: "swift-collections"),
            ]
        ),
        .target(
            name: "Load",
            dependencies: [
                "Messages",
                "Net",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOConcurrencyHelpers", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "NIOWebSocket", package: "swift-nio"),
                .product(name: "SwiftProtobuf", package: "swift-protobuf"),
                .product(name: "Atomics", package: "swift-atomics"),
                .product(name: "Histogram", package: "hdrhistogram-swift"),
            ]
        ),
        // The browser's way in (`mousy serve --web-port`): the page and a WebSocket bridge.
        .target(
            name: "WebFront",
            dependencies: [
                "DevServer",
                "Messages",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOConcurrencyHelpers", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "NIOWebSocket", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
            ],
            resources: [.embedInCode("Page/index.html"), .embedInCode("Page/mousy.js"), .embedInCode("Page/draw.js"),
                        .embedInCode("Page/mousy.css")]
        ),
        .testTarget(
            name: "WebFrontTests",
            dependencies: [
                "WebFront",
                "DevServer",
                "TestSupport",
                "Messages",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "NIOWebSocket", package: "swift-nio"),
                .product(name: "NIOEmbedded", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
            ],
            // The Selenium driver the tests run (python3, Debian's Chromium).
            exclude: ["browser_driver.py"]
        ),
        // The SSH front (`serve --ssh-port`): an SSH server whose sessions are players, each
        // drawing GameUI's screen into its pty and playing through the game's gateway.
        .target(
            name: "SSHFront",
            dependencies: [
                "GameUI",
                "TerminalGrid",
                "Messages",
                "Net",
                "DevServer",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOConcurrencyHelpers", package: "swift-nio"),
                .product(name: "Atomics", package: "swift-atomics"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "NIOSSH", package: "swift-nio-ssh"),
                .product(name: "Crypto", package: "swift-crypto"),
            ]
        ),
        .executableTarget(
            name: "MousyTUI",
            dependencies: [
                "CNcurses",
                "GameUI",
                "TerminalGrid",
                "Messages",
                "Net",
                "DevServer",
                "Load",
                "WebFront",
                "SSHFront",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOConcurrencyHelpers", package: "swift-nio"),
                .product(name: "Atomics", package: "swift-atomics"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ]
        ),
        .testTarget(
            name: "MessagesTests",
            dependencies: [
                "Messages",
                "TestSupport",
                .product(name: "SwiftProtobuf", package: "swift-protobuf"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOEmbedded", package: "swift-nio"),
                .product(name: "NIOTestUtils", package: "swift-nio"),
            ]
        ),
        .target(
            name: "TestSupport",
            dependencies: [
                "DevServer",
                "Shapes",
                "Messages",
                "Net",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOConcurrencyHelpers", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
            ],
            path: "Tests/TestSupport"
        ),
        .testTarget(
            name: "DevServerTests",
            dependencies: [
                "DevServer",
                "TestSupport",
                "Messages",
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOConcurrencyHelpers", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Histogram", package: "hdrhistogram-swift"),
            ]
        ),
        .testTarget(
            name: "NetTests",
            dependencies: [
                "Net",
                "TestSupport",
                "DevServer",
                "Messages",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOConcurrencyHelpers", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .testTarget(
            name: "MousyTUITests",
            dependencies: [
                "MousyTUI",
                "SSHFront",
                "GameUI",
                "Load",
                "TerminalGrid",
                "TestSupport",
                "Net",
                "DevServer",
                "Messages",
                "WebFront",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOEmbedded", package: "swift-nio"),
                .product(name: "NIOTestUtils", package: "swift-nio"),
                .product(name: "NIOWebSocket", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
                // A client for what OpenSSH will not send: raw user names, TERM values, floods.
                .product(name: "NIOSSH", package: "swift-nio-ssh"),
            ]
        ),
    ]
)

// The project's own code builds with no warnings, and a new one fails the build (and CI).
// Dependencies are not affected: these settings apply to this package's targets only.
for target in package.targets where target.type != .system {
    target.swiftSettings = (target.swiftSettings ?? []) + [.treatAllWarnings(as: .error)]
}
