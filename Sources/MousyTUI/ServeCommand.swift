import ArgumentParser
import DevServer
import Logging
import NIOCore
import ServiceLifecycle

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// `mousy serve`: runs the dev server until SIGINT or SIGTERM.
struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Run the Mousy dev server.",
        discussion: """
            Prints "Server up on HOST:PORT" once it listens. SIGINT or SIGTERM logs every \
            player out ("server shutting down") and exits 0.
            """
    )

    @Option(help: "The address to listen on.")
    var host = "127.0.0.1"

    @Option(help: "The TCP port to listen on; 0 picks a free one.")
    var port = 7777

    @Option(help: "The password players log in with. Default: $MOUSY_PASSWORD if set, else \"welcome\".")
    var password: String?

    @Option(name: .customLong("ping-interval-ms"), help: "Milliseconds between two pings to each player.")
    var pingIntervalMs = 1000

    @Option(
        name: .customLong("ping-timeout-s"),
        help: "Seconds after which a player that has bounced pings, and then bounces none, is disconnected (\"ping timeout\"); players that never bounce are exempt. 0: never."
    )
    var pingTimeoutS: Double = 15

    @Option(
        name: .customLong("resume-grace-s"),
        help: "Seconds a player reaped by the ping timeout may come back as itself with its resume token; nobody else takes its name meanwhile. 0: none."
    )
    var resumeGraceS: Double = 120

    @Option(help: "The most players logged in at once.")
    var maxPlayers = 20_000

    @Option(help: "With more players than this, each player sees only this many most recently active others.")
    var maxVisible = 64

    @Option(help: ArgumentHelp("The shared world's size in points, announced to every player (1 to 1000000 each way).", valueName: "WxH"))
    var world = WorldOption.original

    @Option(name: .customLong("login-timeout-s"), help: "Seconds a new connection has to log in.")
    var loginTimeoutS: Double = 5

    @Option(name: .customLong("stats-interval-s"), help: "Seconds between two stats log lines; 0: none.")
    var statsIntervalS: Double = 10

    @Option(
        name: .customLong("login-failures"),
        help: "Failed logins from one address within --login-failure-window-s that start a penalty; 0: no penalty."
    )
    var loginFailures = 5

    @Option(
        name: .customLong("login-failures-per-block"),
        help: "Failed logins from one network block (see --ipv4-block-bits) within --login-failure-window-s that penalise the whole block."
    )
    var loginFailuresPerBlock = 20

    @Option(
        name: .customLong("ipv4-block-bits"),
        help: "The leading bits of an IPv4 address that make the network block its failed logins also count against (as OpenSSH's PerSourceNetBlockSize); 32: each address alone."
    )
    var ipv4BlockBits = 24

    @Option(
        name: .customLong("ipv6-block-bits"),
        help: "The leading bits of an IPv6 address that make its network block; 128: each address alone."
    )
    var ipv6BlockBits = 64

    @Option(name: .customLong("login-failure-window-s"), help: "Seconds in which failed logins from one address are counted.")
    var loginFailureWindowS: Double = 10

    @Option(
        name: .customLong("login-penalty-s"),
        help: "Seconds every login from a penalised address is refused; each further penalty doubles."
    )
    var loginPenaltyS: Double = 5

    @Option(name: .customLong("login-penalty-max-s"), help: "The longest penalty, in seconds.")
    var loginPenaltyMaxS: Double = 300

    @Option(
        name: .customLong("max-pending-per-address"),
        help: "Connections from one address that may wait to log in at once; more are refused. 0: no limit."
    )
    var maxPendingPerAddress = 128

    @Option(help: "Boxes in the shared world, which players drag with the left button (0 to 100000); 0: none.")
    var shapes = 0

    @Option(help: "The seed that places and sizes the boxes: the same seed, the same world.")
    var seed: UInt64 = 1

    @Option(name: .customLong("tick-hz"), help: "Ticks per second of the boxes' simulation (1 to 1000); it runs only while something moves.")
    var tickHz = 20

    @Option(help: "Serve Prometheus metrics at http://HOST:PORT/metrics on this port; 0 picks a free one. Default: none.")
    var metricsPort: Int?

    @Option(name: .customLong("ssh-port"), help: "Also serve the game over SSH on this port (0: any free one); players join with ssh -p PORT NAME@HOST and the game's password.")
    var sshPort: Int?

    @Option(name: .customLong("ssh-host-key"), help: ArgumentHelp("The SSH server's Ed25519 host key, made on first use. Default: $XDG_CONFIG_HOME/mousy/ssh_host_ed25519_key (~/.config/mousy/...).", valueName: "path"))
    var sshHostKey: String?

    @Option(help: "The least severe log level shown: trace, debug, info, notice, warning, error or critical.")
    var logLevel: Logger.Level = .info

    /// Every numeric option within a range that its conversions (to nanoseconds, to
    /// buffer sizes) cannot overflow, and that makes sense for a game server.
    func validate() throws {
        try OptionCheck.integer(port, "--port", in: 0...65_535)
        try OptionCheck.integer(pingIntervalMs, "--ping-interval-ms", in: 1...3_600_000)
        try OptionCheck.number(pingTimeoutS, "--ping-timeout-s", in: 0.001...86_400, zeroMeansOff: true)
        try OptionCheck.number(resumeGraceS, "--resume-grace-s", in: 0.001...86_400, zeroMeansOff: true)
        try OptionCheck.integer(maxPlayers, "--max-players", in: 1...1_000_000)
        try OptionCheck.integer(maxVisible, "--max-visible", in: 1...100_000)
        try OptionCheck.number(loginTimeoutS, "--login-timeout-s", in: 0.001...3600)
        try OptionCheck.number(statsIntervalS, "--stats-interval-s", in: 0.001...86_400, zeroMeansOff: true)
        try OptionCheck.integer(loginFailures, "--login-failures", in: 0...1_000_000)
        try OptionCheck.integer(loginFailuresPerBlock, "--login-failures-per-block", in: 1...1_000_000)
        try OptionCheck.integer(ipv4BlockBits, "--ipv4-block-bits", in: 0...32)
        try OptionCheck.integer(ipv6BlockBits, "--ipv6-block-bits", in: 0...128)
        try OptionCheck.number(loginFailureWindowS, "--login-failure-window-s", in: 0.001...86_400)
        try OptionCheck.number(loginPenaltyS, "--login-penalty-s", in: 0.001...86_400)
        try OptionCheck.number(loginPenaltyMaxS, "--login-penalty-max-s", in: loginPenaltyS...86_400)
        try OptionCheck.integer(maxPendingPerAddress, "--max-pending-per-address", in: 0...1_000_000)
        try OptionCheck.integer(shapes, "--shapes", in: 0...100_000)
        try OptionCheck.integer(tickHz, "--tick-hz", in: 1...1000)
        if let metricsPort { try OptionCheck.integer(metricsPort, "--metrics-port", in: 0...65_535) }
        if let sshPort { try OptionCheck.integer(sshPort, "--ssh-port", in: 0...65_535) }
        if sshHostKey != nil, sshPort == nil { throw ValidationError("--ssh-host-key needs --ssh-port.") }
    }

    func run() async throws {
        let logger = SanitizingLogHandler.logger(label: "mousy.serve", level: logLevel) { StreamLogHandler.standardError(label: $0) }
        var configuration = ServerConfiguration()
        configuration.host = host
        configuration.port = port
        configuration.password = password ?? getenv("MOUSY_PASSWORD").map { String(cString: $0) } ?? "welcome"
        configuration.pingInterval = .milliseconds(Int64(pingIntervalMs))
        configuration.pingTimeout = pingTimeoutS > 0 ? .nanoseconds(Int64(pingTimeoutS * 1e9)) : nil
        configuration.resumeGrace = resumeGraceS > 0 ? .nanoseconds(Int64(resumeGraceS * 1e9)) : nil
        configuration.maxPlayers = maxPlayers
        configuration.maxVisible = maxVisible
        configuration.worldWidth = world.width
        configuration.worldHeight = world.height
        configuration.loginTimeout = .nanoseconds(Int64(loginTimeoutS * 1e9))
        configuration.metricsPort = metricsPort
        configuration.statsInterval = statsIntervalS > 0 ? .nanoseconds(Int64(statsIntervalS * 1e9)) : nil
        configuration.throttle.maxFailures = loginFailures
        configuration.throttle.failureWindow = .nanoseconds(Int64(loginFailureWindowS * 1e9))
        configuration.throttle.penalty = .nanoseconds(Int64(loginPenaltyS * 1e9))
        configuration.throttle.maxPenalty = .nanoseconds(Int64(loginPenaltyMaxS * 1e9))
        configuration.throttle.maxPendingPerAddress = maxPendingPerAddress
        configuration.shapes = shapes
        configuration.shapeSeed = seed
        configuration.shapeTickInterval = .nanoseconds(1_000_000_000 / Int64(tickHz))
        configuration.throttle.maxFailuresPerBlock = loginFailuresPerBlock
        configuration.throttle.ipv4PrefixLength = ipv4BlockBits
        configuration.throttle.ipv6PrefixLength = ipv6BlockBits

        let server = GameServer(configuration: configuration, logger: logger)
        // The group owns SIGINT and SIGTERM (from before the server binds, so none is lost
        // or kills the process): either shuts the server down gracefully, every player
        // hears "server shutting down", and the process exits 0.
        // After the game server in the list, so that it stops first: SSH players get their
        // terminals back while the game still runs.
        let ssh = sshPort.map {
            SSHService(game: server, sshPort: $0, hostKeyPath: sshHostKey, password: configuration.password, logger: logger)
        }
        let group = ServiceGroup(configuration: .init(
            services: [.init(service: server, serviceName: "mousy dev server")]
                + (ssh.map { [.init(service: $0, serviceName: "mousy ssh server")] } ?? []),
            gracefulShutdownSignals: [.sigint, .sigterm],
            logger: logger
        ))
        do {
            try await withThrowingDiscardingTaskGroup { tasks in
                tasks.addTask { try await group.run() }
                let boundPort: Int
                do {
                    boundPort = try await server.listeningPort()
                } catch ServerError.notRunning {
                    return  // stopped by a signal before it listened
                }
                // An IPv6 literal takes brackets, so that the line pastes into --server.
                print("Server up on \(host.contains(":") ? "[\(host)]" : host):\(boundPort)")
                if let metricsPort = await server.metricsPort {
                    print("Metrics on http://\(host.contains(":") ? "[\(host)]" : host):\(metricsPort)/metrics")
                }
                if let ssh, let listening = try await ssh.listening() {
                    print(listening.announcement(host: host))
                }
                fflush(nil)  // stdout may be a pipe: whoever waits for this line gets it now
            }
        } catch let error as SSHError {
            printError(error.description)
            throw ExitCode.failure
        } catch let error as ServerError {
            printError(Self.sentence(for: error))
            throw ExitCode.failure
        }
    }

    /// The server's reason, with the option that fixes it.
    static func sentence(for error: ServerError) -> String {
        switch error {
        case .addressInUse(let host, let port):
            "Port \(port) on \(host) is already in use; choose another with --port (0 picks a free one)."
        case .metricsAddressInUse(let host, let port):
            "The metrics port \(port) on \(host) is already in use; choose another with --metrics-port (0 picks a free one)."
        case .cannotListen(let host, let port, let reason) where reason.contains("is not an IP address"):
            "Cannot listen on \(host):\(port): \(reason); give --host an address of this machine (e.g. 127.0.0.1, 0.0.0.0 or ::1)."
        default:
            error.description
        }
    }

    private func printError(_ message: String) {
        let line = message + "\n"
        _ = line.utf8CString.withUnsafeBufferPointer { write(2, $0.baseAddress, $0.count - 1) }
    }
}

extension Logger.Level: @retroactive ExpressibleByArgument {}
