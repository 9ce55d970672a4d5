import Benchmark
import Shapes

/// A world of `count` small boxes (4 to 12 points a side) in 800 x 600 points: about
/// 13 % of the world covered at 1,000 boxes, as dense as a busy game gets.
private func world(count: Int, seed: UInt64) -> ShapeWorld {
    var configuration = ShapeWorldConfiguration()
    configuration.count = count
    configuration.seed = seed
    configuration.minSide = 4
    configuration.maxSide = 12
    return ShapeWorld(configuration: configuration)
}

let benchmarks: @Sendable () -> Void = {
    Benchmark.defaultConfiguration = .init(
        metrics: [.wallClock, .cpuTotal, .mallocCountTotal],
        maxDuration: .seconds(3),
        maxIterations: 10_000
    )

    // One tick of a world that is still settling, with 100 players dragging boxes: each
    // iteration is one step (the percentiles are the tick times).
    Benchmark("Tick 1,000 boxes, settling, 100 dragging") { benchmark in
        var shapes = world(count: 1_000, seed: 7)
        var tick: Int32 = 0
        for _ in 0..<3 { _ = shapes.step() }  // the first drags land on boxes as placed
        let grips = shapes.boxes.prefix(100).map { ($0.x, $0.y) }
        for (player, grip) in grips.enumerated() {
            shapes.submit(DragInput(player: UInt32(player + 1), x: grip.0, y: grip.1, left: true))
        }
        benchmark.startMeasurement()
        for _ in benchmark.scaledIterations {
            tick &+= 1
            for player in 0..<100 {
                let x = Int32((Int(tick) * 7 + player * 13) % 800)
                shapes.submit(DragInput(player: UInt32(player + 1), x: x, y: Int32(player * 6), left: true))
            }
            blackHole(shapes.step())
        }
    }

    // A settled world: what a tick would cost if the server kept ticking (it does not).
    Benchmark("Tick 1,000 boxes, settled") { benchmark in
        var shapes = world(count: 1_000, seed: 7)
        while !shapes.isSettled { _ = shapes.step() }
        benchmark.startMeasurement()
        for _ in benchmark.scaledIterations {
            blackHole(shapes.step())
        }
    }
}
