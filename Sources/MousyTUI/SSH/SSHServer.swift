import DevServer
import Logging
import NIOConcurrencyHelpers
import NIOCore
import NIOPosix
import NIOSSH

/// `--ssh-port`: an SSH server next to the game server, so that a person with only an
/// OpenSSH client can play (`ssh -p PORT NAME@HOST`, the game's password).
///
/// Each SSH connection authenticates with the game's password and may run one shell
/// session: the ``SSHPlaySession`` that logs in to the game server as the SSH user name
/// and draws the game on the client's pty. A connection that does not authenticate
/// within the login timeout is closed. The game's per-address login throttle counts
/// each connection by the SSH peer's address: connections waiting to authenticate,
/// wrong passwords and, through the game's ``GameGateway``, the game logins themselves.
final class SSHServer: Sendable {
    struct Configuration: Sendable {
        /// Where to listen (the game server's host: loopback unless told otherwise).
        var host: String
        /// 0 picks a free port.
        var port: Int
        var hostKeyPath: String
        var loginTimeout: TimeAmount
        var session: SSHPlaySession.Settings
        /// SO_SNDBUF for SSH connections; nil keeps the system's default (and its
        /// autotuning). A small value makes a session whose client stops reading reach
        /// `maxPendingOutputBytes` sooner.
        var socketSendBufferBytes: Int? = nil
    }

    /// The port it listens on.
    let port: Int
    let hostKey: SSHHostKey
    private let channel: any Channel
    private let sessions: NIOLockedValueBox<Sessions>
    private let logger: Logger

    private struct Sessions: Sendable {
        var nextID = 0
        var open: [Int: NIOLoopBound<SSHPlaySession>] = [:]
        var closing = false
    }

    private init(port: Int, hostKey: SSHHostKey, channel: any Channel, sessions: NIOLockedValueBox<Sessions>, logger: Logger) {
        self.port = port
        self.hostKey = hostKey
        self.channel = channel
        self.sessions = sessions
        self.logger = logger
    }

    /// Loads (or makes) the host key and starts listening. Throws ``SSHError`` with one
    /// plain sentence when it cannot.
    static func start(_ configuration: Configuration, group: any EventLoopGroup = MultiThreadedEventLoopGroup.singleton,
                      logger: Logger) async throws -> SSHServer {
        let hostKey = try SSHHostKey.loadOrCreate(at: configuration.hostKeyPath)
        let sessions = NIOLockedValueBox(Sessions())
        let key = hostKey.privateKey
        let register: @Sendable (NIOLoopBound<SSHPlaySession>) -> Void = { bound in
            let refused = sessions.withLockedValue { state -> Bool in
                if state.closing { return true }
                let id = state.nextID
                state.nextID += 1
                state.open[id] = bound
                bound.value.onEnd = { sessions.withLockedValue { _ = $0.open.removeValue(forKey: id) } }
                return false
            }
            if refused { bound.value.end(.serverShutdown) }
        }
        var bootstrap = ServerBootstrap(group: group)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .childChannelOption(.tcpOption(.tcp_nodelay), value: 1)
            .childChannelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    let client = channel.remoteAddress
                    let gateway = configuration.session.gateway
                    // As OpenSSH's PerSourcePenalties and MaxStartups, per address: refused
                    // before the key exchange costs anything. (SSH has no way to say why
                    // before authentication; the log says.)
                    if let remaining = gateway.penaltyRemaining(for: client) {
                        logger.debug("ssh: connection refused: too many failed logins from its address", metadata: [
                            "peer": "\(client.map { "\($0)" } ?? "?")", "penalty_left_ms": "\(remaining.nanoseconds / 1_000_000)",
                        ])
                        throw SSHError("too many failed logins from one address")
                    }
                    guard let pending = SSHPendingLogin(gateway: gateway, client: client) else {
                        logger.debug("ssh: connection refused: too many connections from its address waiting to log in", metadata: [
                            "peer": "\(client.map { "\($0)" } ?? "?")",
                        ])
                        throw SSHError("too many connections from one address waiting to log in")
                    }
                    channel.closeFuture.assumeIsolated().whenComplete { _ in pending.settle() }
                    let deadline = SSHLoginDeadlineHandler(timeout: configuration.loginTimeout, logger: logger)
                    let delegate = SSHPasswordDelegate(password: configuration.session.password, gateway: gateway, client: client)
                    delegate.onSuccess = {
                        pending.settle()
                        deadline.authenticated()
                    }
                    var hasSession = false
                    let ssh = NIOSSHHandler(
                        role: .server(.init(hostKeys: [key], userAuthDelegate: delegate)),
                        allocator: channel.allocator,
                        inboundChildChannelInitializer: { child, type in
                            guard case .session = type, !hasSession, let username = delegate.username else {
                                // Port forwarding, or a second session on one connection.
                                return child.eventLoop.makeFailedFuture(SSHError("channel refused"))
                            }
                            hasSession = true
                            return child.eventLoop.makeCompletedFuture {
                                let handler = SSHSessionHandler(
                                    username: username, client: client, settings: configuration.session, logger: logger,
                                    register: { session in register(NIOLoopBound(session, eventLoop: child.eventLoop)) })
                                try child.pipeline.syncOperations.addHandler(handler)
                            }
                        })
                    try channel.pipeline.syncOperations.addHandler(ssh)
                    try channel.pipeline.syncOperations.addHandler(deadline)
                }
            }
        if let size = configuration.socketSendBufferBytes {
            bootstrap = bootstrap.childChannelOption(.socketOption(.so_sndbuf), value: SocketOptionValue(size))
        }
        let channel: any Channel
        do {
            channel = try await bootstrap.bind(host: configuration.host, port: configuration.port).get()
        } catch let error as IOError where error.errnoCode == EADDRINUSE {
            throw SSHError("The SSH port \(configuration.port) on \(configuration.host) is already in use; pick another with --ssh-port.")
        } catch {
            throw SSHError("Cannot listen for SSH on \(configuration.host):\(configuration.port): \(error).")
        }
        let port = channel.localAddress?.port ?? configuration.port
        return SSHServer(port: port, hostKey: hostKey, channel: channel, sessions: sessions, logger: logger)
    }

    /// Stops listening and ends every session: each player's terminal is restored and
    /// told the server is shutting down. Returns once their channels have closed (or
    /// after a grace period).
    func shutdown() async {
        try? await channel.close()
        let open = sessions.withLockedValue { state in
            state.closing = true
            return Array(state.open.values)
        }
        var closes: [EventLoopFuture<Void>] = []
        for bound in open {
            let future = bound.eventLoop.submit {
                bound.value.end(.serverShutdown)
            }
            closes.append(future)
        }
        for future in closes { try? await future.get() }
        // Let the goodbyes reach the clients before the process goes.
        try? await Task.sleep(for: .milliseconds(200))
        logger.info("ssh: stopped", metadata: ["sessions": "\(open.count)"])
    }
}

extension SSHServer {
    /// Starts the SSH server for a game server in this process listening on
    /// `gameHost`:`gamePort`, on the same host; its sessions log in through the game's
    /// `gateway`.
    static func start(
        sshPort: Int, hostKeyPath: String?, gateway: GameGateway, gameHost: String, gamePort: Int, password: String,
        loginTimeout: TimeAmount, logger: Logger
    ) async throws -> SSHServer {
        // A game server on every address is reached on loopback.
        let loopback = gameHost == "0.0.0.0" ? "127.0.0.1" : gameHost == "::" ? "::1" : gameHost
        let label = loopback.contains(":") ? "[\(loopback)]:\(gamePort)" : "\(loopback):\(gamePort)"
        let configuration = Configuration(
            host: gameHost, port: sshPort, hostKeyPath: hostKeyPath ?? SSHHostKey.defaultPath(),
            loginTimeout: loginTimeout,
            session: SSHPlaySession.Settings(gateway: gateway, password: password, serverLabel: label))
        return try await start(configuration, logger: logger)
    }

    /// "SSH up on HOST:PORT, host key SHA256:...": the line `serve` prints.
    func announcement(host: String) -> String {
        let shown = host.contains(":") ? "[\(host)]" : host
        return "SSH up on \(shown):\(port), host key \(hostKey.fingerprint)" + (hostKey.generated ? " (new)" : "")
    }
}
