import DevServer
import Messages
import NIOCore
import TestSupport
import Testing

@Suite("Shutdown")
struct ShutdownTests {
    @Test("shutdown tells every player, closes every connection, and is idempotent")
    func withPlayers() async throws {
        // Not port 0: once released, port 0 may hand this port to another test's server,
        // and "nothing listens any more" would meet that one.
        let server = try await TestServer.start { $0.port = QuietPort.next() }
        var players: [TestClient] = []
        for name in ["a", "b", "c"] { players.append(try await server.login(name)) }
        let lurker = try await server.connect()
        try await server.waitForStats { $0.connections == 4 }

        await server.server.shutdown()
        #expect(await server.server.state == .stopped)
        for (player, name) in zip(players, ["a", "b", "c"]) {
            let unread = try await player.waitForClose()
            let goodbye = unread.compactMap { message -> PlayerLogout? in
                if case .playerLogout(let logout) = message { logout } else { nil }
            }
            #expect(goodbye.map(\.username) == [name])
            #expect(goodbye.first?.reason == "server shutting down")
        }
        try await lurker.waitForClose()
        let stats = await server.server.stats()
        #expect(stats.disconnects[.serverShutdown] == 4)
        #expect(stats.playersOnline == 0)

        await server.server.shutdown()
        #expect(await server.server.state == .stopped)
        // Nothing listens any more.
        await #expect(throws: (any Error).self) { _ = try await TestClient.connect(port: server.port) }
    }

    @Test("a server that never started shuts down at once")
    func neverStarted() async throws {
        let server = GameServer(configuration: ServerConfiguration(), logger: RecordingLogHandler.logger().0)
        await server.shutdown()
        #expect(await server.state == .stopped)
    }
}
