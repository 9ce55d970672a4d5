import ArgumentParser
import Dispatch
import GameUI
import Logging
import Messages
import Net
import ServiceLifecycle

#if canImport(Glibc)
import Glibc
#endif

/// `mousy watch`: a headless spectator that logs in and prints one line per ping, and who
/// comes and goes (and with `--cursors`, every cursor). On a Mousy server it is not a
/// player: nobody sees it listed or counts it. An original server knows no spectators:
/// there it logs in as a player.
struct WatchCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "watch",
        abstract: "Watch a game without a screen: a line for every ping, and for each player who comes and goes.",
        discussion: """
            Prints the original client's line plus the round trip for each ping, e.g.
            "Received packet of type: 3, len: 9, rtt: 0.41 ms", "NAME is playing" the first
            time a player is seen, "NAME left (REASON)", and with --cursors every cursor
            ("NAME 400,300", L or R for a button held), and with --shapes each box picked up
            or dropped ("NAME picked up box 3 at 10,20") and the world settled ("world
            settled: 12 boxes, 0 held", once no box moved for a ping). A Mousy server
            takes watch for a spectator: it is not listed to the players or counted among
            them. Status goes to stderr.
            After an established session drops, it reconnects by itself; a first connect
            that fails or a refused login ends it with one sentence and exit status 1.
            Ctrl-C says goodbye to the server and exits 0.
            """
    )

    @OptionGroup(title: "Connection")
    var connection: ConnectionOptions

    @Option(help: ArgumentHelp(
        "The name to log in with, exactly (\(UserName.limits)). Default: watcher, or the next free watcherN when that one is playing.",
        valueName: "name"))
    var user: String?

    @Option(parsing: .unconditional, help: "Exit (status 0) after this many pings (1 or more).",
            transform: OptionCheck.integer(1...1_000_000_000))
    var count: Int?

    @Flag(help: "Also print every cursor the server sends (NAME X,Y, with L or R for a button held).")
    var cursors = false

    @Flag(help: "Log the client's connection steps on stderr.")
    var verbose = false

    @Flag(help: "Print a line each time a player picks up or drops a box of the world, and when it settles.")
    var shapes = false

    func validate() throws {
        if let user {
            try ConnectionOptions.validate(user: user)
        }
    }

    func run() async throws {
        let address = try connection.addressOrLocal()
        let password = connection.resolvedPassword
        var user = self.user ?? DefaultName.watcher
        if self.user == nil {
            // Watching beside players never takes a name that is playing.
            let (answer, free) = GameProbe.findSeat(address, username: user, password: password, automaticName: true, spectator: true)
            if answer == .notAGameServer {
                Self.printError(ConnectionFailure.notAGameServer(address))
                throw ExitCode.failure
            }
            if let refusal = answer.refusal {
                Self.printError(RefusalAdvice.sentence(refusal))
                throw ExitCode.failure
            }
            user = free
        }
        let configuration = Self.configuration(address, user: user, password: password)
        let logger = SanitizingLogHandler.logger(label: "mousy.watch", level: verbose ? .info : .error) {
            StreamLogHandler.standardError(label: $0)
        }

        let queue = ClientQueue()
        let client = GameClient(configuration: configuration, queue: queue, logger: logger)

        // A ServiceGroup owns SIGINT and SIGTERM: either says goodbye, and the process
        // exits 0 once the client has stopped.
        let (verbose, count, watcher, shapes, cursors) = (self.verbose, self.count, user, self.shapes, self.cursors)
        client.start()
        let loop = BlockingService(
            body: {
                Self.printEvents(of: queue, address: address, user: watcher, count: count, verbose: verbose, shapes: shapes, cursors: cursors)
            },
            stop: { queue.send(.quit) }
        )
        let group = ServiceGroup(configuration: .init(
            services: [.init(service: loop, successTerminationBehavior: .gracefullyShutdownGroup, serviceName: "mousy watch")],
            gracefulShutdownSignals: [.sigint, .sigterm],
            logger: logger
        ))
        try await group.run()
        let quitAsked = queue.isQuitRequested  // Ctrl-C or --count, before stop() asks too
        client.stop()
        if loop.result ?? true, !quitAsked {
            throw ExitCode.failure
        }
    }

    /// A watcher's client: logged in as a spectator, reconnecting as a player's does.
    static func configuration(_ address: ServerAddress, user: String, password: String) -> ClientConfiguration {
        var configuration = ClientConfiguration(server: address, username: user, password: password)
        configuration.spectator = true
        return configuration
    }

    /// Prints the client's events until it stops; returns true when it ended on a failure.
    static func printEvents(
        of queue: ClientQueue, address: ServerAddress, user: String, count: Int?, verbose: Bool, shapes: Bool = false,
        cursors: Bool = false
    ) -> Bool {
        var objects = WorldObjects()
        var pings = 0
        var players = WatchedPlayers()
        var failure: String?
        var running = true
        while running {
            var wake = pollfd(fd: queue.wakeFileDescriptor, events: Int16(POLLIN), revents: 0)
            guard poll(&wake, 1, -1) >= 0 || errno == EINTR else { break }
            for event in queue.takeEvents() {
                switch event {
                case .connecting(let server, let attempt):
                    if attempt > 1 || verbose { Self.printStatus("Connecting to \(server) (attempt \(attempt))…") }
                case .loggedIn(let welcome):
                    failure = nil
                    objects.removeAll()  // the server sends the whole world again
                    players = WatchedPlayers()  // a new session hears everyone anew
                    Self.printStatus("Logged in to \(address) as \(user)" + (welcome.map { ", \($0.playersOnline) online." } ?? "."))
                case .ping(let report):
                    // Pings that come in while the goodbye goes out are not printed: --count is exact.
                    if let count, pings >= count { continue }
                    let line = "Received packet of type: 3, len: \(report.length), rtt: \(Self.milliseconds(report.roundTripMicros))"
                    guard Self.writeLine(line, to: STDOUT_FILENO) else {
                        queue.send(.quit)  // nobody reads our output any more (`| head`): say goodbye
                        continue
                    }
                    pings += 1
                    if shapes, let settled = objects.settledLine() { Self.writeLine(settled, to: STDOUT_FILENO) }
                    if let count, pings >= count { queue.send(.quit) }
                case .refused(let reason):
                    failure = reason
                    Self.printStatus(RefusalAdvice.sentence(NetworkText.sanitized(reason)))
                case .disconnected(let reason):
                    failure = reason
                    Self.printStatus(NetworkText.sanitized(reason))
                case .reconnecting(let delay):
                    failure = nil
                    Self.printStatus("Reconnecting in \(Double(delay.nanoseconds / 1_000_000) / 1000) s…")
                case .message(.gameObject(let object)):
                    let (accepted, previous) = objects.update(object)
                    if shapes, accepted, let line = WorldObjects.line(from: previous, to: object) {
                        Self.writeLine(line, to: STDOUT_FILENO)
                    }
                case .message(let message):
                    // The screen's own line for it, when it has one (GameUI).
                    if let line = GameState.line(for: message) { Self.writeLine(line, to: STDOUT_FILENO) }
                case .cursor(let cursor):
                    for line in players.lines(for: cursor, everyCursor: cursors) { Self.writeLine(line, to: STDOUT_FILENO) }
                case .playerLeft(let username, let reason):
                    if let line = players.left(username, reason: reason) { Self.writeLine(line, to: STDOUT_FILENO) }
                case .stopped:
                    running = false
                }
            }
        }
        return failure != nil
    }

    /// `0.41 ms`, or `-` when no round trip is known yet.
    static func milliseconds(_ micros: UInt64?) -> String {
        guard let micros else { return "-" }
        let hundredths = (micros + 5) / 10
        let fraction = hundredths % 100
        return "\(hundredths / 100).\(fraction < 10 ? "0" : "")\(fraction) ms"
    }

    static func printStatus(_ line: String) {
        writeLine(line, to: STDERR_FILENO)
    }

    static func printError(_ line: String) {
        writeLine(line, to: STDERR_FILENO)
    }

    /// Writes one whole line at once, unbuffered, so lines reach a pipe as they happen.
    /// Returns false when the output is gone (a closed pipe is an error, EPIPE, since
    /// SIGPIPE is ignored, never a signal).
    @discardableResult
    static func writeLine(_ line: String, to fd: Int32) -> Bool {
        var bytes = Array((line + "\n").utf8)
        var offset = 0
        while offset < bytes.count {
            let written = bytes.withUnsafeMutableBytes { write(fd, $0.baseAddress! + offset, $0.count - offset) }
            if written < 0 && errno == EINTR { continue }
            guard written > 0 else { return false }
            offset += written
        }
        return true
    }
}
