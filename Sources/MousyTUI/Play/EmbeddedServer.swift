import DevServer
import Logging
import NIOCore
import NIOPosix

/// The dev server running inside `mousy play`, logging to a file, not the terminal.
final class EmbeddedServer {
    static let defaultPort = 7777

    let host: String
    let port: Int
    /// Shown next to the address, e.g. "7777 was taken".
    let note: String?
    private let server: GameServer

    private init(server: GameServer, host: String, port: Int, note: String?) {
        self.server = server
        self.host = host
        self.port = port
        self.note = note
    }

    /// Starts the server on `port`; without one on 7777, or on a free port when 7777 is
    /// taken. Players log in with `password`.
    static func start(port requested: Int?, password: String, logDirectory: String) throws -> EmbeddedServer {
        let (logger, _) = LogFiles.logger(label: "mousy.server", file: "server.log", in: logDirectory)
        do {
            return try start(port: requested ?? defaultPort, password: password, logger: logger, note: nil)
        } catch ServerError.addressInUse where requested == nil {
            return try start(port: 0, password: password, logger: logger, note: "\(defaultPort) was taken")
        }
    }

    private static func start(port: Int, password: String, logger: Logger, note: String?) throws -> EmbeddedServer {
        var configuration = ServerConfiguration()
        configuration.host = "127.0.0.1"
        configuration.port = port
        configuration.password = password
        // A game on one machine has a handful of players: one event loop serves them,
        // and each loop's fan-out tick costs CPU even while nobody moves.
        configuration.eventLoopThreads = 1
        let server = GameServer(configuration: configuration, logger: logger)
        let bound = try blocking { try await server.start() }
        return EmbeddedServer(server: server, host: configuration.host, port: bound, note: note)
    }

    /// Says goodbye to every player and closes; bounded by the server's own shutdown.
    func shutdown() {
        let server = self.server
        try? Self.blocking { await server.shutdown() }
    }

    /// Runs `body` to completion from this synchronous (UI) thread.
    private static func blocking<T: Sendable>(_ body: @escaping @Sendable () async throws -> T) throws -> T {
        let promise = MultiThreadedEventLoopGroup.singleton.any().makePromise(of: T.self)
        promise.completeWithTask(body)
        return try promise.futureResult.wait()
    }
}
