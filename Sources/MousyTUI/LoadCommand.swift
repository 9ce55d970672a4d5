import ArgumentParser
import DevServer
import Dispatch
import Foundation
import GameUI
import Load
import Logging
import Messages
import NIOCore
import NIOPosix
import Net
import ServiceLifecycle

/// `mousy load`: a bounded load generator for any server speaking the protocol.
struct LoadCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "load",
        abstract: "Log in many players against a server, keep them busy for a while, and report.",
        discussion: """
            Every player logs in with its own name (PREFIX0, PREFIX1, ...), bounces every \
            ping, reads everything it is sent, and sends MouseMove at --rate per second (0: as \
            fast as the socket takes). The run stops by itself after --duration seconds, or at \
            Ctrl-C, says goodbye for every player and prints what it measured. Progress goes \
            to standard error once a second.
            """
    )

    @OptionGroup(title: "Connection")
    var connection: ConnectionOptions

    @Option(parsing: .unconditional, help: "How many players to log in (1 to 50000). Default: 10.", transform: OptionCheck.integer(1...50_000))
    var clients: Int = 10

    @Option(parsing: .unconditional, help: "MouseMove frames per second per player (0 to 10000; 0 sends as fast as the socket takes). Default: 10.",
            transform: OptionCheck.number(0...10_000, unit: "frames per second"))
    var rate: Double = 10

    @Option(parsing: .unconditional, help: "Seconds the whole run lasts, logins included (at most 3600). Default: 10.", transform: OptionCheck.number(0.001...3600))
    var duration: Double = 10

    @Option(parsing: .unconditional, help: "Seconds over which to spread the connections (shorter than --duration); 0 connects them all in one burst. Default: 0.",
            transform: OptionCheck.number(0...3600))
    var ramp: Double = 0

    @Option(help: "Prefix of the players' names.")
    var userPrefix: String = "load"

    @Option(parsing: .unconditional, help: "The ping interval in milliseconds to expect from a server that sends no LOGIN_RESULT. Default: 1000.",
            transform: OptionCheck.integer(1...3_600_000))
    var pingIntervalMs: Int = 1000

    @Option(parsing: .unconditional, help: ArgumentHelp(
        "How many of the players drag the server's boxes (at most --clients): each presses the left button over a box it was sent as free, drags it for 30 moves (3 s at 10 Hz), and lets go. Default: 0.",
        valueName: "players"),
        transform: OptionCheck.integer(0...50_000))
    var drag = 0

    @Option(
        name: .customLong("source-addresses"), parsing: .unconditional,
        help: ArgumentHelp(
            "Connect from this many loopback addresses, 127.0.0.1 up (a server on 127.x only), so that its per-address caps see that many hosts. Default: one address per 64 clients. 1: the system's choice.",
            valueName: "n"),
        transform: OptionCheck.integer(1...250))
    var sourceAddresses: Int?

    @Option(parsing: .unconditional, help: ArgumentHelp(
        "How many of the players (at most --clients) connect over WebSocket to --web-port, as browser pages do, speaking the page's JSON frames. Default: 0.",
        valueName: "players"),
        transform: OptionCheck.integer(0...50_000))
    var web = 0

    @Option(name: .customLong("web-port"), parsing: .unconditional,
            help: ArgumentHelp("The port of the server's web front (mousy serve --web-port), on --server's host, for the --web players.", valueName: "port"),
            transform: OptionCheck.integer(1...65_535))
    var webPort: Int?

    @Flag(help: "Send no MouseMove at all: idle players that only bounce pings (ignores --rate).")
    var idle = false

    @Flag(help: "Print the report as one JSON object.")
    var json = false

    /// Clients per source address by default: half the server's default cap of
    /// connections from one address waiting to log in (128).
    static let clientsPerSource = 64

    /// The rules between options (each option's own range is checked as it is parsed).
    func validate() throws {
        if ramp > 0, ramp >= duration {
            throw ValidationError("The value '\(OptionCheck.format(ramp))' is invalid for '--ramp': it must be shorter than --duration (\(OptionCheck.format(duration)) s).")
        }
        if drag > clients {
            throw ValidationError("The value '\(drag)' is invalid for '--drag': it must be at most --clients (\(clients)).")
        }
        if web > clients {
            throw ValidationError("The value '\(web)' is invalid for '--web': it must be at most --clients (\(clients)).")
        }
        if web > 0, webPort == nil {
            throw ValidationError("Missing '--web-port': the --web players need the server's web front port (mousy serve --web-port).")
        }
        if drag > 0, idle || rate == 0 {
            throw ValidationError("The value '\(drag)' is invalid for '--drag': draggers move at a rate, so it needs a --rate above 0 and no --idle.")
        }
    }

    /// The addresses to connect from: on a 127.x server, 127.0.0.1 to 127.0.0.N.
    func sources(for address: ServerAddress) -> [String] {
        guard address.host.hasPrefix("127.") else { return [] }
        let count = sourceAddresses ?? min(250, max(1, (clients + Self.clientsPerSource - 1) / Self.clientsPerSource))
        return count <= 1 ? [] : (1...count).map { "127.0.0.\($0)" }
    }

    func run() async throws {
        let address = try connection.addressOrLocal()
        let password = connection.resolvedPassword
        // As play and watch do: say what listens there before loading it.
        switch GameProbe.probe(address, username: "\(userPrefix)0", password: password) {
        case .nothingListening:
            Self.printError("Nothing listens on \(address): start the server first (mousy serve), or give --server.")
            throw ExitCode.failure
        case .notAGameServer:
            Self.printError(ConnectionFailure.notAGameServer(address))
            throw ExitCode.failure
        case .unreachable(let sentence):
            Self.printError(sentence)
            throw ExitCode.failure
        case .refused(let reason) where reason == RefusalReason.badCredentials.rawValue:
            Self.printError(RefusalAdvice.sentence("The server refused the login: \(reason)."))
            throw ExitCode.failure
        case .accepted, .acceptedUnchecked, .nameTaken, .refused, .closedSilently:
            break  // a game server: the run reports every refusal with its reason
        }
        if let limit = OpenFileLimit.raiseToHardLimit(), limit < clients + 64 {
            FileHandle.standardError.write(Data("warning: only \(limit) file descriptors allowed; some of \(clients) connections will fail.\n".utf8))
        }
        signal(SIGPIPE, SIG_IGN)

        let group = MultiThreadedEventLoopGroup(numberOfThreads: System.coreCount)
        var configuration = LoadConfiguration(
            host: address.host,
            port: address.port,
            clients: clients,
            rateHz: idle ? nil : rate,
            duration: .nanoseconds(Int64(duration * 1e9)),
            ramp: .nanoseconds(Int64(ramp * 1e9)),
            userPrefix: userPrefix,
            password: password,
            defaultPingInterval: .milliseconds(Int64(pingIntervalMs))
        )
        configuration.draggers = drag
        configuration.sourceAddresses = sources(for: address)
        configuration.webClients = web
        configuration.webPort = webPort ?? 0
        let generator = LoadGenerator(configuration: configuration, group: group)

        // A ServiceGroup owns SIGINT and SIGTERM: either ends the run early, and the
        // report covers what ran.
        let clients = self.clients
        let run = BlockingService(
            body: {
                var previous: LoadGenerator.Progress?
                return generator.run { progress in
                    let line = LoadProgressLine.text(progress, previous: previous, clients: clients)
                    previous = progress
                    FileHandle.standardError.write(Data((line + "\n").utf8))
                }
            },
            stop: { generator.requestStop() }
        )
        let services = ServiceGroup(configuration: .init(
            services: [.init(service: run, successTerminationBehavior: .gracefullyShutdownGroup, serviceName: "mousy load")],
            gracefulShutdownSignals: [.sigint, .sigterm],
            logger: Logger(label: "mousy.load") { _ in SwiftLogNoOpLogHandler() }
        ))
        do {
            try await services.run()
        } catch {
            try? await group.shutdownGracefully()
            throw error
        }
        try? await group.shutdownGracefully()
        guard let report = run.result else { throw ExitCode.failure }

        if json {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys]
            print(String(decoding: try encoder.encode(report), as: UTF8.self))
        } else {
            print(report.text)
            for line in LoadAdvice.lines(for: report.refusalsByCount) { print(line) }
        }
        if report.loggedIn == 0 {
            if report.notAGame > 0 { throw LoadError(ConnectionFailure.notAGameServer(address)) }
            let why = report.refusalsByCount.first.map { ": \($0.count) refused with \"\($0.kind)\"" + (LoadAdvice.fix(for: $0.kind).map { "; \($0)" } ?? "") } ?? ""
            throw LoadError("No player could log in to \(address) (\(report.refused) refused, \(report.connectFailed) could not connect)\(why).")
        }
    }

    private static func printError(_ line: String) {
        FileHandle.standardError.write(Data("Error: \(line)\n".utf8))
    }
}

/// Why `mousy load` ended without a useful run, as one sentence.
struct LoadError: Error, CustomStringConvertible {
    let description: String

    init(_ description: String) {
        self.description = description
    }
}
