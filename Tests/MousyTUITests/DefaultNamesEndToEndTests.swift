import Foundation
import GameUI
import TestSupport
import Testing

/// On a server that never refuses a name (the original, which sends no LOGIN_RESULT), two
/// bare `mousy` must not both play as player1: each makes up a name of its own and says so.
@Suite("default names on an original-like server, in tmux", .serialized, .scaledTimeLimit(minutes: 2), .ownThreads)
struct DefaultNamesEndToEndTests {
    @Test("two bare mousy on an original-like server get different names, and each says why")
    func twoPlayers() async throws {
        let original = try await OriginalPinger.start()
        let first = try Tmux(columns: 100, rows: 30)
        defer { first.close() }
        let second = try Tmux(columns: 100, rows: 30)
        defer { second.close() }
        var names: [String] = []
        for tmux in [first, second] {
            try tmux.type("TERM=xterm-256color XDG_CACHE_HOME=\(tmux.directory.path)/cache \(try mousyExecutable()) play --server 127.0.0.1:\(original.port)")
            var name: String?
            try await waitUntil("logged in under a name of its own", screen: tmux) {
                let screen = try tmux.capture()
                name = screen.firstMatch(of: /you     (player-[0-9a-f]{4})/).map { String($0.1) }
                return screen.contains("logged in") && name != nil
            }
            names.append(try #require(name))
            let pane = Layout(columns: 100, rows: 30).statusArea
            let text = try tmux.capture().split(separator: "\n").map { line in
                String(Array(line).dropFirst(pane.x).prefix(pane.width)).trimmingCharacters(in: .whitespaces)
            }.joined(separator: " ")
            #expect(text.contains("this server cannot tell names apart: playing as \(names.last!)"), "\(text)")
        }
        #expect(names[0] != names[1], "\(names)")
        for tmux in [first, second] {
            try tmux.sendKey("q")
            try await waitUntil("mousy to exit", screen: tmux) { try tmux.display("#{alternate_on}") == "0" }
        }
        await original.close()
    }
}
