import DevServer
import Logging
import NIOConcurrencyHelpers
import NIOCore
import NIOPosix
import NIOSSH

#if canImport(Glibc)
import Glibc
#endif

/// `--ssh-port`: an SSH server next to the game server, so that a person with only an
/// OpenSSH client can play (`ssh -p PORT NAME@HOST`, the game's password).
///
/// Each SSH connection authenticates with the game's password and may run one shell
/// session: the ``SSHPlaySession`` that logs in to the game server as the SSH user name
/// and draws the game on the client's pty. A connection that does not authenticate
/// within the login grace time (OpenSSH's 120 s by default, apart from the game's login
/// timeout: a person reads prompts and types) is closed. The game's per-address login
/// throttle counts each connection by the SSH peer's address: connections waiting to
/// authenticate, wrong passwords and, through the game's ``GameGateway``, the game logins
/// themselves; connections waiting to authenticate are capped in total as well.
public final class SSHServer: Sendable {
    public struct Configuration: Sendable {
        /// Where to listen (the game server's host: loopback unless told otherwise).
        var host: String
        /// 0 picks a free port.
        var port: Int
        var hostKeyPath: String
        /// How long a connection has to authenticate (OpenSSH's LoginGraceTime).
        var loginGrace: TimeAmount = Self.defaultLoginGrace
        var session: SSHPlaySession.Settings
        /// SO_SNDBUF for SSH connections; nil keeps the system's default (and its
        /// autotuning). A small value makes a session whose client stops reading reach
        /// `maxPendingOutputBytes` sooner.
        var socketSendBufferBytes: Int? = nil
        /// Connections waiting to authenticate at once, from all addresses together (as
        /// OpenSSH's MaxStartups refuses every one past 100); 0: no limit.
        var maxUnauthenticated = 100

        /// OpenSSH's LoginGraceTime.
        public static let defaultLoginGrace = TimeAmount.seconds(120)
    }

    /// The port it listens on.
    public let port: Int
    public let hostKey: SSHHostKey
    private let channel: any Channel
    private let sessions: NIOLockedValueBox<Sessions>
    private let logger: Logger
    /// Connections waiting to authenticate now.
    let unauthenticated: SSHUnauthenticatedCount

    private struct Sessions: Sendable {
        var nextID = 0
        var open: [Int: NIOLoopBound<SSHPlaySession>] = [:]
        var closing = false
    }

    private init(
        port: Int, hostKey: SSHHostKey, channel: any Channel, sessions: NIOLockedValueBox<Sessions>, logger: Logger,
        unauthenticated: SSHUnauthenticatedCount
    ) {
        self.port = port
        self.unauthenticated = unauthenticated
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
        let preAuthLog = SSHPreAuthLog(logger: logger)
        let unauthenticated = SSHUnauthenticatedCount(limit: configuration.maxUnauthenticated)
        // Known once bound (port 0 picks one); each session's help shows it.
        let join = NIOLockedValueBox<String?>(nil)
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
                    let loop = channel.eventLoop
                    // As OpenSSH's PerSourcePenalties and MaxStartups, per address: refused
                    // before the key exchange costs anything. (SSH has no way to say why
                    // before authentication; the log says.)
                    if let remaining = gateway.penaltyRemaining(for: client) {
                        let seconds = (remaining.nanoseconds + 999_999_999) / 1_000_000_000
                        preAuthLog.log("too many failed logins from its address", subject: "connection refused", peer: client,
                                       detail: "\(seconds) s of penalty left", on: loop)
                        throw SSHError("too many failed logins from one address")
                    }
                    let pending: SSHPendingLogin
                    switch SSHPendingLogin.open(gateway: gateway, total: unauthenticated, client: client) {
                    case .success(let counted):
                        pending = counted
                    case .failure(let refusal):
                        preAuthLog.log(refusal.rawValue, subject: "connection refused", peer: client, on: loop)
                        throw SSHError(refusal.rawValue)
                    }
                    channel.closeFuture.assumeIsolated().whenComplete { _ in pending.settle() }
                    let deadline = SSHLoginDeadlineHandler(grace: configuration.loginGrace, log: preAuthLog, logger: logger)
                    let delegate = SSHPasswordDelegate(
                        password: configuration.session.password, gateway: gateway, client: client, log: preAuthLog, loop: loop)
                    delegate.onSuccess = {
                        pending.settle()
                        deadline.authenticated()
                    }
                    var hasSession = false
                    let ssh = NIOSSHHandler(
                        role: .server(.init(hostKeys: [key], userAuthDelegate: delegate, banner: Self.banner)),
                        allocator: channel.allocator,
                        inboundChildChannelInitializer: { child, type in
                            guard case .session = type, !hasSession, let username = delegate.username else {
                                // Port forwarding, or a second session on one connection.
                                return child.eventLoop.makeFailedFuture(SSHError("channel refused"))
                            }
                            hasSession = true
                            var settings = configuration.session
                            settings.sshJoin = join.withLockedValue { $0 }
                            return child.eventLoop.makeCompletedFuture {
                                let handler = SSHSessionHandler(
                                    username: username, client: client, settings: settings, logger: logger,
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
        join.withLockedValue { $0 = joinCommand(host: configuration.host, port: port) }
        return SSHServer(
            port: port, hostKey: hostKey, channel: channel, sessions: sessions, logger: logger, unauthenticated: unauthenticated)
    }

    /// Shown by the client once the password is accepted: NIOSSH sends its banner with
    /// the success (it has no way to send one before the password prompt, and OpenSSH
    /// shows no text from the server before it), so the join line says what to type.
    private static let banner = SSHServerConfiguration.UserAuthBanner(
        message: "Mousy, a shared-mouse game: move your mouse; ? shows help, q quits.\r\n", languageTag: "en")

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
        loginGrace: TimeAmount = Configuration.defaultLoginGrace, logger: Logger
    ) async throws -> SSHServer {
        // A game server on every address is reached on loopback.
        let loopback = gameHost == "0.0.0.0" ? "127.0.0.1" : gameHost == "::" ? "::1" : gameHost
        let label = loopback.contains(":") ? "[\(loopback)]:\(gamePort)" : "\(loopback):\(gamePort)"
        let configuration = Configuration(
            host: gameHost, port: sshPort, hostKeyPath: hostKeyPath ?? SSHHostKey.defaultPath(),
            loginGrace: loginGrace,
            session: SSHPlaySession.Settings(gateway: gateway, password: password, serverLabel: label))
        return try await start(configuration, logger: logger)
    }

    /// "ssh -p PORT NAME@HOST": the command that joins a server listening on `host`.
    /// A server on every address is joined by this machine's name.
    public static func joinCommand(host: String, port: Int) -> String {
        var target = host
        if host == "0.0.0.0" || host == "::" {
            var name = [CChar](repeating: 0, count: 256)
            target = gethostname(&name, name.count - 1) == 0 ? name.withUnsafeBufferPointer { String(cString: $0.baseAddress!) } : "THIS-HOST"
        }
        return (port == 22 ? "ssh " : "ssh -p \(port) ") + "NAME@\(target)"
    }

    /// What `serve --ssh-port` prints (and a hosting `mousy play --ssh-port` logs): where
    /// it listens, the exact command that joins, and the host key's fingerprint as
    /// `ssh-keygen -lf` prints it, so that a player can check ssh's host-key prompt.
    /// `passwordHint` says what to type at the password prompt: never a password but
    /// the well-known default.
    public func announcement(host: String, passwordHint: String) -> [String] {
        Self.announcement(host: host, port: port, fingerprint: hostKey.fingerprint, generated: hostKey.generated, passwordHint: passwordHint)
    }

    /// The announcement of an SSH server listening on `host`:`port` with the host key of
    /// `fingerprint` (`generated`: made by this run), for a process that only knows these.
    public static func announcement(host: String, port: Int, fingerprint: String, generated: Bool, passwordHint: String) -> [String] {
        let shown = host.contains(":") ? "[\(host)]" : host
        return [
            "SSH up on \(shown):\(port)",
            "  join with: \(joinCommand(host: host, port: port))   (NAME: the name to play as; password: \(passwordHint))",
            "  host key:  \(SSHHostKey.keygenLine(fingerprint: fingerprint))" + (generated ? "  (new)" : ""),
        ]
    }
}
