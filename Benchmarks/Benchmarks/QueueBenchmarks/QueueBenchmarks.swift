import Benchmark
import Dispatch
import Foundation
import Messages
import Net

#if canImport(Glibc)
import Glibc
#endif

/// UI → network under contention: `producers` threads each send `moves` moves (a button
/// change every 50), while one network-side consumer, woken by the queue's waker, takes
/// them in batches. Returns the commands the consumer took.
private func contendedSends(producers: Int, moves: Int) -> Int {
    let queue = ClientQueue()
    let wake = DispatchSemaphore(value: 0)
    queue.setCommandWaker { wake.signal() }
    let finished = DispatchGroup()
    for p in 0..<producers {
        finished.enter()
        Thread {
            for i in 0..<moves {
                queue.send(.move(x: Int32(i % 200), y: Int32(p), left: (i / 50) % 2 == 1, right: false))
            }
            finished.leave()
        }.start()
    }
    var taken = 0
    var producersDone = false
    while true {
        if !producersDone, finished.wait(timeout: .now()) == .success { producersDone = true }
        let batch = queue.takeCommands()
        taken += batch.count
        if batch.isEmpty {
            if producersDone { break }
            _ = wake.wait(timeout: .now() + .milliseconds(1))
        }
    }
    return taken
}

/// Network → UI: one network thread posts `count` cursor events for 50 players and a
/// ping every 100; the UI thread sleeps in poll() on the wake-up descriptor and drains.
private func postAndDrain(count: Int) -> Int {
    let queue = ClientQueue()
    let producer = Thread {
        var cursor = PlayerCursor()
        for i in 0..<count {
            cursor.username = "player\(i % 50)"
            cursor.x = Int32(i % 200)
            queue.post(.cursor(cursor))
            if i % 100 == 0 {
                queue.post(.ping(PingReport(length: 9, roundTripMicros: 400, sentEpochMicros: 1, receivedAtMicros: 2)))
            }
        }
        queue.post(.stopped)
    }
    producer.start()
    var drained = 0
    var fds = [pollfd(fd: queue.wakeFileDescriptor, events: Int16(POLLIN), revents: 0)]
    while true {
        _ = poll(&fds, 1, 1000)
        let events = queue.takeEvents()
        drained += events.count
        if events.contains(.stopped) { return drained }
    }
}

let benchmarks: @Sendable () -> Void = {
    Benchmark.defaultConfiguration = .init(
        metrics: [.throughput, .wallClock, .cpuTotal, .mallocCountTotal],
        maxDuration: .seconds(3),
        maxIterations: 200
    )

    Benchmark("ClientQueue send: 4 threads x 5,000 moves, 1 consumer (per 20,000)") { benchmark in
        for _ in benchmark.scaledIterations {
            blackHole(contendedSends(producers: 4, moves: 5_000))
        }
    }

    Benchmark("ClientQueue send: 1 thread x 20,000 moves, 1 consumer (per 20,000)") { benchmark in
        for _ in benchmark.scaledIterations {
            blackHole(contendedSends(producers: 1, moves: 20_000))
        }
    }

    Benchmark("ClientQueue post: 20,000 cursors of 50 players, UI drains on poll() (per 20,000)") { benchmark in
        for _ in benchmark.scaledIterations {
            blackHole(postAndDrain(count: 20_000))
        }
    }
}
