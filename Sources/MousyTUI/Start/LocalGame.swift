import Net
import SSHFront

/// How plain `mousy` (no `--server`) gets into a game: it joins the one on
/// 127.0.0.1:PORT when a Mousy or Go-Shapes server answers there, and otherwise starts
/// one (``HostedGame``: a game in the background that outlives this process) and joins
/// that. So a second terminal joins the first, and the first may leave without ending
/// the game for the others.
struct LocalGame {
    /// What a hosted game is started with, besides its port.
    struct Hosting {
        var password: String
        var world: WorldOption = .original
        /// Boxes in its world (0: none).
        var shapes = 0
        /// Seconds the game stays up after its last player left.
        var endWhenEmpty: Double = HostedGame.defaultEndWhenEmpty
        var logDirectory: String
        var sshPort: Int?
        var sshHostKey: String?
        /// Seconds an SSH connection has to authenticate.
        var sshLoginGrace: Double = SSHOptions.defaultLoginGraceS
        /// Where the password came from: the join line says what to type.
        var passwordSource: PasswordSource = .builtIn
        /// Also serve the page on this port (0: any free one).
        var webPort: Int?
    }

    /// Where to play.
    let address: ServerAddress
    /// True when this process started the game.
    let started: Bool
    /// The SSH port of the game this process started, when asked for.
    let sshPort: Int?
    /// What `serve --ssh-port` prints, for the SSH front of the game this process started.
    let sshAnnouncement: [String]
    /// The page's port of the game this process started, when asked for.
    let webPort: Int?
    /// The name to play as (the next free one when the default was taken).
    let username: String
    /// For the status pane: "started the game on 7777 · …", "joined the game on 7777", …
    let note: String
    /// True when the note reports a problem (the port was taken by another program).
    let noteWarns: Bool

    /// Joins or starts the game on `port` (0: starts one on any free port). `explicitPort`:
    /// the port was asked for, so a port held by another program is an error rather than
    /// a reason to host elsewhere.
    static func joinOrHost(
        port: Int,
        explicitPort: Bool,
        username: String,
        automaticName: Bool,
        hosting: Hosting
    ) throws -> LocalGame {
        let password = hosting.password
        if port != 0 {
            let address = ServerAddress(host: "127.0.0.1", port: port)
            // Two mousy started at once may both find the port free; the one whose game
            // loses the bind looks again, and joins the winner.
            for _ in 0..<5 {
                let (answer, name) = GameProbe.findSeat(address, username: username, password: password, automaticName: automaticName)
                if let refusal = answer.refusal {
                    throw PlayError(PlayCommand.failure(refusal, address: address))
                }
                if answer.isGameServer {
                    let unique = answer == .acceptedUnchecked && automaticName
                    return LocalGame(address: address, started: false, sshPort: nil, username: name,
                                     note: "joined the game on \(port)" + (unique ? "; " + DefaultName.uniqueNote(name) : ""),
                                     noteWarns: false)
                }
                guard answer == .nothingListening else { break }
                do throws(HostedGame.Failure) {
                    let game = try HostedGame.start(port: port, hosting)
                    return LocalGame(game, hosting: hosting, username: name, note: nil)
                } catch .addressInUse {
                    continue
                } catch .failed(let sentence) {
                    throw PlayError(sentence)
                }
            }
            if explicitPort {
                throw PlayError("Port \(port) on 127.0.0.1 is in use by a program that is not a Mousy game server; choose another --port (0 picks a free one).")
            }
        }
        let game: HostedGame.Listening
        do throws(HostedGame.Failure) {
            game = try HostedGame.start(port: 0, hosting)
        } catch .addressInUse {
            throw PlayError("No free port on 127.0.0.1 for the game.")
        } catch .failed(let sentence) {
            throw PlayError(sentence)
        }
        return LocalGame(game, hosting: hosting, username: username,
                         note: port == 0 ? nil : "\(port) is used by another program")
    }

    /// "started the game on 7777 · it ends 60 s after the last player leaves", with
    /// `warning` in brackets after the port.
    static func startedNote(port: Int, endWhenEmpty: Double, warning: String? = nil) -> String {
        "started the game on \(port)" + (warning.map { " (\($0))" } ?? "")
            + " · it ends \(OptionCheck.format(endWhenEmpty)) s after the last player leaves"
    }

    private init(
        address: ServerAddress, started: Bool, sshPort: Int?, sshAnnouncement: [String] = [], webPort: Int? = nil, username: String,
        note: String, noteWarns: Bool
    ) {
        self.address = address
        self.started = started
        self.sshPort = sshPort
        self.sshAnnouncement = sshAnnouncement
        self.webPort = webPort
        self.username = username
        self.note = note
        self.noteWarns = noteWarns
    }

    private init(_ game: HostedGame.Listening, hosting: Hosting, username: String, note warning: String?) {
        let note = Self.startedNote(port: game.port, endWhenEmpty: hosting.endWhenEmpty, warning: warning)
        var announcement: [String] = []
        if let sshPort = game.sshPort, let fingerprint = game.sshFingerprint {
            announcement = SSHServer.announcement(
                host: "127.0.0.1", port: sshPort, fingerprint: fingerprint, generated: game.sshKeyGenerated,
                passwordHint: hosting.passwordSource.hint)
        }
        self.init(address: ServerAddress(host: "127.0.0.1", port: game.port), started: true, sshPort: game.sshPort,
                  sshAnnouncement: announcement, webPort: game.webPort, username: username, note: note, noteWarns: warning != nil)
    }
}

extension HostedGame {
    /// Starts a game on `port` with `hosting`'s settings.
    static func start(port: Int, _ hosting: LocalGame.Hosting) throws(Failure) -> Listening {
        try start(port: port, password: hosting.password, world: hosting.world, shapes: hosting.shapes,
                  endWhenEmpty: hosting.endWhenEmpty, logDirectory: hosting.logDirectory,
                  sshPort: hosting.sshPort, sshHostKey: hosting.sshHostKey, sshLoginGrace: hosting.sshLoginGrace,
                  passwordSource: hosting.passwordSource, webPort: hosting.webPort)
    }
}
