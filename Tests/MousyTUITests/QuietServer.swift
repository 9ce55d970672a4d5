import DevServer
import Logging

/// Starts an in-process dev server for tests: any free port, 50 ms pings, no logs.
/// Returns it and its port.
func startQuietServer() async throws -> (GameServer, Int) {
    var configuration = ServerConfiguration()
    configuration.port = 0
    configuration.pingInterval = .milliseconds(50)
    configuration.statsInterval = nil
    let server = GameServer(configuration: configuration, logger: Logger(label: "test.server") { _ in SwiftLogNoOpLogHandler() })
    return (server, try await server.start())
}
