import DevServer
import Foundation
import Messages
import NIOCore
import TestSupport
import Testing

/// Resume tokens, session takeover and the reaping of dead sessions, on real loopback
/// sockets.
@Suite("Resume and dead sessions")
struct ResumeTests {
    static func login(
        _ server: TestServer, _ username: String, token: Data = Data(), port: Int? = nil
    ) async throws -> (TestClient, LoginResult) {
        let client = try await TestClient.connect(port: port ?? server.port)
        try await client.send(.playerLogin(.with {
            $0.username = username
            $0.password = "welcome"
            $0.resumeToken = token
        }))
        let result = try await client.next("LOGIN_RESULT") { if case .loginResult(let r) = $0 { r } else { nil } }
        return (client, result)
    }

    static func move(_ client: TestClient, x: Int32, y: Int32) async throws {
        try await client.send(.mouseMove(.with {
            $0.x = x
            $0.y = y
        }))
    }

    /// Waits until `watcher` sees `name`'s cursor at (x, y); returns every PLAYER_LOGOUT
    /// it received on the way.
    static func logouts(seenBy watcher: TestClient, until name: String, x: Int32, y: Int32) async throws -> [PlayerLogout] {
        var logouts: [PlayerLogout] = []
        _ = try await watcher.next("\(name) at (\(x), \(y))") { message -> Bool? in
            switch message {
            case .playerLogout(let logout):
                logouts.append(logout)
                return nil
            case .playerCursor(let cursor) where cursor.username == name && cursor.x == x && cursor.y == y:
                return true
            default:
                return nil
            }
        }
        return logouts
    }

    @Test("every login gets a fresh 128-bit resume token")
    func tokens() async throws {
        try await withTestServer { server in
            let (a, first) = try await Self.login(server, "alice")
            let (b, second) = try await Self.login(server, "bob")
            #expect(first.ok && second.ok)
            #expect(first.resumeToken.count == 16)
            #expect(second.resumeToken.count == 16)
            #expect(first.resumeToken != second.resumeToken)
            await a.close()
            try await server.waitForStats { $0.playersOnline == 1 }
            let (again, third) = try await Self.login(server, "alice")
            #expect(third.ok)
            #expect(third.resumeToken.count == 16 && third.resumeToken != first.resumeToken)
            await again.close()
            await b.close()
        }
    }

    @Test("a login with the session's token takes it over: the old connection hears why and closes, the others see no leave and no join, the cursor stays")
    func takeover() async throws {
        try await withTestServer { server in
            let (alice, welcome) = try await Self.login(server, "alice")
            let bob = try await server.login("bob")
            try await Self.move(alice, x: 10, y: 20)
            #expect(try await Self.logouts(seenBy: bob, until: "alice", x: 10, y: 20).isEmpty)

            let (resumed, result) = try await Self.login(server, "alice", token: welcome.resumeToken)
            #expect(result.ok)
            #expect(result.resumeToken.count == 16 && result.resumeToken != welcome.resumeToken)
            let goodbye = try await alice.nextLogout()
            #expect(goodbye.username == "alice")
            #expect(goodbye.reason == "resumed on another connection")
            try await alice.waitForClose()

            // The cursor stayed: a newcomer's presence snapshot has alice where she was.
            let (carol, _) = try await Self.login(server, "carol")
            let seen = try await carol.nextCursor()
            #expect(seen.username == "alice" && seen.x == 10 && seen.y == 20)

            // The new connection plays on as alice; bob heard of no departure meanwhile.
            try await Self.move(resumed, x: 30, y: 40)
            #expect(try await Self.logouts(seenBy: bob, until: "alice", x: 30, y: 40).isEmpty)
            let stats = try await server.waitForStats { $0.sessionsResumed == 1 }
            #expect(stats.playersOnline == 3)
            #expect(stats.logins == 3)
            #expect(stats.disconnects[.resumed] == 1)
            for client in [resumed, bob, carol] { await client.close() }
        }
    }

    @Test("without the session's token a playing name is still refused: no token, a wrong one, a stale one")
    func wrongTokens() async throws {
        try await withTestServer { server in
            let (alice, first) = try await Self.login(server, "alice")
            for token in [Data(), Data(repeating: 7, count: 16), first.resumeToken.dropLast(), first.resumeToken + Data([0])] {
                let (client, result) = try await Self.login(server, "alice", token: token)
                #expect(!result.ok)
                #expect(result.reason == "name already playing")
                await client.close()
            }
            // A look-alike name does not take the session over either, token or not.
            let (lookalike, other) = try await Self.login(server, "Alice", token: first.resumeToken)
            #expect(!other.ok && other.reason == "name already playing")
            await lookalike.close()

            let (resumed, second) = try await Self.login(server, "alice", token: first.resumeToken)
            #expect(second.ok)
            try await alice.waitForClose()
            // The first token was used up by the takeover.
            let (stale, refused) = try await Self.login(server, "alice", token: first.resumeToken)
            #expect(!refused.ok && refused.reason == "name already playing")
            await stale.close()
            let stats = try await server.waitForStats { $0.playersOnline == 1 }
            #expect(stats.sessionsResumed == 1)
            await resumed.close()
        }
    }

    @Test("a player that bounced pings and then stops is reaped after the ping timeout; one that never bounces stays")
    func pingTimeout() async throws {
        try await withTestServer({ $0.pingTimeout = .milliseconds(500) }) { server in
            let silent = try await server.login("silent")  // never bounces, like the original client
            let watcher = try await server.login("watcher")
            let bouncer = try await server.login("bouncer")
            try await Self.move(bouncer, x: 1, y: 1)
            _ = try await Self.logouts(seenBy: watcher, until: "bouncer", x: 1, y: 1)
            // One bounce makes it a bouncing client (more would be a race with the short
            // timeout on a loaded machine: each must come within 500 ms of the last).
            let ping = try await bouncer.nextPing()
            try await bouncer.send(.ping(ping))
            // Now it stops bouncing, but keeps its connection open and reads.
            let left = try await watcher.nextLogout()
            #expect(left.username == "bouncer")
            #expect(left.reason == "ping timeout")
            try await bouncer.waitForClose()
            // The never-bouncing player has been silent longer, and plays on.
            _ = try await silent.drain()
            _ = try await silent.nextPing()
            #expect(silent.isOpen)
            let stats = try await server.waitForStats { $0.disconnects[.pingTimeout] == 1 }
            #expect(stats.playersOnline == 2)
            await silent.close()
            await watcher.close()
        }
    }

    @Test("a player reaped by the ping timeout comes back within the grace as itself: the others see it leave and come back once, and nobody takes its name meanwhile")
    func backWithinGrace() async throws {
        try await withTestServer({ $0.pingTimeout = .milliseconds(500); $0.resumeGrace = .seconds(3600) }) { server in
            let watcher = try await server.login("watcher")
            let (sleeper, welcome) = try await Self.login(server, "sleeper")
            #expect(welcome.ok)
            try await Self.move(sleeper, x: 3, y: 4)
            _ = try await Self.logouts(seenBy: watcher, until: "sleeper", x: 3, y: 4)
            let ping = try await sleeper.nextPing()
            try await sleeper.send(.ping(ping))
            // Stopped (Ctrl-Z): it bounces nothing more and is reaped.
            let left = try await watcher.nextLogout()
            #expect(left.username == "sleeper" && left.reason == "ping timeout")
            try await sleeper.waitForClose()
            let reaped = try await server.waitForStats { $0.disconnects[.pingTimeout] == 1 }
            #expect(reaped.playersOnline == 1)
            #expect(await server.server.playersOnline == 1, "a parked name is not a player online")
            // Nobody else gets the name meanwhile, not even with a wrong token.
            let (thief, refused) = try await Self.login(server, "sleeper")
            #expect(!refused.ok && refused.reason == "name already playing")
            await thief.close()

            // Back (fg): the reconnect presents its token and is itself again.
            let (back, result) = try await Self.login(server, "sleeper", token: welcome.resumeToken)
            #expect(result.ok && result.playersOnline == 2)
            #expect(result.resumeToken != welcome.resumeToken)
            try await Self.move(back, x: 5, y: 6)
            #expect(try await Self.logouts(seenBy: watcher, until: "sleeper", x: 5, y: 6).isEmpty)
            let stats = try await server.waitForStats { $0.sessionsResumed == 1 && $0.playersOnline == 2 }
            #expect(stats.logins == 2, "watcher and sleeper: the return is no new login")
            #expect(server.logs.contains("back after its ping timeout"))
            // One sleeper, never two: when it leaves, the watcher hears it once.
            await back.close()
            let gone = try await watcher.nextLogout()
            #expect(gone.username == "sleeper")
            await watcher.close()
        }
    }

    @Test("after the grace the name is free again, and the old token takes nothing")
    func graceOver() async throws {
        try await withTestServer({ $0.pingTimeout = .milliseconds(500); $0.resumeGrace = .milliseconds(300) }) { server in
            let (sleeper, welcome) = try await Self.login(server, "sleeper")
            let ping = try await sleeper.nextPing()
            try await sleeper.send(.ping(ping))
            try await sleeper.waitForClose()
            var other: TestClient?
            var taken = false
            // Refused while parked, then granted as a new login once the grace is over.
            _ = try await eventually(every: .milliseconds(50)) {
                let (client, result) = try await Self.login(server, "sleeper")
                if result.ok { other = client; taken = true } else { await client.close() }
                return taken
            }
            #expect(taken)
            let (late, refused) = try await Self.login(server, "sleeper", token: welcome.resumeToken)
            #expect(!refused.ok && refused.reason == "name already playing")
            await late.close()
            await other?.close()
        }
    }

    @Test("behind a proxy that goes dark (sockets open, nothing forwarded) for 20 s, the player resumes; the others see no PLAYER_LOGOUT and the server counts one session", .scaledTimeLimit(minutes: 2))
    func blackhole() async throws {
        try await withTestServer({ $0.pingTimeout = .seconds(30) }) { server in
            let proxy = try await BlackholeProxy.start(forwardingTo: server.port)
            let (alice, welcome) = try await Self.login(server, "alice", port: proxy.port)
            #expect(welcome.ok)
            let bob = try await server.login("bob")
            try await Self.move(alice, x: 5, y: 6)
            _ = try await Self.logouts(seenBy: bob, until: "alice", x: 5, y: 6)

            proxy.goDark()
            try await Task.sleep(for: .seconds(20))  // the dark period itself, not a wait for a state
            #expect(alice.isOpen, "the proxy keeps the client's socket open")

            // The client reconnects (through the proxy again) and presents its token.
            let (resumed, result) = try await Self.login(server, "alice", token: welcome.resumeToken, port: proxy.port)
            #expect(result.ok)
            try await Self.move(resumed, x: 7, y: 8)
            #expect(try await Self.logouts(seenBy: bob, until: "alice", x: 7, y: 8).isEmpty)
            let stats = try await server.waitForStats { $0.sessionsResumed == 1 }
            #expect(stats.playersOnline == 2)
            #expect(stats.disconnects[.pingTimeout] == nil)
            await resumed.close()
            await alice.close()
            await bob.close()
            await proxy.stop()
        }
    }
}
