import DevServer
import Foundation
import GameUI
import Logging
import Messages
import NIOConcurrencyHelpers
import NIOCore
import NIOPosix
import TestSupport
import Testing
@testable import MousyTUI
@testable import SSHFront

/// A stock OpenSSH client (with sshpass for the password) in tmux, playing on the
/// in-process game server through the SSH server, next to a raw TCP player.
@Suite("mousy over ssh", .serialized, .scaledTimeLimit(minutes: 2), .ownThreads)
struct SSHEndToEndTests {
    /// The `count` characters of `screen`'s `row` from `column`, or nil when it is shorter.
    static func text(in screen: [String], row: Int, column: Int, count: Int) -> String? {
        guard row < screen.count else { return nil }
        let cells = Array(screen[row])
        guard cells.count >= column + count else { return nil }
        return String(cells[column..<(column + count)])
    }

    static let columns = 100
    static let rows = 30

    /// A game server and its SSH server, in this process, with a fresh host key.
    struct Servers {
        let game: GameServer
        let gamePort: Int
        let ssh: SSHServer
        let keyDirectory: URL

        /// `configure` changes the game server's configuration, `session` the SSH sessions' settings.
        /// `loginTimeout` is the SSH front's login grace: 30 s by default, so that ssh's key
        /// exchange and password finish in it on a loaded machine (5 s did not, at load 12).
        static func start(
            loginTimeout: TimeAmount = .seconds(30),
            logger: Logger = Logger(label: "test.ssh") { _ in SwiftLogNoOpLogHandler() },
            socketSendBufferBytes: Int? = nil,
            _ configure: (inout ServerConfiguration) -> Void = { _ in },
            session: (inout SSHPlaySession.Settings) -> Void = { _ in }
        ) async throws -> Servers {
            let started = try await TestServer.start(logLevel: .critical, configure)
            let (game, gamePort) = (started.server, started.port)
            let keyDirectory = FileManager.default.temporaryDirectory.appendingPathComponent("mousy-ssh-\(UUID().uuidString.prefix(8))")
            var settings = SSHPlaySession.Settings(
                gateway: try await game.gateway(), password: "welcome", serverLabel: "127.0.0.1:\(gamePort)")
            session(&settings)
            let ssh = try await SSHServer.start(
                .init(host: "127.0.0.1", port: 0, hostKeyPath: keyDirectory.appendingPathComponent("key").path,
                      loginGrace: loginTimeout, session: settings, socketSendBufferBytes: socketSendBufferBytes),
                logger: logger)
            return Servers(game: game, gamePort: gamePort, ssh: ssh, keyDirectory: keyDirectory)
        }

        func stop() async {
            await ssh.shutdown()
            await game.shutdown()
            try? FileManager.default.removeItem(at: keyDirectory)
        }
    }

    static func requireTools() throws {
        for tool in ["ssh", "sshpass"] {
            let found = ["/usr/bin", "/bin", "/usr/local/bin"].contains { FileManager.default.isExecutableFile(atPath: "\($0)/\(tool)") }
            guard found else {
                throw Tmux.Failure(description: "\(tool) is required for the SSH tests; install it (apt-get install -y openssh-client sshpass), as .ci/run does.")
            }
        }
    }

    /// Types an OpenSSH command into the tmux shell; its exit code lands in the returned
    /// file. `source` binds the client's address (127.0.0.2 and up stand for other hosts).
    func ssh(_ tmux: Tmux, port: Int, user: String, password: String = "welcome",
                     term: String = "xterm-256color", from source: String? = nil,
                     extra: String = "", command: String = "") throws -> String {
        let rcFile = tmux.directory.appendingPathComponent("rc-\(UUID().uuidString.prefix(6))").path
        let options = "-o StrictHostKeyChecking=no -o UserKnownHostsFile=/dev/null -o LogLevel=ERROR -o NumberOfPasswordPrompts=1"
            + (source.map { " -b \($0)" } ?? "")
        try tmux.type("TERM=\(term) sshpass -p \(password) ssh -tt -p \(port) \(options) \(extra) \(user)@127.0.0.1 \(command); echo \"rc=$?\" > \(rcFile)")
        return rcFile
    }

    func exitCode(_ rcFile: String) -> Int? {
        guard let text = try? String(contentsOfFile: rcFile, encoding: .utf8) else { return nil }
        return Int(text.trimmingCharacters(in: .whitespacesAndNewlines).replacingOccurrences(of: "rc=", with: ""))
    }

    func sgr(_ code: Int, screenColumn: Int, screenRow: Int) -> String {
        "\u{1B}[<\(code);\(screenColumn + 1);\(screenRow + 1)M"
    }

    /// The screen's lines, padded to the window's width.
    func lines(_ tmux: Tmux) throws -> [String] {
        try tmux.capture().split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
    }

    @Test("an OpenSSH client plays: the screen appears, its mouse reaches a TCP player, that player is drawn, resize reflows, q restores the terminal")
    func play() async throws {
        try Self.requireTools()
        let servers = try await Servers.start()
        let tmux = try Tmux(columns: Self.columns, rows: Self.rows)
        defer { tmux.close() }
        let rcFile = try ssh(tmux, port: servers.ssh.port, user: "alice")
        try await waitUntil("the game screen over ssh", screen: tmux) {
            let screen = try tmux.capture()
            return screen.contains("logged in") && screen.contains("you     alice") && screen.contains("pings")
        }
        #expect(try tmux.display("#{mouse_any_flag}#{mouse_sgr_flag}#{alternate_on}") == "111")

        let (bob, _) = try await TestClient.login(port: servers.gamePort, username: "bob")
        try await waitUntil("alice to be seen by bob and bob listed on alice's screen with 2 online", screen: tmux) {
            let screen = try tmux.capture()
            return screen.contains("online  2") && screen.contains("  bob -")
        }

        // Alice's mouse, through tmux, ssh and the SSH server, reaches bob as a cursor.
        let layout = Layout(columns: Self.columns, rows: Self.rows)
        let area = layout.playArea
        try tmux.sendLiteral(sgr(35, screenColumn: area.x + 10, screenRow: area.y + 4))
        // Sent as the world point of that cell (PROTOCOL.md, "World coordinates").
        let mapping = WorldMapping(layout: layout, world: .original)
        let aliceAt = mapping.point(of: PlayCell(x: 10, y: 4))
        try await waitUntil("alice's cursor at the world point of cell 10,4 for bob") {
            try await bob.cursors(of: "alice").contains { $0.x == aliceAt.x && $0.y == aliceAt.y && !$0.leftClick }
        }

        // Bob's cursor is drawn on alice's screen, with his name.
        let bobAt = mapping.point(of: PlayCell(x: 20, y: 5))
        try await bob.move(x: bobAt.x, y: bobAt.y)
        try await waitUntil("bob's cursor drawn at 20,5", screen: tmux) {
            let row = try lines(tmux)[area.y + 5]
            let cells = Array(row)
            return cells.count > area.x + 24 && String(cells[(area.x + 20)..<(area.x + 24)]) == "*bob"
        }

        // Narrower: the status pane moves below the play area.
        try tmux.resize(columns: 60, rows: 30)
        let narrow = Layout(columns: 60, rows: 30)
        #expect(!narrow.isSideBySide)
        // Bob's point, mapped onto the narrower play area.
        let bobCell = WorldMapping(layout: narrow, world: .original).placement(of: bobAt).cell
        try await waitUntil("the stacked layout at 60 columns", screen: tmux) {
            let screen = try lines(tmux)
            return screen.count > narrow.statusFrame.y && screen[narrow.statusFrame.y].contains("status")
                && screen.contains { $0.contains("you     alice") }
                && Self.text(in: screen, row: narrow.playArea.y + Int(bobCell.y), column: narrow.playArea.x + Int(bobCell.x), count: 4) == "*bob"
        }

        try tmux.sendKey("q")
        try await waitUntil("ssh to exit", screen: tmux) { exitCode(rcFile) != nil }
        #expect(exitCode(rcFile) == 0)
        #expect(try tmux.display("#{mouse_any_flag}#{alternate_on}") == "00")
        #expect(try tmux.display("#{cursor_flag}") == "1")
        try await waitUntil("bob to see alice leave") {
            try await bob.received().contains {
                if case .playerLogout(let goodbye) = $0 { return goodbye.username == "alice" }
                return false
            }
        }
        await servers.stop()
    }

    @Test("a wrong password is refused; exec is refused; a taken name is told why")
    func refusals() async throws {
        try Self.requireTools()
        let servers = try await Servers.start()
        let tmux = try Tmux(columns: Self.columns, rows: Self.rows)
        defer { tmux.close() }

        let wrong = try ssh(tmux, port: servers.ssh.port, user: "carol", password: "nope")
        try await waitUntil("the wrong password to be refused", screen: tmux) { exitCode(wrong) != nil }
        #expect(exitCode(wrong) != 0)
        #expect(try tmux.capture().contains("Permission denied"))

        try tmux.type("clear")
        let exec = try ssh(tmux, port: servers.ssh.port, user: "carol", command: "id")
        try await waitUntil("exec to be refused", screen: tmux) { exitCode(exec) != nil }
        #expect(exitCode(exec) != 0)
        #expect(try tmux.capture().contains("exec request failed"))
        #expect(try !tmux.capture().contains("uid="))

        let (bob, _) = try await TestClient.login(port: servers.gamePort, username: "bob")
        _ = bob
        try tmux.type("clear")
        let taken = try ssh(tmux, port: servers.ssh.port, user: "bob")
        try await waitUntil("the taken name to be refused with the server's reason", screen: tmux) { exitCode(taken) != nil }
        #expect(exitCode(taken) == 1)
        #expect(try tmux.capture().contains("The server refused the login"))
        #expect(try tmux.display("#{mouse_any_flag}#{alternate_on}") == "00")
        await servers.stop()
    }

    @Test("server shutdown restores the player's terminal and says so")
    func shutdown() async throws {
        try Self.requireTools()
        let servers = try await Servers.start()
        let tmux = try Tmux(columns: Self.columns, rows: Self.rows)
        defer { tmux.close() }
        let rcFile = try ssh(tmux, port: servers.ssh.port, user: "dave", term: "xterm", extra: "-o SendEnv=NO_COLOR")
        try await waitUntil("the game screen over ssh", screen: tmux) { try tmux.capture().contains("logged in") }
        await servers.ssh.shutdown()
        try await waitUntil("ssh to exit", screen: tmux) { exitCode(rcFile) != nil }
        #expect(exitCode(rcFile) == 1)
        #expect(try tmux.display("#{mouse_any_flag}#{alternate_on}") == "00")
        #expect(try tmux.capture().contains("The server is shutting down."))
        await servers.game.shutdown()
    }
}
