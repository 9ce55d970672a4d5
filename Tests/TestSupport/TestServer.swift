import DevServer
import Logging
import Messages
import NIOCore

/// The server starter for tests: a real in-process dev server on 127.0.0.1, 50 ms pings,
/// no stats line, no login or ping timeout unless a test sets one, its log recorded.
public struct TestServer: Sendable {
    public let server: GameServer
    public let port: Int
    /// What the server logged at `logLevel` or above.
    public let logs: RecordingLogHandler.Lines

    /// Starts a server on `port` (0: any free port) logging at `logLevel`; `configure`
    /// changes the configuration first. Shut it down with `server.shutdown()`.
    public static func start(
        port: Int = 0,
        logLevel: Logger.Level = .debug,
        _ configure: (inout ServerConfiguration) -> Void = { _ in }
    ) async throws -> TestServer {
        var configuration = ServerConfiguration()
        configuration.host = "127.0.0.1"
        configuration.port = port
        configuration.pingInterval = .milliseconds(50)
        configuration.statsInterval = nil
        // Timers that close connections are wall-clock windows a starved test can miss:
        // under load the test tasks once waited 40 s for a cooperative thread (CPU-bound
        // tests held both), and 30 s login timeouts closed connections they had opened and
        // not yet written to. So none a test does not set: tests of a timer set their own.
        configuration.loginTimeout = .seconds(3600)  // an hour: the longest mousy serve allows
        configuration.pingTimeout = nil  // test clients bounce a ping now and then, not every one
        // Time to flush the goodbyes at shutdown: stretched where everything runs slower (TSan).
        configuration.shutdownGracePeriod = TestTime.scaled(configuration.shutdownGracePeriod)
        configure(&configuration)
        let (logger, lines) = RecordingLogHandler.logger(level: logLevel)
        let server = GameServer(configuration: configuration, logger: logger)
        let port = try await server.start()
        return TestServer(server: server, port: port, logs: lines)
    }

    /// A client logged in as `username`, listing `understands` (none by default); throws
    /// if the login is refused.
    public func login(
        _ username: String, password: String = "welcome", understands: [MType] = []
    ) async throws -> TestClient {
        let (client, result) = try await TestClient.login(
            port: port, username: username, password: password, understands: understands)
        guard result.ok else { throw TestClient.Failure.unexpected("login of \(username) refused: \(result.reason)") }
        return client
    }

    /// A client connected and not logged in.
    public func connect() async throws -> TestClient {
        try await TestClient.connect(port: port)
    }

    /// Polls the server's counters until `condition` holds (or fails after `timeout`,
    /// scaled by ``TestTime/scale``).
    @discardableResult
    public func waitForStats(
        within timeout: Duration = TestTime.defaultBound,
        _ condition: (ServerStats) -> Bool
    ) async throws -> ServerStats {
        var stats = await server.stats()
        let matched = await eventually(timeout: timeout) {
            stats = await server.stats()
            return condition(stats)
        }
        guard matched else { throw TestClient.Failure.timedOut("server stats to match; last: \(stats)") }
        return stats
    }
}

/// Runs `body` against a fresh server and always shuts the server down.
public func withTestServer(
    logLevel: Logger.Level = .debug,
    _ configure: (inout ServerConfiguration) -> Void = { _ in },
    _ body: (TestServer) async throws -> Void
) async throws {
    let server = try await TestServer.start(logLevel: logLevel, configure)
    do {
        try await body(server)
    } catch {
        await server.server.shutdown()
        throw error
    }
    await server.server.shutdown()
}
