import DevServer
import Foundation
import Logging
import NIOCore
import NIOPosix
import TestSupport
import Testing

@testable import Load

@Suite("mousy load against the dev server", .timeLimit(.minutes(2)))
struct LoadGeneratorTests {
    /// Runs the generator on a thread of its own: `run` blocks its caller.
    private static func run(_ generator: LoadGenerator) async -> LoadReport {
        await withCheckedContinuation { continuation in
            Thread { continuation.resume(returning: generator.run { _ in }) }.start()
        }
    }

    private static func configuration(port: Int, clients: Int, password: String = "welcome") -> LoadConfiguration {
        LoadConfiguration(
            host: "127.0.0.1",
            port: port,
            clients: clients,
            rateHz: 50,
            duration: .milliseconds(1500),
            ramp: .milliseconds(200),
            userPrefix: "bot",
            password: password,
            defaultPingInterval: .milliseconds(50)
        )
    }

    @Test("players log in, are pinged, see each other, and every move reaches the server")
    func loadRun() async throws {
        let (server, port) = try await startQuietServer()
        let group = MultiThreadedEventLoopGroup(numberOfThreads: 2)
        let generator = LoadGenerator(configuration: Self.configuration(port: port, clients: 4), group: group)
        let report = await Self.run(generator)

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
        let (server, port) = try await startQuietServer()
        let group = MultiThreadedEventLoopGroup(numberOfThreads: 1)
        let generator = LoadGenerator(configuration: Self.configuration(port: port, clients: 3, password: "nope"), group: group)
        let report = await Self.run(generator)

        #expect(report.loggedIn == 0)
        #expect(report.refused == 3)
        #expect(report.framesSent == 0)
        #expect(report.durationS < 1.4, "the run ends as soon as every connection is over")
        #expect(await server.stats().loginsRefused == 3)

        await server.shutdown()
        try await group.shutdownGracefully()
    }
}
