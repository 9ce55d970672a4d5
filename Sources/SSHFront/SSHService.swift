import DevServer
import Logging
import NIOCore
import ServiceLifecycle

/// The SSH server as a service of `mousy serve`'s group: it starts once the game server
/// listens (its sessions log in there), and on graceful shutdown ends every session,
/// restoring each player's terminal, before the game server stops (a group stops its
/// services in reverse order, so this one goes after the game server in the list).
public final class SSHService: Service, Sendable {
    private let game: GameServer
    private let sshPort: Int
    private let hostKeyPath: String?
    private let password: String
    private let loginGrace: TimeAmount
    private let logger: Logger
    private let started: AsyncThrowingStream<SSHServer, any Error>
    private let continuation: AsyncThrowingStream<SSHServer, any Error>.Continuation

    public init(
        game: GameServer, sshPort: Int, hostKeyPath: String?, password: String,
        loginGrace: TimeAmount = SSHServer.Configuration.defaultLoginGrace, logger: Logger
    ) {
        self.game = game
        self.loginGrace = loginGrace
        self.sshPort = sshPort
        self.hostKeyPath = hostKeyPath
        self.password = password
        self.logger = logger
        (started, continuation) = AsyncThrowingStream.makeStream(of: SSHServer.self)
    }

    /// The SSH server once it listens; throws its failure to start (nil: the game server
    /// stopped before it listened). Call it once.
    public func listening() async throws -> SSHServer? {
        for try await server in started { return server }
        return nil
    }

    public func run() async throws {
        let ssh: SSHServer
        do {
            let gamePort = try await game.listeningPort()
            ssh = try await SSHServer.start(
                sshPort: sshPort, hostKeyPath: hostKeyPath, gateway: try await game.gateway(),
                gameHost: game.configuration.host, gamePort: gamePort,
                password: password, loginGrace: loginGrace, logger: logger)
        } catch ServerError.notRunning {
            continuation.finish()
            return
        } catch {
            continuation.finish(throwing: error)
            throw error
        }
        continuation.yield(ssh)
        continuation.finish()
        // Until SIGINT / SIGTERM (or cancellation): then the players' terminals come back first.
        try? await gracefulShutdown()
        await ssh.shutdown()
    }
}
