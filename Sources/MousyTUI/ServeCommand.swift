import ArgumentParser
import DevServer
import Dispatch
import Logging
import NIOCore

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

    @Option(help: "The most players logged in at once.")
    var maxPlayers = 20_000

    @Option(help: "With more players than this, each player sees only this many most recently active others.")
    var maxVisible = 64

    @Option(name: .customLong("login-timeout-s"), help: "Seconds a new connection has to log in.")
    var loginTimeoutS: Double = 5

    @Option(name: .customLong("stats-interval-s"), help: "Seconds between two stats log lines; 0: none.")
    var statsIntervalS: Double = 10

    @Option(help: "The least severe log level shown: trace, debug, info, notice, warning, error or critical.")
    var logLevel: Logger.Level = .info

    func validate() throws {
        guard (0...65_535).contains(port) else { throw ValidationError("The port must be 0 to 65535.") }
        guard pingIntervalMs >= 1 else { throw ValidationError("The ping interval must be at least 1 ms.") }
        guard maxPlayers >= 1 else { throw ValidationError("--max-players must be at least 1.") }
        guard maxVisible >= 1 else { throw ValidationError("--max-visible must be at least 1.") }
        guard loginTimeoutS > 0 else { throw ValidationError("The login timeout must be positive.") }
        guard statsIntervalS >= 0 else { throw ValidationError("The stats interval cannot be negative.") }
    }

    func run() async throws {
        let level = logLevel
        let logger = Logger(label: "mousy.serve") { label in
            var handler = StreamLogHandler.standardError(label: label)
            handler.logLevel = level
            return handler
        }
        var configuration = ServerConfiguration()
        configuration.host = host
        configuration.port = port
        configuration.password = password ?? getenv("MOUSY_PASSWORD").map { String(cString: $0) } ?? "welcome"
        configuration.pingInterval = .milliseconds(Int64(pingIntervalMs))
        configuration.maxPlayers = maxPlayers
        configuration.maxVisible = maxVisible
        configuration.loginTimeout = .nanoseconds(Int64(loginTimeoutS * 1e9))
        configuration.statsInterval = statsIntervalS > 0 ? .nanoseconds(Int64(statsIntervalS * 1e9)) : nil

        // Take the signals before the server runs, so none is lost or kills the process.
        let signals = SignalWaiter(signals: [SIGINT, SIGTERM])
        let server = GameServer(configuration: configuration, logger: logger)
        let boundPort: Int
        do {
            boundPort = try await server.start()
        } catch let error as ServerError {
            printError(error.description)
            throw ExitCode.failure
        }
        print("Server up on \(host):\(boundPort)")
        fflush(nil)  // stdout may be a pipe: whoever waits for this line gets it now

        let signal = await signals.next()
        logger.info("Received \(signal == SIGINT ? "SIGINT" : "SIGTERM"), shutting down")
        await server.shutdown()
    }

    private func printError(_ message: String) {
        let line = message + "\n"
        _ = line.utf8CString.withUnsafeBufferPointer { write(2, $0.baseAddress, $0.count - 1) }
    }
}

extension Logger.Level: @retroactive ExpressibleByArgument {}

/// Turns SIGINT / SIGTERM into an awaitable event (the default action, dying, is disabled).
private final class SignalWaiter {
    private let sources: [any DispatchSourceSignal]
    private let stream: AsyncStream<Int32>

    init(signals: [Int32]) {
        let (stream, continuation) = AsyncStream.makeStream(of: Int32.self)
        self.stream = stream
        self.sources = signals.map { number in
            signal(number, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: number, queue: .global())
            source.setEventHandler { continuation.yield(number) }
            source.resume()
            return source
        }
    }

    func next() async -> Int32 {
        for await signal in stream { return signal }
        return SIGTERM
    }
}
