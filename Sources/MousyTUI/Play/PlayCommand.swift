import ArgumentParser
import DevServer
import GameUI
import Logging
import Messages
import NIOCore
import NIOPosix
import Net
import SSHFront

#if canImport(Glibc)
import Glibc
#endif

/// `mousy play` (and plain `mousy`): the ncurses front. Without `--server` it joins the
/// game on this machine, starting one in the background (``HostedGame``) when none runs.
struct PlayCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "play",
        abstract: "Play in this terminal: join the game on this machine or host it, or play on any server with --server.",
        discussion: """
            Without --server, mousy joins the game on 127.0.0.1:7777 when a Mousy server \
            answers there, and otherwise starts one in the background and plays on it. That \
            game outlives this mousy: it runs while anyone plays and ends by itself 60 s \
            (--end-when-empty-s) after the last player leaves. The status pane says which \
            ("joined the game on 7777" or "started the game on 7777 · it ends …"). So a \
            second terminal running plain `mousy` joins the first one's game, as the next \
            free name (player2, …), and plays on when the first quits. $MOUSY_PORT changes \
            the default port.

            Keys: q quits, ? shows help, m toggles mouse capture (off lets you select text).
            Logs go to $XDG_CACHE_HOME/mousy/ (default ~/.cache/mousy/): server-PORT.log and client.log.
            """
    )

    @OptionGroup(title: "Connection")
    var connection: ConnectionOptions

    @Option(help: ArgumentHelp(
        "The name to play as, exactly (\(UserName.limits)). Default: player1, or the next free playerN when that one is playing.",
        valueName: "name"))
    var user: String?

    @Option(parsing: .unconditional, help: "The port of the game on this machine, joined or hosted (0: host on any free one). Default: $MOUSY_PORT, else 7777.",
            transform: OptionCheck.port)
    var port: Int?

    @Option(help: ArgumentHelp("The world size in points of a game this mousy starts (default 800x600, the original client's window).", valueName: "WxH"),
            transform: WorldOption.parse)
    var world: WorldOption?

    @Option(parsing: .unconditional, help: "Boxes in the world of a game this mousy starts, dragged with the left button (0 to 1000; 0: none). Default: \(Self.defaultShapes).",
            transform: OptionCheck.integer(0...1000))
    var shapes: Int?

    /// The boxes of a game this mousy starts, unless told otherwise: a few to push around.
    static let defaultShapes = 12

    @Option(name: .customLong("end-when-empty-s"), parsing: .unconditional, help: ArgumentHelp(
        "A game this mousy starts ends this many seconds after its last player leaves (default 60).", valueName: "seconds"),
        transform: OptionCheck.number(HostedGame.endWhenEmptyRange))
    var endWhenEmptyS: Double?

    @Option(name: .customLong("web-port"), parsing: .unconditional, help: ArgumentHelp(
        "Also serve a game this mousy starts to browsers on this port (0: any free one), at http://127.0.0.1:PORT/.", valueName: "port"),
        transform: OptionCheck.port)
    var webPort: Int?

    @OptionGroup(title: "SSH (a game this mousy starts)")
    var ssh: SSHOptions

    func validate() throws {
        if connection.server != nil, ssh.sshPort != nil {
            throw ValidationError("--ssh-port serves a game this mousy starts over SSH; leave it out with --server.")
        }
        if connection.server != nil, webPort != nil {
            throw ValidationError("--web-port serves a game this mousy starts to browsers; leave it out with --server.")
        }
        if connection.server != nil, endWhenEmptyS != nil {
            throw ValidationError("--end-when-empty-s is for a game this mousy starts; leave it out with --server.")
        }
        if connection.server != nil, port != nil {
            throw ValidationError("--port is the port of the game on this machine; leave it out with --server.")
        }
        if connection.server != nil, world != nil {
            throw ValidationError("--world sets the world of a game this mousy starts; leave it out with --server (the server says its size).")
        }
        if let user {
            try ConnectionOptions.validate(user: user)
        }
        if connection.server == nil, port == nil {
            _ = try DefaultPort.value()
        }
    }

    func run() throws {
        guard isatty(STDIN_FILENO) == 1, isatty(STDOUT_FILENO) == 1 else {
            throw PlayError("mousy play needs a terminal: run it in one, not with its input or output redirected.")
        }
        // Fail before probing or hosting anything: the terminal must be able to show the game.
        try Terminal.checkCapabilities()
        // The password for the client, and when hosting the one the server asks of everyone.
        let password = connection.resolvedPassword
        let logDirectory = LogFiles.directory()
        let address: ServerAddress
        var username = user ?? DefaultName.player
        var note: String?
        var noteWarns = false
        if let server = connection.address {
            address = server
            if user == nil {
                // Find a free name; this also tells a game server from another program.
                let (answer, free) = GameProbe.findSeat(address, username: username, password: password, automaticName: true)
                if answer == .notAGameServer { throw PlayError(ConnectionFailure.notAGameServer(address)) }
                if let refusal = answer.refusal { throw PlayError(Self.failure(refusal, address: address)) }
                username = free
                if answer == .acceptedUnchecked { note = DefaultName.uniqueNote(free) }
            }
        } else {
            let hosting = LocalGame.Hosting(
                password: password, world: world ?? .original, shapes: shapes ?? Self.defaultShapes,
                endWhenEmpty: endWhenEmptyS ?? HostedGame.defaultEndWhenEmpty,
                logDirectory: logDirectory, sshPort: ssh.sshPort, sshHostKey: ssh.sshHostKey,
                sshLoginGrace: ssh.sshLoginGraceS, passwordSource: connection.passwordSource, webPort: webPort)
            let game = try LocalGame.joinOrHost(
                port: port ?? DefaultPort.value(), explicitPort: port != nil,
                username: username, automaticName: user == nil, hosting: hosting)
            address = game.address
            username = game.username
            note = game.note
            noteWarns = game.noteWarns
            if ssh.sshPort != nil, !game.started {
                throw PlayError("--ssh-port serves a game this mousy starts, but it joined the one already running at \(address); run that game with mousy serve --ssh-port instead.")
            }
            if webPort != nil, !game.started {
                throw PlayError("--web-port serves a game this mousy starts, but it joined the one already running at \(address); run that game with mousy serve --web-port instead.")
            }
            if let page = game.webPort {
                // As `serve` says it; left above the game in the terminal, and in the game's log.
                print("Web page on http://127.0.0.1:\(page)/")
                fflush(nil)
                note = [note, "page http://127.0.0.1:\(page)/"].compactMap { $0 }.joined(separator: "; ")
            }
            if let sshPort = game.sshPort {
                // Also left above the game in the terminal; the game's log has it too.
                print(game.sshAnnouncement.joined(separator: "\n"))
                fflush(nil)
                note = [note, SSHServer.joinCommand(host: address.host, port: sshPort)].compactMap { $0 }.joined(separator: "; ")
            }
        }

        // Every mousy on the machine appends to one client.log: each line names its process and player.
        let (clientLogger, _) = LogFiles.logger(label: "mousy.client[\(getpid())]", file: "client.log", in: logDirectory)
        let makeClient = { (name: String) -> (GameClient, ClientQueue) in
            var configuration = ClientConfiguration(server: address, username: name, password: password)
            configuration.reconnect = true
            let queue = ClientQueue()
            var logger = clientLogger
            logger[metadataKey: "player"] = "\(NetworkText.sanitized(name))"
            return (GameClient(configuration: configuration, queue: queue, logger: logger), queue)
        }
        let (client, queue) = makeClient(username)
        var state = GameState(username: username, serverAddress: address.description, serverNote: note)
        state.serverNoteWarns = noteWarns
        // With no --user, a name taken between the trial login and ours moves on to the next.
        let session = PlaySession(client: client, queue: queue, state: state, clientForName: user == nil ? makeClient : nil)
        let outcome = try session.run()
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
        var text = RefusalAdvice.sentence(NetworkText.sanitized(reason)).trimmingSuffix(".")
        if text.contains(address.description) {
            return text.prefix(1).uppercased() + text.dropFirst() + "."
        }
        if let first = text.first, first.isUppercase {
            text = first.lowercased() + text.dropFirst()
        }
        return "Cannot play on \(address): \(text)."
    }
}
