import DevServer
import Logging
import Messages
import ServiceLifecycle
import TestSupport
import Testing

@Suite("GameServer as a Service")
struct ServiceTests {
    static func configuration() -> ServerConfiguration {
        var configuration = ServerConfiguration()
        configuration.port = 0
        configuration.pingInterval = .milliseconds(50)
        configuration.statsInterval = nil
        configuration.loginTimeout = .seconds(30)
        return configuration
    }

    @Test("in a ServiceGroup: run() serves until a graceful shutdown, which tells every player and stops")
    func gracefulShutdown() async throws {
        let (logger, _) = RecordingLogHandler.logger(level: .info)
        let server = GameServer(configuration: Self.configuration(), logger: logger)
        let group = ServiceGroup(services: [server], logger: logger)
        try await withThrowingTaskGroup { tasks in
            tasks.addTask { try await group.run() }
            let port = try await server.listeningPort()
            let (player, welcome) = try await TestClient.login(port: port, username: "alice", password: "welcome")
            #expect(welcome.ok)
            _ = try await player.nextPing()

            await group.triggerGracefulShutdown()
            let goodbye = try await player.nextLogout()
            #expect(goodbye.username == "alice")
            #expect(goodbye.reason == "server shutting down")
            try await tasks.waitForAll()  // run() returned, the group with it
            #expect(await server.state == .stopped)
            await player.close()
        }
    }

    @Test("run() returns when its task is cancelled, and when someone calls shutdown()")
    func cancellationAndShutdown() async throws {
        let (logger, _) = RecordingLogHandler.logger(level: .info)
        let cancelled = GameServer(configuration: Self.configuration(), logger: logger)
        let running = Task { try await cancelled.run() }
        _ = try await cancelled.listeningPort()
        running.cancel()
        try await running.value
        #expect(await cancelled.state == .stopped)
        await #expect(throws: ServerError.notRunning) { _ = try await cancelled.listeningPort() }

        let stopped = GameServer(configuration: Self.configuration(), logger: logger)
        let serving = Task { try await stopped.run() }
        _ = try await stopped.listeningPort()
        await stopped.shutdown()
        try await serving.value
        #expect(await stopped.state == .stopped)
    }

    @Test("run() throws the start's ServerError, and listeningPort() reports it")
    func failedStart() async throws {
        let (logger, _) = RecordingLogHandler.logger(level: .info)
        var configuration = Self.configuration()
        configuration.maxPlayers = 0
        let server = GameServer(configuration: configuration, logger: logger)
        await #expect(throws: ServerError.invalidConfiguration("max players must be at least 1")) {
            try await server.run()
        }
        await #expect(throws: ServerError.invalidConfiguration("max players must be at least 1")) {
            _ = try await server.listeningPort()
        }
        #expect(await server.state == .idle)
    }
}
