import DevServer
import Dispatch
import Logging
import Messages
import Net
import NIOCore
import TestSupport
import Testing

/// The client against the real DevServer on loopback.
@Suite("GameClient against the DevServer")
struct GameClientDevServerTests {
    /// The shared test server, quiet, with a short shutdown grace period.
    static func startServer(port: Int = 0) async throws -> (GameServer, Int) {
        let started = try await TestServer.start(port: port, logLevel: .warning) {
            $0.shutdownGracePeriod = TestTime.scaled(TimeAmount.milliseconds(300))
        }
        return (started.server, started.port)
    }

    static func client(port: Int, username: String = "player1", password: String = "welcome") -> (GameClient, ClientQueue, EventCollector) {
        var configuration = ClientConfiguration(
            server: ServerAddress(host: "127.0.0.1", port: port),
            username: username,
            password: password
        )
        // The client's own bounds on one attempt, stretched where everything runs slower (TSan).
        configuration.connectTimeout = TestTime.scaled(configuration.connectTimeout)
        configuration.loginTimeout = TestTime.scaled(configuration.loginTimeout)
        configuration.reconnectInitialDelay = .milliseconds(50)
        configuration.reconnectMaximumDelay = .milliseconds(200)
        let queue = ClientQueue()
        let client = GameClient(configuration: configuration, queue: queue, logger: quietLogger())
        return (client, queue, EventCollector(queue: queue))
    }

    /// `stop()` blocks until the client's thread is done: keep it off the cooperative pool.
    static func stop(_ client: GameClient) async {
        await withCheckedContinuation { (done: CheckedContinuation<Void, Never>) in
            DispatchQueue.global().async { client.stop(); done.resume() }
        }
    }

    @Test("logs in with the server's welcome; pings carry the server's round trip and are bounced")
    func loginAndPings() async throws {
        let (server, port) = try await Self.startServer()
        let (client, _, events) = Self.client(port: port)
        client.start()

        let welcome = try #require(await events.next { $0.isLoggedIn })
        guard case .loggedIn(let result?) = welcome else {
            Issue.record("expected a LOGIN_RESULT welcome, got \(welcome)")
            return
        }
        #expect(result.ok && result.pingIntervalMs == 50 && result.playersOnline == 1)
        // The first ping comes before any bounce: no round trip yet, and no kernel estimate
        // of a fresh socket in its place.
        let first = try #require(await events.next { $0.isPing }?.pingReport)
        #expect(first.roundTripMicros == nil && !first.roundTripFromServer)
        // The server reports rtt_us once it has had a bounce back: that needs our bounce.
        let report = try #require(await events.next { $0.pingReport?.roundTripFromServer == true }?.pingReport)
        #expect(report.roundTripMicros.map { $0 > 0 } == true)
        #expect(report.length > 9)  // sentEpoch and rtt_us
        #expect(report.receivedAtMicros > 0 && client.lastContactMicros != nil)

        await Self.stop(client)
        #expect(await events.next { $0.isStopped } != nil)
        let stats = await server.stats()
        #expect(stats.logins == 1)
        await server.shutdown()
    }

    @Test("a wrong password: refused with the server's reason, final")
    func refused() async throws {
        let (server, port) = try await Self.startServer()
        let (client, _, events) = Self.client(port: port, password: "nope")
        client.start()
        let reason = await events.next { $0.refusedReason != nil }?.refusedReason
        #expect(reason == "The server refused the login: bad credentials.")
        #expect(await events.next { $0.isStopped } != nil)
        #expect(!events.events.contains { $0.isLoggedIn || $0.isReconnecting || $0.disconnectedReason != nil })
        await Self.stop(client)
        await server.shutdown()
    }

    @Test("a name already playing is refused with that reason")
    func nameTaken() async throws {
        let (server, port) = try await Self.startServer()
        let (first, _, firstEvents) = Self.client(port: port, username: "ann")
        first.start()
        #expect(await firstEvents.next { $0.isLoggedIn } != nil)
        let (second, _, secondEvents) = Self.client(port: port, username: "ann")
        second.start()
        #expect(await secondEvents.next { $0.refusedReason != nil }?.refusedReason == "The server refused the login: name already playing.")
        await Self.stop(second)
        await Self.stop(first)
        await server.shutdown()
    }

    @Test("quit says goodbye: the server counts a logout, not a dropped connection")
    func cleanQuit() async throws {
        let (server, port) = try await Self.startServer()
        let (client, _, events) = Self.client(port: port)
        client.start()
        #expect(await events.next { $0.isPing } != nil)
        await Self.stop(client)
        #expect(events.waitFor(timeout: .zero) { $0.isStopped } != nil)
        #expect(await eventually { await server.stats().disconnects[.loggedOut] != nil })
        let stats = await server.stats()
        #expect(stats.disconnects[.loggedOut] == 1)
        #expect(stats.disconnects[.connectionClosed] == nil)
        await server.shutdown()
    }

    @Test("moves become the other player's cursor; a quit becomes their player-left")
    func cursorsAndLeaving() async throws {
        let (server, port) = try await Self.startServer()
        let (ann, annQueue, annEvents) = Self.client(port: port, username: "ann")
        let (bob, _, bobEvents) = Self.client(port: port, username: "bob")
        ann.start()
        #expect(await annEvents.next { $0.isLoggedIn } != nil)
        bob.start()
        #expect(await bobEvents.next { $0.isLoggedIn } != nil)

        annQueue.send(.move(x: 10, y: 5, left: true, right: false))
        let seen = await bobEvents.next {
            if case .cursor(let c) = $0 { c.username == "ann" && c.x == 10 && c.y == 5 && c.leftClick } else { false }
        }
        #expect(seen != nil)

        await Self.stop(ann)
        let left = await bobEvents.next { if case .playerLeft = $0 { true } else { false } }
        #expect(left == .playerLeft(username: "ann", reason: "logged out"))
        await Self.stop(bob)
        await server.shutdown()
    }

    @Test("server shutdown is a disconnect with its reason; after a restart on the same port the client is back")
    func shutdownAndRestart() async throws {
        // Not port 0: a port the kernel may hand another test while this one is restarting.
        let (server, port) = try await Self.startServer(port: QuietPort.next())
        let (client, _, events) = Self.client(port: port)
        client.start()
        #expect(await events.next { $0.isPing } != nil)

        await server.shutdown()
        let reason = await events.next { $0.disconnectedReason != nil }?.disconnectedReason
        #expect(reason == "The server ended the session: server shutting down.")
        #expect(await events.next { $0.isReconnecting } != nil)

        let (restarted, samePort) = try await Self.startServer(port: port)
        #expect(samePort == port)
        let mark = events.events.count
        let again = await events.next(from: mark) { $0.isLoggedIn }
        guard case .loggedIn(let welcome?) = again else {
            Issue.record("no second login after the restart: \(events.events)")
            await Self.stop(client)
            await restarted.shutdown()
            return
        }
        #expect(welcome.ok)
        #expect(await events.next(from: mark) { $0.isPing } != nil)
        await Self.stop(client)
        await restarted.shutdown()
    }

    @Test("with reconnect off, a server shutdown ends the client")
    func noReconnect() async throws {
        let (server, port) = try await Self.startServer()
        var configuration = ClientConfiguration(server: ServerAddress(host: "127.0.0.1", port: port))
        // The client's own bounds on one attempt, stretched where everything runs slower (TSan).
        configuration.connectTimeout = TestTime.scaled(configuration.connectTimeout)
        configuration.loginTimeout = TestTime.scaled(configuration.loginTimeout)
        configuration.reconnect = false
        let queue = ClientQueue()
        let client = GameClient(configuration: configuration, queue: queue, logger: quietLogger())
        let events = EventCollector(queue: queue)
        client.start()
        #expect(await events.next { $0.isLoggedIn } != nil)
        await server.shutdown()
        #expect(await events.next { $0.isStopped } != nil)
        #expect(events.count { $0.isReconnecting } == 0)
        #expect(events.count { $0.disconnectedReason != nil } == 1)
        await Self.stop(client)
    }
}
