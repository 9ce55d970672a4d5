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

/// The SSH front's limits, end to end: the login timeout, the per-address throttle and
/// cap on pending logins, and a session whose client stops reading.
extension SSHEndToEndTests {
    @Test("a session that authenticated outlives the login timeout")
    func authenticatedOutlivesLoginTimeout() async throws {
        try Self.requireTools()
        // Long enough for ssh's key exchange and password on a loaded machine (3 s was
        // not, at load 12); the session must then outlive it.
        let timeout = Duration.seconds(8 * TestTime.scale)
        let servers = try await Servers.start(loginTimeout: .nanoseconds(Int64(timeout / .nanoseconds(1))))
        let tmux = try Tmux(columns: Self.columns, rows: Self.rows)
        defer { tmux.close() }
        let connected = ContinuousClock.now
        let rcFile = try ssh(tmux, port: servers.ssh.port, user: "olive")
        try await waitUntil("the game screen over ssh", screen: tmux) { try tmux.capture().contains("you     olive") }
        // Past the login timeout (the rule under test), the session still plays.
        try await Task.sleep(until: connected + timeout + .milliseconds(500))
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
