import DevServer
import Logging
import NIOCore
import NIOPosix

/// The dev server running inside `mousy play`, logging to a file named with its port
/// (`server-7777.log`), so that the servers of two processes never share one.
final class EmbeddedServer {
    let host: String
    let port: Int
    /// The log file, when it could be opened.
    let logPath: String?
    private let server: GameServer
    private let logger: Logger
    private var ssh: SSHServer?

    private init(server: GameServer, logger: Logger, host: String, port: Int, logPath: String?) {
        self.server = server
        self.logger = logger
        self.host = host
        self.port = port
        self.logPath = logPath
    }

    /// Starts the server on 127.0.0.1:`port` (0: any free one); players log in with
    /// `password`; cursors move in a world of `world` points. Throws ``ServerError/addressInUse(host:port:)`` when the port is taken.
    static func start(port: Int, password: String, world: WorldOption, shapes: Int = 0, logDirectory: String) throws -> EmbeddedServer {
        // The file is named once the port is known; the server logs nothing before it binds.
        let sink = FileLogHandler.Sink()
        let logger = SanitizingLogHandler.logger(label: "mousy.server", level: .info) { FileLogHandler(label: $0, sink: sink) }
        var configuration = ServerConfiguration()
        configuration.host = "127.0.0.1"
        configuration.port = port
        configuration.password = password
        configuration.worldWidth = world.width
        configuration.worldHeight = world.height
        configuration.shapes = shapes
        // A game on one machine has a handful of players: one event loop serves them,
        // and each loop's fan-out tick costs CPU even while nobody moves.
        configuration.eventLoopThreads = 1
        let server = GameServer(configuration: configuration, logger: logger)
        let bound = try blocking { try await server.start() }
        let path = logDirectory + "/" + LogFiles.serverLogName(port: bound)
        return EmbeddedServer(server: server, logger: logger, host: configuration.host, port: bound, logPath: sink.open(path: path) ? path : nil)
    }

    /// Lets others join this game over SSH on `port` (0: any free one); returns the server.
    func startSSH(port: Int, hostKeyPath: String?, password: String) throws -> SSHServer {
        let (host, gamePort, logger, server) = (self.host, self.port, self.logger, self.server)
        let loginTimeout = server.configuration.loginTimeout
        let started = try Self.blocking {
            try await SSHServer.start(
                sshPort: port, hostKeyPath: hostKeyPath, gateway: try await server.gateway(),
                gameHost: host, gamePort: gamePort,
                password: password, loginTimeout: loginTimeout, logger: logger)
        }
        logger.info("\(started.announcement(host: host))")
        ssh = started
        return started
    }

    /// Says goodbye to every player (SSH players' terminals restored first) and closes;
    /// bounded by the server's own shutdown.
    func shutdown() {
        let (server, ssh) = (self.server, self.ssh)
        try? Self.blocking {
            await ssh?.shutdown()
            await server.shutdown()
        }
    }

    /// Runs `body` to completion from this synchronous (UI) thread.
    private static func blocking<T: Sendable>(_ body: @escaping @Sendable () async throws -> T) throws -> T {
        let promise = MultiThreadedEventLoopGroup.singleton.any().makePromise(of: T.self)
        promise.completeWithTask(body)
        return try promise.futureResult.wait()
    }
}
