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

/// A stock OpenSSH client (with sshpass for the password) in tmux, playing on the
/// in-process game server through the SSH server, next to a raw TCP player.
@Suite("mousy over ssh", .serialized, .scaledTimeLimit(minutes: 2), .ownThreads)
struct SSHEndToEndTests {
    /// The `count` characters of `screen`'s `row` from `column`, or nil when it is shorter.
    private static func text(in screen: [String], row: Int, column: Int, count: Int) -> String? {
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
        static func start(
            loginTimeout: TimeAmount = .seconds(5),
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

    private static func requireTools() throws {
        for tool in ["ssh", "sshpass"] {
            let found = ["/usr/bin", "/bin", "/usr/local/bin"].contains { FileManager.default.isExecutableFile(atPath: "\($0)/\(tool)") }
            guard found else {
                throw Tmux.Failure(description: "\(tool) is required for the SSH tests; install it (apt-get install -y openssh-client sshpass), as .ci/run does.")
            }
        }
    }

    /// Types an OpenSSH command into the tmux shell; its exit code lands in the returned
    /// file. `source` binds the client's address (127.0.0.2 and up stand for other hosts).
    private func ssh(_ tmux: Tmux, port: Int, user: String, password: String = "welcome",
                     term: String = "xterm-256color", from source: String? = nil,
                     extra: String = "", command: String = "") throws -> String {
        let rcFile = tmux.directory.appendingPathComponent("rc-\(UUID().uuidString.prefix(6))").path
        let options = "-o StrictHostKeyChecking=no -o UserKnownHostsFile=/dev/null -o LogLevel=ERROR -o NumberOfPasswordPrompts=1"
            + (source.map { " -b \($0)" } ?? "")
        try tmux.type("TERM=\(term) sshpass -p \(password) ssh -tt -p \(port) \(options) \(extra) \(user)@127.0.0.1 \(command); echo \"rc=$?\" > \(rcFile)")
        return rcFile
    }

    private func exitCode(_ rcFile: String) -> Int? {
        guard let text = try? String(contentsOfFile: rcFile, encoding: .utf8) else { return nil }
        return Int(text.trimmingCharacters(in: .whitespacesAndNewlines).replacingOccurrences(of: "rc=", with: ""))
    }

    private func sgr(_ code: Int, screenColumn: Int, screenRow: Int) -> String {
        "\u{1B}[<\(code);\(screenColumn + 1);\(screenRow + 1)M"
    }

    /// The screen's lines, padded to the window's width.
    private func lines(_ tmux: Tmux) throws -> [String] {
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

    @Test("a session that authenticated outlives the login timeout")
    func authenticatedOutlivesLoginTimeout() async throws {
        try Self.requireTools()
        // Long enough for ssh's key exchange and password under load (300 ms was not,
        // with both cores busy); the session must then outlive it.
        let servers = try await Servers.start(loginTimeout: .seconds(3))
        let tmux = try Tmux(columns: Self.columns, rows: Self.rows)
        defer { tmux.close() }
        let rcFile = try ssh(tmux, port: servers.ssh.port, user: "olive")
        try await waitUntil("the game screen over ssh", screen: tmux) { try tmux.capture().contains("you     olive") }
        // Past the login timeout (the rule under test), the session still plays.
        try await Task.sleep(for: .milliseconds(3_500))
        let (bob, _) = try await TestClient.login(port: servers.gamePort, username: "bob")
        try await waitUntil("bob to be listed with 2 online", screen: tmux) {
            let screen = try tmux.capture()
            return screen.contains("online  2") && screen.contains("  bob -")
        }
        #expect(exitCode(rcFile) == nil)
        try tmux.sendKey("q")
        try await waitUntil("ssh to exit", screen: tmux) { exitCode(rcFile) != nil }
        #expect(exitCode(rcFile) == 0)
        await bob.close()
        await servers.stop()
    }

    @Test("a connection that does not authenticate is closed at the login timeout")
    func loginTimeout() async throws {
        let servers = try await Servers.start(loginTimeout: .milliseconds(300))
        let channel = try await ClientBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .connect(host: "127.0.0.1", port: servers.ssh.port).get()
        // Says nothing; the server must hang up by itself.
        try await waitUntil("the silent connection to be closed") { !channel.isActive }
        await servers.stop()
    }
    @Test("logins over SSH are throttled by the SSH peer's address, as TCP logins from it are; other addresses play on")
    func throttledByPeerAddress() async throws {
        try Self.requireTools()
        let servers = try await Servers.start {
            $0.throttle.maxFailures = 2
            $0.throttle.penalty = .seconds(300)
            $0.throttle.maxPenalty = .seconds(300)
        }
        let tmux = try Tmux(columns: Self.columns, rows: Self.rows)
        defer { tmux.close() }
        let port = servers.ssh.port

        // Two wrong passwords from 127.0.0.2 (the SSH server's check), and between them a
        // malformed name (the game's name rules, through the gateway), which is refused
        // but is no failed login.
        let wrong = try ssh(tmux, port: port, user: "erin", password: "nope", from: "127.0.0.2")
        try await waitUntil("the wrong password to be refused", screen: tmux) { exitCode(wrong) != nil }
        #expect(exitCode(wrong) == 255)
        try tmux.type("clear")
        let malformed = try ssh(tmux, port: port, user: String(repeating: "e", count: 40), from: "127.0.0.2")
        try await waitUntil("the malformed name to be refused", screen: tmux) { exitCode(malformed) != nil }
        #expect(exitCode(malformed) == 1)
        #expect(try tmux.capture().contains("malformed login"))
        #expect(try await servers.game.gateway().penaltyRemaining(for: try SocketAddress(ipAddress: "127.0.0.2", port: 0)) == nil)
        try tmux.type("clear")
        let again = try ssh(tmux, port: port, user: "erin", password: "nope2", from: "127.0.0.2")
        try await waitUntil("the second wrong password to be refused", screen: tmux) { exitCode(again) != nil }
        #expect(exitCode(again) == 255)

        // 127.0.0.2 is penalised: its connections are refused, even with the right password.
        try tmux.type("clear")
        let penalised = try ssh(tmux, port: port, user: "erin", from: "127.0.0.2")
        try await waitUntil("the penalised address to be refused", screen: tmux) { exitCode(penalised) != nil }
        #expect(exitCode(penalised) == 255)
        #expect(try !tmux.capture().contains("logged in"))
        // One set of rules per address: its TCP logins are refused as well.
        let (tcp, refused) = try await TestClient.login(port: servers.gamePort, username: "erin", from: "127.0.0.2")
        #expect(!refused.ok && refused.reason.contains("too many failed logins"))
        await tcp.close()

        // Other hosts are not held back: SSH from 127.0.0.3, and TCP from 127.0.0.1, where
        // every SSH player's game connection seemed to come from before the gateway.
        let (gina, admitted) = try await TestClient.login(port: servers.gamePort, username: "gina")
        #expect(admitted.ok)
        try tmux.type("clear")
        let frank = try ssh(tmux, port: port, user: "frank", from: "127.0.0.3")
        try await waitUntil("frank to play from 127.0.0.3", screen: tmux) {
            let screen = try tmux.capture()
            return screen.contains("logged in") && screen.contains("you     frank") && screen.contains("online  2")
        }
        try tmux.sendKey("q")
        try await waitUntil("ssh to exit", screen: tmux) { exitCode(frank) != nil }
        #expect(exitCode(frank) == 0)
        await gina.close()
        await servers.stop()
    }

    @Test("connections waiting to authenticate are capped per SSH peer address")
    func pendingCapPerAddress() async throws {
        try Self.requireTools()
        let servers = try await Servers.start(loginTimeout: .seconds(120)) { $0.throttle.maxPendingPerAddress = 1 }
        let tmux = try Tmux(columns: Self.columns, rows: Self.rows)
        defer { tmux.close() }
        let port = servers.ssh.port

        // A silent connection from 127.0.0.2 waits to authenticate; once the server's
        // identification line has come, the server counts it.
        let greeted = NIOLockedValueBox(false)
        let silent = try await ClientBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .bind(to: try SocketAddress(ipAddress: "127.0.0.2", port: 0))
            .channelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.addHandler(FirstBytes { greeted.withLockedValue { $0 = true } })
                }
            }
            .connect(host: "127.0.0.1", port: port).get()
        try await waitUntil("the SSH server's identification line") { greeted.withLockedValue { $0 } }

        // Another from 127.0.0.2 is refused before its key exchange...
        let second = try ssh(tmux, port: port, user: "hana", from: "127.0.0.2")
        try await waitUntil("the second connection from 127.0.0.2 to be refused", screen: tmux) { exitCode(second) != nil }
        #expect(exitCode(second) == 255)
        #expect(try !tmux.capture().contains("logged in"))
        // ...while another host plays.
        try tmux.type("clear")
        let ivan = try ssh(tmux, port: port, user: "ivan", from: "127.0.0.3")
        try await waitUntil("ivan to play from 127.0.0.3", screen: tmux) { try tmux.capture().contains("you     ivan") }
        try tmux.sendKey("q")
        try await waitUntil("ssh to exit", screen: tmux) { exitCode(ivan) != nil }
        try await silent.close()
        await servers.stop()
    }

    @Test("a session whose output backs up (its client stops reading) while peers move is disconnected alone; another plays on")
    func stalledSessionIsDisconnectedAlone() async throws {
        try Self.requireTools()
        let (logger, logs) = RecordingLogHandler.logger(level: .info)
        // Small socket buffers on both sides of the stalled link: the backlog reaches the
        // session's own bound within kilobytes of output.
        let servers = try await Servers.start(loginTimeout: .seconds(30), logger: logger, socketSendBufferBytes: 8192, session: {
            $0.maxPendingOutputBytes = 16 * 1024
            $0.stallLimit = .seconds(1)
        })
        // The stalled player's OpenSSH client reaches the server through a proxy that stops reading.
        let proxy = try await StallingProxy.start(forwardingTo: servers.ssh.port)
        let stalledTmux = try Tmux(columns: 200, rows: 60)
        defer { stalledTmux.close() }
        let tmux = try Tmux(columns: Self.columns, rows: Self.rows)
        defer { tmux.close() }

        let keeper = try ssh(tmux, port: servers.ssh.port, user: "keeper")
        let stalled = try ssh(stalledTmux, port: proxy.port, user: "stall")
        try await waitUntil("both sessions to play", screen: tmux) {
            try tmux.capture().contains("online  2") && stalledTmux.capture().contains("you     stall")
        }
        let (bob, _) = try await TestClient.login(port: servers.gamePort, username: "bob")
        var movers: [TestClient] = []
        for index in 0..<16 {
            let (mover, result) = try await TestClient.login(port: servers.gamePort, username: "m\(index)")
            #expect(result.ok)
            movers.append(mover)
        }
        try await waitUntil("everyone online on the keeper's screen", screen: tmux) { try tmux.capture().contains("online  19") }

        try await proxy.stall()
        var rng = SplitMix64(seed: 13)
        try await waitUntil("the stalled session to be disconnected", timeout: .seconds(90)) {
            for mover in movers {
                // The lower half of the world (y up): bob's spot, above, stays clear.
                try await mover.move(x: Int32(rng.next() % 800), y: Int32(rng.next() % 280))
            }
            try await Task.sleep(for: .milliseconds(20))
            return logs.contains("ssh: output backed up")
        }
        // The game saw the stalled player leave.
        try await waitUntil("bob to see stall leave") {
            try await bob.received().contains {
                if case .playerLogout(let goodbye) = $0 { return goodbye.username == "stall" }
                return false
            }
        }
        // Its client learns the connection is gone once it reads again.
        try await proxy.resume()
        try await waitUntil("the stalled ssh to exit", screen: stalledTmux) { exitCode(stalled) != nil }
        #expect(exitCode(stalled) != 0)

        // The keeper plays on: 18 online, bob's move drawn.
        let layout = Layout(columns: Self.columns, rows: Self.rows)
        let area = layout.playArea
        let bobAt = WorldMapping(layout: layout, world: .original).point(of: PlayCell(x: 3, y: 2))
        try await bob.move(x: bobAt.x, y: bobAt.y)
        try await waitUntil("the keeper to see 18 online and bob drawn at 3,2", screen: tmux) {
            let screen = try lines(tmux)
            return screen.contains { $0.contains("online  18") }
                && Self.text(in: screen, row: area.y + 2, column: area.x + 3, count: 4) == "*bob"
        }
        #expect(logs.count(containing: "ssh: session ended") == 1)
        try tmux.sendKey("q")
        try await waitUntil("the keeper's ssh to exit", screen: tmux) { exitCode(keeper) != nil }
        #expect(exitCode(keeper) == 0)
        for mover in movers { await mover.close() }
        await bob.close()
        await proxy.stop()
        await servers.stop()
    }
}

/// Calls `seen` once the first bytes arrive, and reads on.
private final class FirstBytes: ChannelInboundHandler, Sendable {
    typealias InboundIn = ByteBuffer
    private let seen: @Sendable () -> Void

    init(_ seen: @escaping @Sendable () -> Void) {
        self.seen = seen
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        seen()
    }
}
