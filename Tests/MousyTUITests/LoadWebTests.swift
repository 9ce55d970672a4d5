import DevServer
import Foundation
import NIOCore
import NIOPosix
import TestSupport
import Testing
import WebFront

@testable import Load

@Suite("mousy load --web against a server's web front", .scaledTimeLimit(minutes: 2))
struct LoadWebTests {
    @Test("WebSocket players log in through the web front beside TCP players, bounce pings, and every move reaches the server")
    func webPlayers() async throws {
        let started = try await TestServer.start(logLevel: .critical) { $0.pingInterval = .milliseconds(200) }
        let server = started.server
        let gateway = try await server.gateway()
        let front = try await WebFront.start(
            host: "127.0.0.1", port: 0, gateway: gateway, group: gateway.eventLoopGroup,
            pingInterval: server.configuration.pingInterval, logger: quietLogger("web"))
        let group = MultiThreadedEventLoopGroup(numberOfThreads: 2)
        // Four over WebSocket, then two over TCP. (All are sampled, so they decode every
        // cursor frame; LoadWebSocketCodecTests covers the players that count them.)
        var configuration = LoadConfiguration(
            host: "127.0.0.1", port: started.port, clients: 6, rateHz: 20, duration: .seconds(600), ramp: .milliseconds(200),
            userPrefix: "web", password: "welcome", defaultPingInterval: .milliseconds(200))
        configuration.webClients = 4
        configuration.webPort = front.port
        let generator = LoadGenerator(configuration: configuration, group: group)
        let running = Task.detached { generator.run { _ in } }
        let counters = generator.counters
        var steadyPings: Int?
        let ready = await eventually(timeout: .seconds(60)) {
            guard counters.pinged.load(ordering: .relaxed) == 6, counters.cursors.load(ordering: .relaxed) > 0,
                  counters.steady.load(ordering: .relaxed) else { return false }
            let pings = counters.pings.load(ordering: .relaxed)
            guard let mark = steadyPings else {
                steadyPings = pings
                return false
            }
            return pings >= mark + 12  // two more rounds at least: round trips sampled
        }
        #expect(ready, "the players never all bounced pings in the steady state")
        #expect(front.openConnections == 4, "the WebSocket players came through the web front")
        generator.requestStop()
        let report = await running.value

        #expect(report.loggedIn == 6)
        #expect(report.refused == 0 && report.connectFailed == 0 && report.notAGame == 0)
        #expect(report.dropped == 0)
        #expect(report.pinged == 6)
        #expect(report.roundTrip.samples > 0, "bounced pings come back as rtt_us")
        #expect(report.cursorsReceived > 0)

        // Every move, sent as JSON, reached the game; every player said goodbye.
        _ = await eventually { await server.stats().playersOnline == 0 }
        let stats = await server.stats()
        #expect(stats.playersOnline == 0)
        #expect(stats.logins == 6)
        #expect(stats.mouseEventsIn == report.framesSent)

        await front.close()
        await server.shutdown()
        try await group.shutdownGracefully()
    }

    @Test("WebSocket players pointed at a port that does not upgrade never log in, and are counted as failed connects")
    func notUpgraded() async throws {
        let started = try await TestServer.start(logLevel: .critical)
        let html = try await HTMLServer.start()
        let group = MultiThreadedEventLoopGroup(numberOfThreads: 1)
        var configuration = LoadConfiguration(
            host: "127.0.0.1", port: started.port, clients: 2, rateHz: nil, duration: .seconds(600), ramp: .zero,
            userPrefix: "web", password: "welcome")
        configuration.webClients = 2
        configuration.webPort = html.port
        let report = await Task.detached { LoadGenerator(configuration: configuration, group: group).run { _ in } }.value
        #expect(report.loggedIn == 0)
        #expect(report.connectFailed == 2)
        await html.close()
        await started.server.shutdown()
        try await group.shutdownGracefully()
    }
}
