import DevServer
import Foundation
import Logging
import Messages
import NIOCore
import NIOPosix
import TestSupport
import Testing

@testable import Load

@Suite("mousy load against the dev server", .scaledTimeLimit(minutes: 2))
struct LoadGeneratorTests {
    /// Runs the generator on a thread of its own: `run` blocks its caller.
    private static func run(_ generator: LoadGenerator) async -> LoadReport {
        await withCheckedContinuation { continuation in
            Thread { continuation.resume(returning: generator.run { _ in }) }.start()
        }
    }

    /// A run of `clients` players that only ends when the test stops it or every
    /// connection is over: its length is never what a test relies on.
    private static func configuration(port: Int, clients: Int, password: String = "welcome") -> LoadConfiguration {
        LoadConfiguration(
            host: "127.0.0.1",
            port: port,
            clients: clients,
            rateHz: 50,
            duration: .seconds(600),
            ramp: .milliseconds(200),
            userPrefix: "bot",
            password: password,
            defaultPingInterval: .milliseconds(50)
        )
    }

    @Test("players log in, are pinged, see each other, and every move reaches the server")
    func loadRun() async throws {
        let started = try await TestServer.start(logLevel: .critical)
        let (server, port) = (started.server, started.port)
        let group = MultiThreadedEventLoopGroup(numberOfThreads: 2)
        let generator = LoadGenerator(configuration: Self.configuration(port: port, clients: 4), group: group)
        async let running = Self.run(generator)
        // Run until every figure of the report has something to show, then stop: all
        // four pinged and seeing cursors, the steady state reached, and after it more
        // moves sent and 8 more pings (two to one player at least: a cadence sample, and
        // a round trip from a bounce).
        let counters = generator.counters
        var steadyMark: (sent: Int, pings: Int)?
        let ready = await eventually(timeout: .seconds(60)) {
            guard counters.pinged.load(ordering: .relaxed) == 4,
                  counters.cursors.load(ordering: .relaxed) > 0,
                  counters.steady.load(ordering: .relaxed) else { return false }
            let now = (sent: counters.framesSent.load(ordering: .relaxed), pings: counters.pings.load(ordering: .relaxed))
            guard let mark = steadyMark else {
                steadyMark = now
                return false
            }
            return now.sent > mark.sent && now.pings >= mark.pings + 8
        }
        generator.requestStop()
        let report = await running
        #expect(ready, "the run never showed every figure")

        #expect(report.loggedIn == 4)
        #expect(report.refused == 0)
        #expect(report.connectFailed == 0)
        #expect(report.dropped == 0)
        #expect(report.pinged == 4)
        #expect(report.pingsReceived >= 8)
        #expect(report.cursorsReceived > 0, "four moving players see each other's cursors")
        #expect(report.framesSent > 0)
        #expect(report.framesSentPerSecond > 0)
        #expect(report.roundTrip.samples > 0, "bounced pings come back as rtt_us")
        #expect(report.pingCadenceError.samples > 0)

        // Every goodbye arrives after the moves before it: once all have left, the
        // server has consumed exactly the moves that were sent.
        _ = await eventually { await server.stats().playersOnline == 0 }
        let stats = await server.stats()
        #expect(stats.playersOnline == 0)
        #expect(stats.mouseEventsIn == report.framesSent)
        #expect(stats.logins == 4)

        await server.shutdown()
        try await group.shutdownGracefully()
    }

    @Test("a wrong password is counted as refused and nobody plays")
    func refused() async throws {
        let started = try await TestServer.start(logLevel: .critical)
        let (server, port) = (started.server, started.port)
        let group = MultiThreadedEventLoopGroup(numberOfThreads: 1)
        let generator = LoadGenerator(configuration: Self.configuration(port: port, clients: 3, password: "nope"), group: group)
        let report = await Self.run(generator)

        #expect(report.loggedIn == 0)
        #expect(report.refused == 3)
        #expect(report.refusals == ["bad credentials": 3])
        #expect(report.text.contains("refused          3 × bad credentials"))
        #expect(report.framesSent == 0)
        // The run ends as soon as every connection is over, long before its 600 s (the
        // suite's time limit fails a run that waits for them).
        #expect(report.durationS < 600)
        #expect(await server.stats().loginsRefused == 3)

        await server.shutdown()
        try await group.shutdownGracefully()
    }

    @Test("--drag: the dragging players pick up the server's boxes and move them; every player counts the objects it is sent")
    func drag() async throws {
        let started = try await TestServer.start(logLevel: .critical) { $0.shapes = 4 }
        let (server, port) = (started.server, started.port)
        let watcher = try await started.login("eve", understands: MType.framed)
        let group = MultiThreadedEventLoopGroup(numberOfThreads: 2)
        var configuration = Self.configuration(port: port, clients: 3)
        configuration.draggers = 2
        let generator = LoadGenerator(configuration: configuration, group: group)
        async let running = Self.run(generator)
        // A box held by a dragger, then the same box moved while held by it.
        let held = try await watcher.next("a box picked up by a dragger") {
            if case .gameObject(let o) = $0, o.holder == "bot0" || o.holder == "bot1" { o } else { nil }
        }
        _ = try await watcher.next("that box dragged") {
            if case .gameObject(let o) = $0, o.id == held.id, o.holder == held.holder, o.x != held.x || o.y != held.y { o } else { nil }
        }
        let counted = await eventually { generator.counters.objects.load(ordering: .relaxed) >= 3 * 4 }
        generator.requestStop()
        let report = await running
        #expect(counted, "each player was sent the whole world (4 boxes) at least")
        #expect(report.draggers == 2)
        #expect(report.objectsReceived >= 12)
        #expect(report.dropped == 0)
        await watcher.close()
        await server.shutdown()
        try await group.shutdownGracefully()
    }

    @Test("refusals are counted by reason; connections spread over 127.0.0.x source addresses pass a per-address cap")
    func reasonsAndSources() async throws {
        let started = try await TestServer.start(logLevel: .critical) { $0.throttle.maxPendingPerAddress = 2 }
        let (server, port) = (started.server, started.port)
        let group = MultiThreadedEventLoopGroup(numberOfThreads: 1)
        // 127.0.0.1 already has two connections waiting to log in (silent ones): the cap is full.
        var silent: [any Channel] = []
        for _ in 0..<2 {
            silent.append(try await ClientBootstrap(group: group).connect(host: "127.0.0.1", port: port).get())
        }
        _ = await eventually { await server.stats().connections == 2 }
        var burst = Self.configuration(port: port, clients: 12)
        burst.ramp = .zero
        burst.rateHz = nil
        burst.userPrefix = "burst"
        burst.sourceAddresses = ["127.0.0.1"]
        let report = await Self.run(LoadGenerator(configuration: burst, group: group))
        let kind = "too many connections from your address waiting to log in"
        #expect(report.loggedIn == 0)
        #expect(report.refusals == [kind: 12])
        #expect(report.text.contains("refused          12 × \(kind)"))

        // The same burst from six loopback addresses, two each: all in.
        burst.userPrefix = "spread"
        burst.sourceAddresses = (2...7).map { "127.0.0.\($0)" }
        let spread = LoadGenerator(configuration: burst, group: group)
        async let second = Self.run(spread)
        _ = await eventually(timeout: .seconds(60)) { spread.counters.loginsSettled == 12 }
        spread.requestStop()
        let all = await second
        #expect(all.loggedIn == 12)
        #expect(all.refused == 0)
        for channel in silent { try? await channel.close() }
        await server.shutdown()
        try await group.shutdownGracefully()
    }
}
