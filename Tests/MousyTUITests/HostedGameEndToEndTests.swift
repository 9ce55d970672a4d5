import Foundation
import GameUI
import TestSupport
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// The game a bare `mousy` starts outlives it: the others play on when its starter quits,
/// and it ends by itself once nobody plays (here after 1 s, by `--end-when-empty-s`).
@Suite("a game that outlives its starter", .serialized, .scaledTimeLimit(minutes: 2), .ownThreads)
struct HostedGameEndToEndTests {
    static let columns = 100
    static let rows = 30

    /// Starts a bare `mousy ARGUMENTS` on `port` in the tmux shell; the exit code lands in
    /// the returned file.
    private func launch(_ tmux: Tmux, port: Int, _ arguments: String = "") throws -> String {
        let rcFile = tmux.directory.appendingPathComponent("rc").path
        let command = "TERM=xterm-256color XDG_CACHE_HOME=\(tmux.directory.path)/cache MOUSY_PORT=\(port) \(try mousyExecutable()) \(arguments)"
        try tmux.type("sh -c 'trap \"\" INT; \(command); echo \"rc=$?\" > \(rcFile)'")
        return rcFile
    }

    private func exitCode(_ rcFile: String) -> Int? {
        guard let text = try? String(contentsOfFile: rcFile, encoding: .utf8) else { return nil }
        return Int(text.trimmingCharacters(in: .whitespacesAndNewlines).replacingOccurrences(of: "rc=", with: ""))
    }

    private func quit(_ tmux: Tmux, rcFile: String) async throws {
        try tmux.sendKey("q")
        try await waitUntil("mousy to exit", screen: tmux) { exitCode(rcFile) != nil }
        #expect(exitCode(rcFile) == 0)
    }

    /// The pings counted on the status pane, if shown.
    private func pings(_ tmux: Tmux) throws -> Int? {
        try tmux.capture().firstMatch(of: /pings   (\d+)/).flatMap { Int($0.1) }
    }

    @Test("the player who started the game quits, and the other plays on; once both left, the game ends by itself")
    func starterQuits() async throws {
        let port = QuietPort.next()
        let first = try Tmux(columns: Self.columns, rows: Self.rows)
        defer { first.close() }
        let second = try Tmux(columns: Self.columns, rows: Self.rows)
        defer { second.close() }
        let firstRC = try launch(first, port: port, "--end-when-empty-s 1")
        #expect(try await first.waitForLogin() == port)
        let note = "started the game on \(port) · it ends 1 s after the last player leaves"
        try await waitUntil("the note on who started the game and how it ends", screen: first) {
            try first.capture().contains("started the game on \(port)")
        }
        // The note wraps in the pane: read the pane's lines as one text.
        let pane = Layout(columns: Self.columns, rows: Self.rows).statusArea
        let paneText = try first.capture().split(separator: "\n").map { line in
            String(Array(line).dropFirst(pane.x).prefix(pane.width)).trimmingCharacters(in: .whitespaces)
        }.joined(separator: " ")
        #expect(paneText.contains(note), "\(paneText)")
        let secondRC = try launch(second, port: port)
        #expect(try await second.waitForLogin() == port)
        try await waitUntil("both in the game, the second as player2", screen: second) {
            try second.capture().contains("online  2") && second.capture().contains("you     player2")
        }
        #expect(try second.capture().contains("joined the game on \(port)"))

        try await quit(first, rcFile: firstRC)
        try await waitUntil("the second alone in the game, still logged in", screen: second) {
            let screen = try second.capture()
            return screen.contains("logged in") && screen.contains("online  1")
        }
        // And it plays on: pings keep coming, well past its first reconnect's time.
        let before = try #require(try pings(second))
        try await waitUntil("three more pings after the starter left", screen: second) {
            try (pings(second) ?? 0) >= before + 3 && second.capture().contains("logged in")
        }
        #expect(LoopbackAddress.isListening(port))
        // The game logs where a hosted game always has: server-PORT.log in its starter's directory.
        let log = first.directory.appendingPathComponent("cache/mousy/server-\(port).log").path
        #expect(((try? String(contentsOfFile: log, encoding: .utf8)) ?? "").contains("ACCESS GRANTED FOR Username: player2"))

        try await quit(second, rcFile: secondRC)
        try await waitUntil("the game to end by itself once empty") { !LoopbackAddress.isListening(port) }
        #expect(await eventually {
            ((try? String(contentsOfFile: log, encoding: .utf8)) ?? "").contains("Server stopped")
        })
        #expect(((try? String(contentsOfFile: log, encoding: .utf8)) ?? "").contains("the game ends"))
    }

    @Test("a game whose only player quits ends by itself after its time, logging why")
    func emptyGameEnds() async throws {
        let port = QuietPort.next()
        let tmux = try Tmux(columns: Self.columns, rows: Self.rows)
        defer { tmux.close() }
        let rcFile = try launch(tmux, port: port, "play --end-when-empty-s 1")
        #expect(try await tmux.waitForLogin() == port)
        try await quit(tmux, rcFile: rcFile)
        try await waitUntil("the game to end by itself once empty") { !LoopbackAddress.isListening(port) }
        let log = tmux.directory.appendingPathComponent("cache/mousy/server-\(port).log").path
        #expect(await eventually {
            let text = (try? String(contentsOfFile: log, encoding: .utf8)) ?? ""
            return text.contains("Nobody has played for") && text.contains("Server stopped")
        })
    }
}
