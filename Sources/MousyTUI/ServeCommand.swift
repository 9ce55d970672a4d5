import ArgumentParser
import DevServer
import Logging
import NIOCore
import SSHFront
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

    @Option(help: "The address to listen on: one of this machine's (127.0.0.1: this machine only; 0.0.0.0 or ::: every address).")
    var host = "127.0.0.1"

    @Option(parsing: .unconditional, help: "The TCP port to listen on; 0 picks a free one. Default: $MOUSY_PORT, else 7777.", transform: OptionCheck.port)
    var port: Int?

    @OptionGroup(title: "Password")
    var password: PasswordOption

    @Option(name: .customLong("ping-interval-ms"), parsing: .unconditional, help: "Milliseconds between two pings to each player (1 to 3600000). Default: 1000.",
            transform: OptionCheck.integer(1...3_600_000))
    var pingIntervalMs = 1000

    @Option(
        name: .customLong("ping-timeout-s"), parsing: .unconditional,
        help: "Seconds after which a player that has bounced pings, and then bounces none, is disconnected (\"ping timeout\"); players that never bounce are exempt. 0: never. Default: 15.",
        transform: OptionCheck.number(0.001...86_400, zeroMeansOff: true)
    )
    var pingTimeoutS: Double = 15

    @Option(
        name: .customLong("resume-grace-s"), parsing: .unconditional,
        help: "Seconds a player reaped by the ping timeout may come back as itself with its resume token; nobody else takes its name meanwhile. 0: none. Default: 120.",
        transform: OptionCheck.number(0.001...86_400, zeroMeansOff: true)
    )
    var resumeGraceS: Double = 120

    @Option(parsing: .unconditional, help: "The most players logged in at once (1 to 1000000). Default: 20000.", transform: OptionCheck.integer(1...1_000_000))
    var maxPlayers = 20_000

    @Option(parsing: .unconditional, help: "With more players than this, each player sees only this many most recently active others (1 to 100000). Default: 64.",
            transform: OptionCheck.integer(1...100_000))
    var maxVisible = 64

    @Option(help: ArgumentHelp("The shared world's size in points, announced to every player (1 to 1000000 each way). Default: 800x600.", valueName: "WxH"),
            transform: WorldOption.parse)
    var world = WorldOption.original

    @Option(name: .customLong("login-timeout-s"), parsing: .unconditional, help: "Seconds a new game connection has to log in (at most 3600). Default: 5.",
            transform: OptionCheck.number(0.001...3600))
    var loginTimeoutS: Double = 5

    @Option(name: .customLong("stats-interval-s"), parsing: .unconditional,
            help: "Seconds between two checks for a stats log line (written only when something changed); 0: none. Default: 10.",
            transform: OptionCheck.number(0.001...86_400, zeroMeansOff: true))
    var statsIntervalS: Double = 10

    @Option(
        name: .customLong("login-failures"), parsing: .unconditional,
        help: "Failed logins from one address within --login-failure-window-s that start a penalty; 0: no penalty. Default: 5.",
        transform: OptionCheck.integer(0...1_000_000)
    )
    var loginFailures = 5

    @Option(
        name: .customLong("login-failures-per-block"), parsing: .unconditional,
        help: "Failed logins from one network block (see --ipv4-block-bits) within --login-failure-window-s that penalise the whole block. Default: 20.",
        transform: OptionCheck.integer(1...1_000_000)
    )
    var loginFailuresPerBlock = 20

    @Option(
        name: .customLong("ipv4-block-bits"), parsing: .unconditional,
        help: "The leading bits of an IPv4 address that make the network block its failed logins also count against (as OpenSSH's PerSourceNetBlockSize); 32: each address alone. Default: 24.",
        transform: OptionCheck.integer(0...32)
    )
    var ipv4BlockBits = 24

    @Option(
        name: .customLong("ipv6-block-bits"), parsing: .unconditional,
        help: "The leading bits of an IPv6 address that make its network block; 128: each address alone. Default: 64.",
        transform: OptionCheck.integer(0...128)
    )
    var ipv6BlockBits = 64

    @Option(name: .customLong("login-failure-window-s"), parsing: .unconditional, help: "Seconds in which failed logins from one address are counted. Default: 10.",
            transform: OptionCheck.number(0.001...86_400))
    var loginFailureWindowS: Double = 10

    @Option(
        name: .customLong("login-penalty-s"), parsing: .unconditional,
        help: "Seconds every login from a penalised address is refused; each further penalty doubles. Default: 5.",
        transform: OptionCheck.number(0.001...86_400)
    )
    var loginPenaltyS: Double = 5

    @Option(name: .customLong("login-penalty-max-s"), parsing: .unconditional, help: "The longest penalty, in seconds (at least --login-penalty-s). Default: 300.",
            transform: OptionCheck.number(0.001...86_400))
    var loginPenaltyMaxS: Double = 300

    @Option(
        name: .customLong("max-pending-per-address"), parsing: .unconditional,
        help: "Connections from one address that may wait to log in at once; more are refused. 0: no limit. Default: 128.",
        transform: OptionCheck.integer(0...1_000_000)
    )
    var maxPendingPerAddress = 128

    @Option(parsing: .unconditional, help: "Boxes in the shared world, which players drag with the left button (0 to 100000); 0: none. Default: 0.",
            transform: OptionCheck.integer(0...100_000))
    var shapes = 0

    @Option(parsing: .unconditional, help: "The seed that places and sizes the boxes: the same seed, the same world. Default: 1.",
            transform: OptionCheck.seed)
    var seed: UInt64 = 1

    @Option(name: .customLong("tick-hz"), parsing: .unconditional,
            help: "Ticks per second of the boxes' simulation (1 to 1000); it runs only while something moves. Default: 20.",
            transform: OptionCheck.integer(1...1000))
    var tickHz = 20

    @Option(parsing: .unconditional, help: "Serve Prometheus metrics at http://HOST:PORT/metrics on this port; 0 picks a free one. Default: none.",
            transform: OptionCheck.port)
    var metricsPort: Int?

    @OptionGroup(title: "SSH")
    var ssh: SSHOptions

    @Option(
        name: .customLong("web-port"), parsing: .unconditional,
        help: "Also serve the game to browsers on this port (0: any free one), at http://HOST:PORT/ on the --host address (loopback by default). Plain HTTP: on any other address, the password crosses the network in the clear.",
        transform: OptionCheck.port
    )
    var webPort: Int?

    @Option(help: "The least severe log level shown: trace, debug, info, notice, warning, error or critical.")
    var logLevel: Logger.Level = .info

    /// The rules between options (each option's own range is checked as it is parsed).
    func validate() throws {
        try OptionCheck.number(loginPenaltyMaxS, "--login-penalty-max-s", in: loginPenaltyS...86_400, because: "at least --login-penalty-s")
        if port == nil { _ = try DefaultPort.value() }
    }

    func run() async throws {
        let logger = SanitizingLogHandler.logger(label: "mousy.serve", level: logLevel) { StreamLogHandler.standardError(label: $0) }
        var configuration = ServerConfiguration()
        configuration.host = host
        configuration.port = try port ?? DefaultPort.value()
        let (password, passwordSource) = (self.password.resolved, self.password.source)
        configuration.password = password
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
        let ssh = self.ssh.sshPort.map {
            SSHService(
                game: server, sshPort: $0, hostKeyPath: self.ssh.sshHostKey, password: configuration.password,
                loginGrace: self.ssh.loginGrace, logger: logger)
        }
        let web = webPort.map { WebService(game: server, webPort: $0, logger: logger) }
        let group = ServiceGroup(configuration: .init(
            services: [.init(service: server, serviceName: "mousy dev server")]
                + (ssh.map { [.init(service: $0, serviceName: "mousy ssh server")] } ?? [])
                + (web.map { [.init(service: $0, serviceName: "mousy web front")] } ?? []),
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
                    print(listening.announcement(host: host, passwordHint: passwordSource.hint).joined(separator: "\n"))
                }
                if let web, let front = try await web.listening() {
                    print("Web page on http://\(host.contains(":") ? "[\(host)]" : host):\(front.port)/")
                }
                fflush(nil)  // stdout may be a pipe: whoever waits for this line gets it now
            }
        } catch let error as WebError {
            printError(error.description)
            throw ExitCode.failure
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
        case .cannotListen(let host, let port, let reason) where reason.contains("Permission denied"):
            "Cannot listen on \(host):\(port): \(reason); ports below 1024 need privileges: choose another with --port."
        case .cannotListen(let host, let port, let reason):
            // Any other reason (EADDRNOTAVAIL: "Cannot assign requested address") is --host's too.
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
