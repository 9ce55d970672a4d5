import Benchmark
import Messages
import NIOCore

/// A stream of `count` MouseMove frames, as a busy client sends them.
private func mouseMoveStream(count: Int) -> ByteBuffer {
    var buffer = ByteBufferAllocator().buffer(capacity: count * 8)
    for i in 0..<count {
        var move = MouseMove()
        move.x = Int32(i % 200)
        move.y = Int32(i % 60)
        move.leftClick = i % 50 < 5
        try! Frame.encode(.mouseMove(move), into: &buffer)
    }
    return buffer
}

/// Pings as the server sends them, with a current epoch and a round trip.
private func pingStream(count: Int) -> ByteBuffer {
    var buffer = ByteBufferAllocator().buffer(capacity: count * 20)
    for i in 0..<count {
        var ping = Ping()
        ping.sentEpoch = 1_764_000_000_000_000 + UInt64(i) * 1_000_000
        ping.rttUs = 410
        try! Frame.encode(.ping(ping), into: &buffer)
    }
    return buffer
}

let benchmarks: @Sendable () -> Void = {
    Benchmark.defaultConfiguration = .init(
        metrics: [.throughput, .wallClock, .cpuTotal, .mallocCountTotal],
        maxDuration: .seconds(3),
        maxIterations: 1_000
    )

    // Each iteration handles 1,000 frames: throughput (iterations/s) x 1,000 is frames/s,
    // and mallocs per iteration / 1,000 are allocations per frame.
    let moves = mouseMoveStream(count: 1_000)
    Benchmark("Decode MouseMove frames (per 1,000)") { benchmark in
        for _ in benchmark.scaledIterations {
            var decoder = FrameDecoder()
            var buffer = moves
            var n = 0
            while let message = try decoder.decode(from: &buffer) {
                blackHole(message)
                n += 1
            }
            precondition(n == 1_000)
        }
    }

    let pings = pingStream(count: 1_000)
    Benchmark("Decode Ping frames (per 1,000)") { benchmark in
        for _ in benchmark.scaledIterations {
            var decoder = FrameDecoder()
            var buffer = pings
            while let message = try decoder.decode(from: &buffer) { blackHole(message) }
        }
    }

    var move = MouseMove()
    move.x = 79
    move.y = 23
    move.rightClick = true
    let message = WireMessage.mouseMove(move)
    Benchmark("Encode MouseMove frames (per 1,000)") { benchmark in
        var out = ByteBufferAllocator().buffer(capacity: 8_000)
        for _ in benchmark.scaledIterations {
            out.clear()
            for _ in 0..<1_000 { try Frame.encode(message, into: &out) }
            blackHole(out.readableBytes)
        }
    }

    var cursor = PlayerCursor()
    cursor.username = "player42"
    cursor.x = 120
    cursor.y = 33
    let cursorMessage = WireMessage.playerCursor(cursor)
    Benchmark("Encode PlayerCursor frames (per 1,000)") { benchmark in
        var out = ByteBufferAllocator().buffer(capacity: 20_000)
        for _ in benchmark.scaledIterations {
            out.clear()
            for _ in 0..<1_000 { try Frame.encode(cursorMessage, into: &out) }
            blackHole(out.readableBytes)
        }
    }
}
