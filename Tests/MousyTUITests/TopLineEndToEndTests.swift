import DevServer
import Foundation
import GameUI
import NIOCore
import NIOPosix
import TestSupport
import Testing
@testable import MousyTUI

/// The status pane's top line in a real terminal (issue 10, "An honest top line"), in each
/// state a player can see for more than a moment, with its colour as the terminal shows it
/// (`tmux capture-pane -e`): green logged in, yellow connecting / stale / reconnecting, red
/// refused.
@Suite("the top line in tmux", .scaledTimeLimit(minutes: 2), .ownThreads)
struct TopLineEndToEndTests {
    static let columns = 100
    static let rows = 30

    /// The terminal's basic colours, as SGR 30...37 number them.
    enum Colour: Int {
        case red = 1, green = 2, yellow = 3
    }

    /// Starts `mousy ARGUMENTS` in the tmux shell; its exit code lands in the returned file.
    private func launch(_ tmux: Tmux, _ arguments: String) throws -> String {
        let rcFile = tmux.directory.appendingPathComponent("rc").path
        // Colours are the point here: NO_COLOR (which a test runner may set) is dropped.
        let command = "env -u NO_COLOR TERM=xterm-256color XDG_CACHE_HOME=\(tmux.directory.path)/cache \(try mousyExecutable()) \(arguments)"
        try tmux.type("sh -c 'trap \"\" INT; \(command); echo \"rc=$?\" > \(rcFile)'")
        return rcFile
    }

    private func exitCode(_ rcFile: String) -> Int? {
        guard let text = try? String(contentsOfFile: rcFile, encoding: .utf8) else { return nil }
        return Int(text.trimmingCharacters(in: .whitespacesAndNewlines).replacingOccurrences(of: "rc=", with: ""))
    }

    private func waitForExit(_ tmux: Tmux, rcFile: String) async throws -> Int? {
        try await waitUntil("mousy to exit", screen: tmux) { exitCode(rcFile) != nil }
        #expect(try tmux.display("#{alternate_on}") == "0")
        #expect(try tmux.display("#{mouse_any_flag}") == "0")
        return exitCode(rcFile)
    }

    /// Waits until `text` is on the screen in `colour` (the foreground SGR in force where it
    /// starts), and returns the top line's rows as plain text.
    @discardableResult
    private func waitFor(_ text: String, in colour: Colour, _ tmux: Tmux, also: (String) -> Bool = { _ in true }) async throws -> String {
        var plain = ""
        try await waitUntil("\"\(text)\" in \(colour)", screen: tmux) {
            let screen = try tmux.tmux(["capture-pane", "-e", "-p", "-t", tmux.session])
            plain = try tmux.capture()
            return Self.foreground(of: text, in: screen) == colour.rawValue && also(plain)
        }
        return plain
    }

    /// The foreground colour (0...255; nil: the default) in force where `text` first starts
    /// on a line of `screen`, a capture with escape sequences.
    static func foreground(of text: String, in screen: String) -> Int?? {
        for line in screen.split(separator: "\n", omittingEmptySubsequences: false) {
            guard let range = line.range(of: text) else { continue }
            var colour: Int?
            for match in line[..<range.lowerBound].matches(of: /\x1B\[([0-9;]*)m/) {
                var parameters = match.1.split(separator: ";", omittingEmptySubsequences: false).map { Int($0) ?? 0 }[...]
                while let code = parameters.popFirst() {
                    switch code {
                    case 0, 39: colour = nil
                    case 30...37: colour = code - 30
                    case 90...97: colour = code - 90 + 8
                    case 38:
                        let kind = parameters.popFirst()
                        if kind == 5 { colour = parameters.popFirst() } else if kind == 2 { parameters = parameters.dropFirst(3) }
                    case 48:
                        let kind = parameters.popFirst()
                        parameters = parameters.dropFirst(kind == 5 ? 1 : kind == 2 ? 3 : 0)
                    default: break
                    }
                }
            }
            return .some(colour)
        }
        return .none
    }

    private func sgrMotion(column: Int, row: Int) -> String {
        "\u{1B}[<35;\(column + 1);\(row + 1)M"
    }

    @Test("green when logged in; a dark link turns it yellow with stale; after the resume green again, and the last position went out once")
    func staleAndResumed() async throws {
        // Pings every 5 s: stale (two missed) after 10 s, given up (three missed) after 15 s,
        // so the yellow line stands for 5 s, which a loaded machine's captures still catch.
        let started = try await TestServer.start(logLevel: .critical) { $0.pingInterval = .seconds(5) }
        let server = started.server
        let proxy = try await BlackholeProxy.start(forwardingTo: started.port)
        let bob = try await started.login("bob")
        let tmux = try Tmux(columns: Self.columns, rows: Self.rows)
        defer { tmux.close() }
        let rcFile = try launch(tmux, "play --server 127.0.0.1:\(proxy.port) --user ann")
        try await waitFor("logged in", in: .green, tmux) { $0.contains("last heard") }

        let layout = Layout(columns: Self.columns, rows: Self.rows)
        let mapping = WorldMapping(layout: layout, world: .original)
        let firstPoint = mapping.point(of: PlayCell(x: 10, y: 4))
        try tmux.sendLiteral(sgrMotion(column: layout.playArea.x + 10, row: layout.playArea.y + 4))
        try await waitUntil("bob to see ann", screen: tmux) {
            try await bob.cursors(of: "ann").contains { $0.x == firstPoint.x && $0.y == firstPoint.y }
        }
        let movesBefore = await server.stats().mouseEventsIn

        proxy.goDark()
        try await waitFor("stale:", in: .yellow, tmux) { $0.contains("logged in") && $0.contains("last heard") }
        // Three missed pings: the client reconnects through the proxy and takes its session over.
        try await started.waitForStats { $0.sessionsResumed == 1 }
        try await waitFor("logged in", in: .green, tmux) { !$0.contains("stale") }

        // A new move: once bob sees it, everything ann sent before it has been counted.
        try tmux.sendLiteral(sgrMotion(column: layout.playArea.x + 20, row: layout.playArea.y + 6))
        let newPoint = mapping.point(of: PlayCell(x: 20, y: 6))
        try await waitUntil("bob to see ann's new position", screen: tmux) {
            try await bob.cursors(of: "ann").contains { $0.x == newPoint.x && $0.y == newPoint.y }
        }
        #expect(await server.stats().mouseEventsIn == movesBefore + 2, "the last position once after the resume, then the new move")

        try tmux.sendKey("q")
        #expect(try await waitForExit(tmux, rcFile: rcFile) == 0)
        await bob.close()
        await proxy.stop()
        await server.shutdown()
    }

    @Test("yellow while reconnecting with the reason, kept while retries are refused; a refusal on the way back is red, replaces the retry line, and stays until q, which prints it with the fix and exits 1")
    func reconnectingThenRefused() async throws {
        // Not port 0: the server comes back on this port.
        let port = QuietPort.next()
        let first = try await TestServer.start(port: port, logLevel: .critical) { $0.shutdownGracePeriod = TestTime.scaled(TimeAmount.milliseconds(300)) }
        let tmux = try Tmux(columns: Self.columns, rows: Self.rows)
        defer { tmux.close() }
        let rcFile = try launch(tmux, "play --server 127.0.0.1:\(port) --user ann")
        try await waitFor("logged in", in: .green, tmux)

        // While the server is down the retries are refused, and the top line keeps the
        // reason the session was lost; the latest retry's failure shows under it.
        await first.server.shutdown()
        try await waitFor("reconnecting in", in: .yellow, tmux) {
            $0.contains("shutting down") && $0.contains("retry   the connection was") && $0.contains("refused (is the server") && $0.contains("rtt     -")
        }

        // Back, with another password: the reconnect is refused.
        let second = try await TestServer.start(port: port, logLevel: .critical) { $0.password = "changed" }
        try await waitFor("refused", in: .red, tmux) { $0.contains("bad credentials") && !$0.contains("retry   ") }
        #expect(exitCode(rcFile) == nil, "mousy stays, showing why")
        try tmux.sendKey("q")
        #expect(try await waitForExit(tmux, rcFile: rcFile) == 1)
        // Compared without line breaks and spaces: a space may fall where the line wraps.
        let sentence = "Error: Cannot play on 127.0.0.1:\(port): the server refused the login: bad credentials; give the right password with --password or the MOUSY_PASSWORD variable."
        #expect(try tmux.capture().filter { $0 != "\n" && $0 != " " }.contains(sentence.filter { $0 != " " }))
        await second.server.shutdown()
    }

    @Test("yellow while connecting to a server that does not answer the login; then one sentence and exit 1")
    func connecting() async throws {
        // Accepts the connection and reads nothing: the login is never answered.
        let listener = try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .childChannelOption(.autoRead, value: false)
            .bind(host: "127.0.0.1", port: 0).get()
        let port = try #require(listener.localAddress?.port)
        let tmux = try Tmux(columns: Self.columns, rows: Self.rows)
        defer { tmux.close() }
        let rcFile = try launch(tmux, "play --server 127.0.0.1:\(port) --user ann")
        try await waitFor("connecting", in: .yellow, tmux) { $0.contains("server  127.0.0.1:\(port)") }
        #expect(try await waitForExit(tmux, rcFile: rcFile) == 1)
        #expect(try tmux.capture().replacingOccurrences(of: "\n", with: "").contains("did not answer the login"))
        try await listener.close()
    }
}
