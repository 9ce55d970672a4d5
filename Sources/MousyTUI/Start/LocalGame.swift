import DevServer
import Net

/// How plain `mousy` (no `--server`) gets into a game: it joins the one on
/// 127.0.0.1:PORT when a Mousy or Go-Shapes server answers there, and hosts it (the
/// embedded server) only when nothing listens. So a second terminal joins the first.
struct LocalGame {
    /// Where to play.
    let address: ServerAddress
    /// The server this process hosts, if it does.
    let embedded: EmbeddedServer?
    /// The name to play as (the next free one when the default was taken).
    let username: String
    /// For the status pane: "hosting on 7777", "joined the game on 7777", …
    let note: String
    /// True when the note reports a problem (the port was taken by another program).
    let noteWarns: Bool

    /// Joins or hosts the game on `port` (0: hosts on any free port); a hosted game's
    /// world is `world` points (a joined one says its own). `explicitPort`:
    /// the port was asked for, so a port held by another program is an error rather than
    /// a reason to host elsewhere.
    static func joinOrHost(
        port: Int,
        explicitPort: Bool,
        username: String,
        automaticName: Bool,
        password: String,
        world: WorldOption = .original,
        shapes: Int = 0,
        logDirectory: String
    ) throws -> LocalGame {
        if port != 0 {
            let address = ServerAddress(host: "127.0.0.1", port: port)
            // Two mousy started at once may both find the port free; the one that loses
            // the bind looks again, and joins the winner.
            for _ in 0..<5 {
                let (answer, name) = GameProbe.findSeat(address, username: username, password: password, automaticName: automaticName)
                if let refusal = answer.refusal {
                    throw PlayError(PlayCommand.failure(refusal, address: address))
                }
                if answer.isGameServer {
                    return LocalGame(address: address, embedded: nil, username: name, note: "joined the game on \(port)", noteWarns: false)
                }
                guard answer == .nothingListening else { break }
                do {
                    let server = try EmbeddedServer.start(port: port, password: password, world: world, shapes: shapes, logDirectory: logDirectory)
                    return LocalGame(server, username: name, note: "hosting on \(port)", warns: false)
                } catch ServerError.addressInUse {
                    continue
                }
            }
            if explicitPort {
                throw PlayError("Port \(port) on 127.0.0.1 is in use by a program that is not a Mousy game server; choose another --port (0 picks a free one).")
            }
        }
        let server = try EmbeddedServer.start(port: 0, password: password, world: world, shapes: shapes, logDirectory: logDirectory)
        if port == 0 {
            return LocalGame(server, username: username, note: "hosting on \(server.port)", warns: false)
        }
        return LocalGame(server, username: username, note: "hosting on \(server.port): \(port) is used by another program", warns: true)
    }

    private init(address: ServerAddress, embedded: EmbeddedServer?, username: String, note: String, noteWarns: Bool) {
        self.address = address
        self.embedded = embedded
        self.username = username
        self.note = note
        self.noteWarns = noteWarns
    }

    private init(_ server: EmbeddedServer, username: String, note: String, warns: Bool) {
        self.init(address: ServerAddress(host: server.host, port: server.port), embedded: server,
                  username: username, note: note, noteWarns: warns)
    }
}
