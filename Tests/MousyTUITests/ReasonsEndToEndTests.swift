import Foundation
import GameUI
import TestSupport
import Testing

/// The top line's reason is what happened to the connection: a server killed outright
/// (SIGKILL) closed it, a reset says reset, and a goodbye heard for a trial login of the
/// same name is never taken for the player's own.
@Suite("true reasons in tmux", .serialized, .scaledTimeLimit(minutes: 2), .ownThreads)
struct ReasonsEndToEndTests {
    private func launch(_ tmux: Tmux, _ arguments: String) throws {
        try tmux.type("TERM=xterm-256color XDG_CACHE_HOME=\(tmux.directory.path)/cache \(try mousyExecutable()) \(arguments)")
    }

    /// The status pane's text as one line (its lines wrap).
    private func text(_ tmux: Tmux) throws -> String {
        let pane = Layout(columns: 100, rows: 30).statusArea
        return try tmux.capture().split(separator: "\n").map { line in
            String(Array(line).dropFirst(pane.x).prefix(pane.width)).trimmingCharacters(in: .whitespaces)
        }.joined(separator: " ")
    }

    @Test("a server killed with SIGKILL: the top line says the server closed the connection, never a goodbye")
    func sigkill() async throws {
        let port = QuietPort.next()
        let serve = try MousyProcess.start(["serve", "--port", "\(port)", "--stats-interval-s", "0"])
        try await waitUntil("the server to listen") { serve.stdout.contains("Server up on 127.0.0.1:\(port)") }
        let tmux = try Tmux(columns: 100, rows: 30)
        defer { tmux.close() }
        // No --user: a trial login of player1 comes first, whose goodbye the player may hear.
        try launch(tmux, "play --server 127.0.0.1:\(port)")
        try await waitUntil("logged in, with pings", screen: tmux) {
            try tmux.capture().contains("logged in") && tmux.capture().contains(/pings   [2-9]/)
        }
        serve.send(SIGKILL)
        _ = try await serve.waitForExit()
        try await waitUntil("the top line to say the server closed the connection", screen: tmux) {
            let screen = try text(tmux)
            return screen.contains("reconnecting in") && screen.contains("closed the connection")
        }
        let screen = try text(tmux)
        #expect(!screen.contains("logged out") && !screen.contains("shutting down"), "\(screen)")
        try tmux.sendKey("q")
        try await waitUntil("mousy to exit", screen: tmux) { try tmux.display("#{alternate_on}") == "0" }
    }

    @Test("a connection reset by the server says reset")
    func reset() async throws {
        let server = try await ResettingServer.start()
        let tmux = try Tmux(columns: 100, rows: 30)
        defer { tmux.close() }
        try launch(tmux, "play --server 127.0.0.1:\(server.port) --user ann")
        try await waitUntil("logged in", screen: tmux) { try tmux.capture().contains("logged in") }
        await server.reset()
        try await waitUntil("the top line to say the connection was reset", screen: tmux) {
            let screen = try text(tmux)
            return screen.contains("reset by the server") && !screen.contains("closed the connection")
        }
        try tmux.sendKey("q")
        try await waitUntil("mousy to exit", screen: tmux) { try tmux.display("#{alternate_on}") == "0" }
    }
}
