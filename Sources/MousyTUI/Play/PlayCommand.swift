import ArgumentParser
import DevServer
import Logging
import Messages
import Net
import NIOCore
import NIOPosix

#if canImport(Glibc)
import Glibc
#endif

/// `mousy play` (and plain `mousy`): the ncurses front. Without `--server` it starts the
/// dev server in this process and plays on it.
struct PlayCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "play",
        abstract: "Play in this terminal: on the embedded dev server, or on any server with --server.",
        discussion: """
            Without --server, mousy starts the dev server in-process on 127.0.0.1:7777 (on a \
            free port when 7777 is taken; the status pane shows which) and plays on it, so \
            others on this machine can join with `mousy play --server 127.0.0.1:7777 --user player2`.

            Keys: q quits, ? shows help, m toggles mouse capture (off lets you select text).
            Logs go to $XDG_CACHE_HOME/mousy/ (default ~/.cache/mousy/): server.log and client.log.
            """
    )

    @OptionGroup(title: "Connection")
    var connection: ConnectionOptions

    @Option(help: "The name to play as.")
    var user: String = "player1"

    @Option(help: "The embedded server's port (0: any free one). Default: 7777, or a free port when 7777 is taken.")
    var port: Int?

    func validate() throws {
        if connection.server != nil, port != nil {
            throw ValidationError("--port sets the embedded server's port; leave it out with --server.")
        }
        if let port, !(0...65_535).contains(port) {
            throw ValidationError("The port must be between 0 and 65535, not \(port).")
        }
        try ConnectionOptions.validate(user: user)
    }

    func run() throws {
        guard isatty(STDIN_FILENO) == 1, isatty(STDOUT_FILENO) == 1 else {
            throw PlayError("mousy play needs a terminal: run it in one, not with its input or output redirected.")
        }
        let logDirectory = LogFiles.directory()
        var embedded: EmbeddedServer?
        let address: ServerAddress
        var note: String?
        // The password for the client, and with the embedded server the one it asks of everyone.
        let password = connection.resolvedPassword
        if let server = connection.address {
            address = server
        } else {
            let started = try EmbeddedServer.start(port: port, password: password, logDirectory: logDirectory)
            embedded = started
            address = ServerAddress(host: started.host, port: started.port)
            note = started.note
        }
        defer { embedded?.shutdown() }

        var configuration = ClientConfiguration(server: address, username: user, password: password)
        configuration.reconnect = true
        let (clientLogger, _) = LogFiles.logger(label: "mousy.client", file: "client.log", in: logDirectory)
        let queue = ClientQueue()
        let client = GameClient(configuration: configuration, queue: queue, logger: clientLogger)
        let state = GameState(username: user, serverAddress: address.description, serverNote: note)
        let outcome = try PlaySession(client: client, queue: queue, state: state).run()
        switch outcome {
        case .quit:
            return
        case .hangUp:
            throw ExitCode(129)
        case .signal(let number):
            throw ExitCode(128 + number)
        case .failed(let reason):
            throw PlayError(Self.failure(reason, address: address))
        }
    }

    /// One sentence for a failure to get in: the network's reason, naming the server.
    static func failure(_ reason: String, address: ServerAddress) -> String {
        var text = NetworkText.sanitized(reason).trimmingSuffix(".")
        if text.contains(address.description) {
            return text.prefix(1).uppercased() + text.dropFirst() + "."
        }
        if let first = text.first, first.isUppercase {
            text = first.lowercased() + text.dropFirst()
        }
        return "Cannot play on \(address): \(text)."
    }
}
