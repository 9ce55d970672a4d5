import DevServer
import Dispatch
import Net
import NIOCore
import TestSupport
import Testing

/// The real GameClient and the real DevServer across a dead link: a proxy that stops
/// forwarding but keeps both sockets open.
@Suite("GameClient resumes its session")
struct GameClientResumeTests {
    @Test("behind a proxy gone dark for 20 s, the client resumes its session; the others see no PLAYER_LOGOUT and the server counts one session", .scaledTimeLimit(minutes: 2))
    func blackhole() async throws {
        let started = try await TestServer.start(logLevel: .warning) {
            $0.shutdownGracePeriod = TestTime.scaled(TimeAmount.milliseconds(300))
            $0.pingInterval = .milliseconds(100)
            // Longer than the dark period and the wait for the resume below (20 + 30 s): only
            // the resume ends the old session. At 40 s, a resume that came 40-50 s after the
            // link went dark (a loaded machine) met a ping timeout first, and bob saw alice leave.
            $0.pingTimeout = .seconds(90)
        }
        let (server, port) = (started.server, started.port)
        let proxy = try await BlackholeProxy.start(forwardingTo: port)

        let (alice, aliceQueue, aliceEvents) = GameClientDevServerTests.client(port: proxy.port, username: "alice")
        let (bob, _, bobEvents) = GameClientDevServerTests.client(port: port, username: "bob")
        alice.start()
        bob.start()
        #expect(await aliceEvents.next { $0.isLoggedIn } != nil)
        #expect(await bobEvents.next { $0.isLoggedIn } != nil)
        aliceQueue.send(.move(x: 100, y: 200, left: false, right: false))
        #expect(await bobEvents.next { if case .cursor(let c) = $0 { c.username == "alice" && c.x == 100 } else { false } } != nil)

        proxy.goDark()
        try await Task.sleep(for: .seconds(20))  // the dark period itself, not a wait for a state

        // The client has noticed the silence, reconnected through the proxy with its token
        // and taken its session over.
        #expect(await eventually { await server.stats().sessionsResumed == 1 })
        let mark = aliceEvents.events.count
        _ = await aliceEvents.next(from: mark) { $0.isLoggedIn }
        aliceQueue.send(.move(x: 300, y: 400, left: false, right: false))
        #expect(await bobEvents.next { if case .cursor(let c) = $0 { c.username == "alice" && c.x == 300 } else { false } } != nil)
        let left = bobEvents.events.compactMap { event -> String? in
            if case .playerLeft(let name, _) = event { name } else { nil }
        }
        #expect(left.isEmpty, "bob saw alice leave: \(left)")
        let stats = await server.stats()
        #expect(stats.sessionsResumed == 1)
        #expect(stats.playersOnline == 2)

        await GameClientDevServerTests.stop(alice)
        await GameClientDevServerTests.stop(bob)
        await proxy.stop()
        await server.shutdown()
    }
}
