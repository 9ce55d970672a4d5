import ArgumentParser
import DevServer
import Logging
import SSHFront
import ServiceLifecycle

#if canImport(Glibc)
import Glibc
#endif

/// `mousy hosted-game` (not listed): the game a bare `mousy` starts when it finds none
/// (``HostedGame`` starts it, detached, in a session of its own). It serves on 127.0.0.1,
/// logs to `server-PORT.log`, says on the descriptor `--ready-fd` that it listens (or why
/// not), and ends by itself once nobody has played for `--end-when-empty-s` seconds. The
/// password comes from `$MOUSY_PASSWORD`, never the command line (which anyone may read).
struct HostedGameCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "hosted-game",
        abstract: "The game a bare mousy starts in the background (not for use by hand).",
        shouldDisplay: false
    )

    @Option(parsing: .unconditional, transform: OptionCheck.port) var port: Int
    @Option(transform: WorldOption.parse) var world = WorldOption.original
    @Option(parsing: .unconditional, transform: OptionCheck.integer(0...1000)) var shapes = 0
    @Option(name: .customLong("end-when-empty-s"), parsing: .unconditional, transform: OptionCheck.number(HostedGame.endWhenEmptyRange))
    var endWhenEmptyS: Double = HostedGame.defaultEndWhenEmpty
    @Option(name: .customLong("log-directory")) var logDirectory: String
    @Option(name: .customLong("ready-fd")) var readyDescriptor: Int32 = 3
    @Option(name: .customLong("ssh-port"), parsing: .unconditional, transform: OptionCheck.port) var sshPort: Int?
    @Option(name: .customLong("ssh-host-key")) var sshHostKey: String?
    @Option(name: .customLong("ssh-login-grace-s"), parsing: .unconditional, transform: OptionCheck.number(SSHOptions.loginGraceRange))
    var sshLoginGraceS: Double = SSHOptions.defaultLoginGraceS
    @Option(name: .customLong("web-port"), parsing: .unconditional, transform: OptionCheck.port) var webPort: Int?
    /// Where the starter's password came from, so that the join line in the log says what to type.
    @Option(name: .customLong("password-source")) var passwordSource: PasswordSource = .builtIn

    func run() async throws {
        // A reader gone from a socket must not kill the game.
        signal(SIGPIPE, SIG_IGN)
        let password = LogFiles.variable("MOUSY_PASSWORD") ?? "welcome"
        // Named once the port is known; the server logs nothing before it binds.
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
        let delay = Duration.nanoseconds(Int64(endWhenEmptyS * 1e9))
        let ssh = sshPort.map {
            SSHService(game: server, sshPort: $0, hostKeyPath: sshHostKey, password: password,
                       loginGrace: SSHOptions.loginGrace(seconds: sshLoginGraceS), logger: logger)
        }
        let web = webPort.map { WebService(game: server, webPort: $0, logger: logger) }
        let group = ServiceGroup(configuration: .init(
            services: [
                .init(service: server, serviceName: "mousy game server"),
                .init(service: EmptyGameTimer(server: server, delay: delay, logger: logger),
                      successTerminationBehavior: .gracefullyShutdownGroup),
            ] + (ssh.map { [.init(service: $0, serviceName: "mousy ssh server")] } ?? [])
                + (web.map { [.init(service: $0, serviceName: "mousy web front")] } ?? []),
            gracefulShutdownSignals: [.sigint, .sigterm, .sighup],
            logger: logger
        ))
        let ready = readyDescriptor
        var said = false
        do {
            try await withThrowingDiscardingTaskGroup { tasks in
                tasks.addTask { try await group.run() }
                let bound: Int
                do {
                    bound = try await server.listeningPort()
                } catch ServerError.notRunning {
                    return
                }
                let path = logDirectory + "/" + LogFiles.serverLogName(port: bound)
                if sink.open(path: path) { Self.redirectOutput(to: path) }
                logger.info("A hosted game: it ends \(OptionCheck.format(endWhenEmptyS)) s after the last player leaves")
                var sshFields = ""
                if let ssh, let listening = try await ssh.listening() {
                    for line in listening.announcement(host: configuration.host, passwordHint: passwordSource.hint) {
                        logger.info("\(line)")
                    }
                    let key = listening.hostKey
                    sshFields = " \(listening.port) \(key.fingerprint)" + (key.generated ? " new" : "")
                }
                var webFields = ""
                if let web, let front = try await web.listening() {
                    logger.info("Web page on http://\(configuration.host):\(front.port)/")
                    webFields = " web \(front.port)"
                }
                said = true
                Self.say("listening \(bound)" + sshFields + webFields, on: ready)
            }
        } catch {
            guard !said else { throw error }
            switch error {
            case let error as ServerError:
                if case .addressInUse = error {
                    Self.say("in-use", on: ready)
                } else {
                    Self.say("error " + ServeCommand.sentence(for: error), on: ready)
                }
            case let error as SSHError:
                Self.say("error " + error.description, on: ready)
            case let error as WebError:
                Self.say("error " + error.description, on: ready)
            default:
                Self.say("error The game server failed: \(error).", on: ready)
            }
            throw ExitCode.failure
        }
    }

    /// One line to the starter, then the descriptor is closed: it is read to its end.
    private static func say(_ line: String, on descriptor: Int32) {
        let text = line.split(separator: "\n").joined(separator: " ") + "\n"
        _ = text.utf8CString.withUnsafeBufferPointer { write(descriptor, $0.baseAddress, $0.count - 1) }
        close(descriptor)
    }

    /// Standard output and error to the log too: whatever a library prints (or a crash
    /// report) lands beside the server's lines instead of nowhere.
    private static func redirectOutput(to path: String) {
        let descriptor = open(path, O_WRONLY | O_APPEND | O_NOFOLLOW | O_CLOEXEC)
        guard descriptor >= 0 else { return }
        dup2(descriptor, STDOUT_FILENO)
        dup2(descriptor, STDERR_FILENO)
        close(descriptor)
    }
}

extension PasswordSource: ExpressibleByArgument {}
