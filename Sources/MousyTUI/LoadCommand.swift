import ArgumentParser
import DevServer
import Dispatch
import Foundation
import GameUI
import Load
import Logging
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

    @Option(help: "How many players to log in (1 to 50000).")
    var clients: Int = 10

    @Option(help: "MouseMove frames per second per player; 0 sends as fast as the socket takes.")
    var rate: Double = 10

    @Option(help: "Seconds the whole run lasts, logins included (at most 3600).")
    var duration: Double = 10

    @Option(help: "Seconds over which to spread the connections; 0 connects them all in one burst.")
    var ramp: Double = 0

    @Option(help: "Prefix of the players' names.")
    var userPrefix: String = "load"

    @Option(help: "The ping interval in milliseconds to expect from a server that sends no LOGIN_RESULT.")
    var pingIntervalMs: Int = 1000

    @Option(help: ArgumentHelp(
        "How many of the players drag the server's boxes: each presses the left button over a box it was sent as free, drags it for 30 moves (3 s at 10 Hz), and lets go.",
        valueName: "players"))
    var drag = 0

    @Flag(help: "Send no MouseMove at all: idle players that only bounce pings (ignores --rate).")
    var idle = false

    @Flag(help: "Print the report as one JSON object.")
    var json = false

    func validate() throws {
        guard (1...50_000).contains(clients) else { throw ValidationError("--clients must be between 1 and 50000.") }
        guard rate >= 0, rate <= 10_000 else { throw ValidationError("--rate must be between 0 and 10000.") }
        guard duration > 0, duration <= 3600 else { throw ValidationError("--duration must be more than 0 and at most 3600 seconds.") }
        guard ramp >= 0, ramp < duration else { throw ValidationError("--ramp must be at least 0 and shorter than --duration.") }
        guard pingIntervalMs > 0 else { throw ValidationError("--ping-interval-ms must be positive.") }
        guard (0...clients).contains(drag) else { throw ValidationError("--drag must be between 0 and --clients (\(clients)).") }
        guard drag == 0 || (!idle && rate > 0) else { throw ValidationError("--drag needs players that move at a rate: a --rate above 0, without --idle.") }
    }

    func run() async throws {
        let address = connection.address(orElse: ServerAddress(host: "127.0.0.1", port: ServerAddress.defaultPort))
        let password = connection.resolvedPassword
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
        let generator = LoadGenerator(configuration: configuration, group: group)

        // A ServiceGroup owns SIGINT and SIGTERM: either ends the run early, and the
        // report covers what ran.
        let clients = self.clients
        let run = BlockingService(
            body: {
                generator.run { progress in
                    let line = String(
                        format: "%5.1f s  logged in %d/%d  sent %.0f frames  received %.0f frames\n",
                        progress.elapsed, progress.loggedIn, clients, Double(progress.framesSent), Double(progress.framesReceived)
                    )
                    FileHandle.standardError.write(Data(line.utf8))
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
        }
        if report.loggedIn == 0 {
            throw LoadError.nobodyLoggedIn(server: address.description, refused: report.refused, failed: report.connectFailed)
        }
    }
}

enum LoadError: Error, CustomStringConvertible {
    case nobodyLoggedIn(server: String, refused: Int, failed: Int)

    var description: String {
        switch self {
        case .nobodyLoggedIn(let server, let refused, let failed):
            "No player could log in to \(server) (\(refused) refused, \(failed) could not connect)."
        }
    }
}
