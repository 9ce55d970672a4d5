// swift-tools-version: 6.1
// Mousy's micro-benchmarks (ordo-one/benchmark). A package of its own so that the
// project's `swift test` never builds them. Run from this folder:
//     swift package benchmark
import PackageDescription

let package = Package(
    name: "MousyBenchmarks",
    platforms: [.macOS(.v13)],
    dependencies: [
        .package(name: "Mousy", path: ".."),
        .package(url: "https://github.com/ordo-one/benchmark", from: "1.38.1", traits: ["MallocInterposer"]),
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.2"),
    ],
    targets: [
        .executableTarget(
            name: "CodecBenchmarks",
            dependencies: [
                .product(name: "Benchmark", package: "benchmark"),
                .product(name: "Messages", package: "Mousy"),
                .product(name: "NIOCore", package: "swift-nio"),
            ],
            path: "Benchmarks/CodecBenchmarks",
            plugins: [.plugin(name: "BenchmarkPlugin", package: "benchmark")]
        ),
        .executableTarget(
            name: "QueueBenchmarks",
            dependencies: [
                .product(name: "Benchmark", package: "benchmark"),
                .product(name: "Messages", package: "Mousy"),
                .product(name: "Net", package: "Mousy"),
            ],
            path: "Benchmarks/QueueBenchmarks",
            plugins: [.plugin(name: "BenchmarkPlugin", package: "benchmark")]
        ),
        .executableTarget(
            name: "ShapesBenchmarks",
            dependencies: [
                .product(name: "Benchmark", package: "benchmark"),
                .product(name: "Shapes", package: "Mousy"),
            ],
            path: "Benchmarks/ShapesBenchmarks",
            plugins: [.plugin(name: "BenchmarkPlugin", package: "benchmark")]
        ),
    ]
)
