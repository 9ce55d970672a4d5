import DevServer
import Messages
import NIOCore
import TestSupport
import Testing

@Suite("Login")
struct LoginTests {
    @Test("a good login gets LOGIN_RESULT ok, the original's log line, then pings")
    func goodLogin() async throws {
        try await withTestServer { server in
            let (client, result) = try await TestClient.login(port: server.port, username: "Hans", password: "welcome")
            #expect(result.ok)
            #expect(result.pingIntervalMs == 50)
            #expect(result.playersOnline == 1)
            #expect(result.reason.isEmpty)
            let ping = try await client.nextPing()
            #expect(ping.sentEpoch > 0)
            #expect(server.logs.contains("ACCESS GRANTED FOR Username: Hans"))
            let stats = await server.server.stats()
            #expect(stats.playersOnline == 1)
            #expect(stats.logins == 1)
            #expect(stats.pingsSent >= 1)
            #expect(stats.pingLateness.millis(atPercentile: 50) != nil)
            await client.close()
        }
    }

    @Test("players online counts everyone, the newcomer included")
    func playersOnline() async throws {
        try await withTestServer { server in
            let first = try await server.login("one")
            let (second, result) = try await TestClient.login(port: server.port, username: "two")
            #expect(result.ok)
            #expect(result.playersOnline == 2)
            await first.close()
            await second.close()
        }
    }

    @Test(
        "each refusal answers ok = false with a reason, closes, and a fresh login works after it",
        arguments: [
            ("player1", "wrong", "bad credentials"),
            ("", "welcome", "malformed login"),
            (String(repeating: "x", count: 33), "welcome", "malformed login"),
            ("tab\there", "welcome", "malformed login"),
            ("bell\u{7}", "welcome", "malformed login"),
            (" leading", "welcome", "malformed login"),
        ]
    )
    func refusal(username: String, password: String, reason: String) async throws {
        try await withTestServer { server in
            let (client, result) = try await TestClient.login(port: server.port, username: username, password: password)
            #expect(!result.ok)
            #expect(result.reason.hasPrefix(reason))
            try await client.waitForClose()
            let after = try await server.login("fresh")
            _ = try await after.nextPing()
            let stats = try await server.waitForStats { $0.disconnects[.loginRefused] == 1 }
            #expect(stats.loginsRefused == 1)
            await after.close()
        }
    }

    @Test("a 32-character name of any printable characters is accepted")
    func longestName() async throws {
        try await withTestServer { server in
            let name = "Zoë " + String(repeating: "ö", count: 27) + "!"
            #expect(name.count == 32)
            let client = try await server.login(name)
            _ = try await client.nextPing()
            await client.close()
        }
    }

    @Test("a first frame that is not a login is refused with a reason")
    func firstFrameNotLogin() async throws {
        try await withTestServer { server in
            let client = try await server.connect()
            try await client.send(.mouseMove(.with { $0.x = 1; $0.y = 1 }))
            let result = try await client.next("LOGIN_RESULT") { if case .loginResult(let r) = $0 { r } else { nil } }
            #expect(!result.ok)
            #expect(result.reason == "first frame must be PLAYER_LOGIN")
            try await client.waitForClose()
            let after = try await server.login("fresh")
            await after.close()
        }
    }

    @Test("a full server refuses the next login, and takes it once a place is free")
    func serverFull() async throws {
        try await withTestServer({ $0.maxPlayers = 2 }) { server in
            let one = try await server.login("one")
            let two = try await server.login("two")
            let (three, result) = try await TestClient.login(port: server.port, username: "three")
            #expect(!result.ok)
            #expect(result.reason == "server full")
            try await three.waitForClose()
            await two.close()
            try await server.waitForStats { $0.playersOnline == 1 }
            let again = try await server.login("three")
            _ = try await again.nextPing()
            await one.close()
            await again.close()
        }
    }

    @Test("a name already playing is refused to the newcomer; the first session keeps its pings")
    func duplicateName() async throws {
        try await withTestServer { server in
            let first = try await server.login("Hans")
            _ = try await first.nextPing()
            let (second, result) = try await TestClient.login(port: server.port, username: "Hans")
            #expect(!result.ok)
            #expect(result.reason == "name already playing")
            try await second.waitForClose()
            // The first session is untouched: still pinged, still counted.
            _ = try await first.drain()
            let a = try await first.nextPing()
            let b = try await first.nextPing()
            #expect(b.sentEpoch > a.sentEpoch)
            #expect(first.isOpen)
            let stats = await server.server.stats()
            #expect(stats.playersOnline == 1)
            #expect(server.logs.count(containing: "ACCESS GRANTED FOR Username: Hans") == 1)
            await first.close()
        }
    }

    @Test("a connection that never logs in is closed at the login timeout")
    func loginTimeout() async throws {
        // Long enough for the observer's own login on a loaded machine.
        try await withTestServer({ $0.loginTimeout = .seconds(5) }) { server in
            let observer = try await server.login("observer")
            let silent = try await server.connect()
            let unread = try await silent.waitForClose()
            #expect(unread.isEmpty)
            try await server.waitForStats { $0.disconnects[.loginTimeout] == 1 }
            #expect(server.logs.contains("no login within 5 s"))
            _ = try await observer.drain()
            _ = try await observer.nextPing()
            await observer.close()
        }
    }

    @Test("the counters are logged at info level when they change, and not while only pings flow")
    func periodicStats() async throws {
        try await withTestServer(logLevel: .info, { $0.statsInterval = .milliseconds(50) }) { server in
            let client = try await server.login("counted")
            _ = try await client.nextPing()
            _ = await eventually { server.logs.contains("Stats: 1 online; 1 logins; in/out ") }
            #expect(server.logs.contains("Stats: 1 online; 1 logins; in/out "))
            // Pings and their bounces only: no news, no line (ten intervals of pings).
            let lines = server.logs.count(containing: "Stats: ")
            for _ in 0..<10 { _ = try await client.nextPing() }
            #expect(server.logs.count(containing: "Stats: ") <= lines + 1)
            await client.close()
            _ = await eventually { server.logs.contains("Stats: 0 online; 1 logins; in/out ") }
            #expect(server.logs.contains("Stats: 0 online; 1 logins; in/out "))
        }
    }

    @Test("no password is ever logged, at any level")
    func passwordNeverLogged() async throws {
        try await withTestServer(logLevel: .trace) { server in
            let secret = "s3cr3t-Pa55"
            let (refused, _) = try await TestClient.login(port: server.port, username: "eve", password: secret)
            try await refused.waitForClose()
            let good = try await server.login("alice")
            try await good.send(.mouseMove(.with { $0.x = 3 }))
            await good.close()
            try await server.waitForStats { $0.connections == 0 }
            #expect(!server.logs.all.isEmpty)
            #expect(!server.logs.contains(secret))
            #expect(!server.logs.contains("welcome"))
        }
    }

    @Test("a port already in use is one plain sentence")
    func portInUse() async throws {
        try await withTestServer { server in
            var configuration = ServerConfiguration()
            configuration.port = server.port
            configuration.statsInterval = nil
            let second = GameServer(configuration: configuration, logger: RecordingLogHandler.logger().0)
            await #expect(throws: ServerError.addressInUse(host: "127.0.0.1", port: server.port)) {
                _ = try await second.start()
            }
            #expect(
                ServerError.addressInUse(host: "127.0.0.1", port: 7777).description
                    == "Port 7777 on 127.0.0.1 is already in use."
            )
        }
    }
}
