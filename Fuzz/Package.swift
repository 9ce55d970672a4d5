// swift-tools-version: 6.1
// The frame decoder's libFuzzer target. Not part of the main package, so `swift test`
// never builds it. See README.md beside this file.
import PackageDescription

let package = Package(
    name: "MousyFuzz",
    dependencies: [
        .package(name: "Mousy", path: ".."),
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.2"),
    ],
    targets: [
        .executableTarget(
            name: "FrameDecoderFuzzer",
            dependencies: [
                .product(name: "Messages", package: "Mousy"),
                .product(name: "NIOCore", package: "swift-nio"),
            ]
        ),
    ]
)
