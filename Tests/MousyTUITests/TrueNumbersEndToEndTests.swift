import Foundation
import GameUI
import TestSupport
import Testing

/// The numbers the status pane shows are the server's: `online` is its count of players,
/// however few of them this screen shows, and `mousy watch` is not one of them.
@Suite("true numbers in tmux", .serialized, .scaledTimeLimit(minutes: 3), .ownThreads)
struct TrueNumbersEndToEndTests {
    static let columns = 100
    static let rows = 30

    private func launch(_ tmux: Tmux, _ arguments: String) throws {
        let mousy = try mousyExecutable()
        try tmux.type("TERM=xterm-256color XDG_CACHE_HOME=\(tmux.directory.path)/cache \(mousy) \(arguments)")
    }

    private func quit(_ tmux: Tmux) async throws {
        try tmux.sendKey("q")
        try await waitUntil("mousy to exit", screen: tmux) { try tmux.display("#{alternate_on}") == "0" }
    }

    @Test("online is the server's count with 100 players loaded, and says how many of them are shown")
    func hundredPlayers() async throws {
        let started = try await TestServer.start(logLevel: .critical)
        var crowd: [TestClient] = []
        for index in 1...100 {
            let client = try await started.login("load\(index)")
            try await client.move(x: Int32(index * 7), y: Int32(index * 5))
            crowd.append(client)
        }
        try await started.waitForStats { $0.playersOnline == 100 && $0.mouseEventsIn == 100 }
        let tmux = try Tmux(columns: Self.columns, rows: Self.rows)
        defer { tmux.close() }
        try launch(tmux, "play --server 127.0.0.1:\(started.port) --user ann")
        // 101 with ann; the visible set shows her 64 of the others (the server's --max-visible).
        try await waitUntil("online to be the server's 101, 64 of them shown", screen: tmux) {
            try tmux.capture().contains("online  101 · 64 shown")
        }
        #expect(await started.server.playersOnline == 101)
        // One leaves: the next ping says so.
        await crowd.removeLast().close()
        try await waitUntil("online to follow the server's count down", screen: tmux) {
            try tmux.capture().contains("online  100 · ")
        }
        try await quit(tmux)
        for client in crowd { await client.close() }
        await started.server.shutdown()
    }

    @Test("mousy watch is not listed or counted on the players' screens, and prints who comes and goes")
    func watchIsNotListed() async throws {
        let started = try await TestServer.start(logLevel: .critical)
        let bob = try await started.login("bob")
        try await bob.move(x: 100, y: 100)
        let tmux = try Tmux(columns: Self.columns, rows: Self.rows)
        defer { tmux.close() }
        try launch(tmux, "play --server 127.0.0.1:\(started.port) --user ann")
        try await waitUntil("ann in, with bob", screen: tmux) {
            let screen = try tmux.capture()
            return screen.contains("logged in") && screen.contains("online  2") && screen.contains("  bob 100,100")
        }
        let watch = try MousyProcess.start(["watch", "--server", "127.0.0.1:\(started.port)", "--cursors"])
        try await waitUntil("watch to log in and see both players") {
            watch.stderr.contains("Logged in to 127.0.0.1:\(started.port) as watcher, 2 online.")
                && watch.stdout.contains("ann is playing") && watch.stdout.contains("bob is playing")
        }
        // Pings keep coming to ann while the watcher is in: it never shows, never counts.
        let pings = { try tmux.capture().firstMatch(of: /pings   (\d+)/).flatMap { Int($0.1) } ?? 0 }
        let before = try pings()
        try await waitUntil("three more pings on ann's screen", screen: tmux) { try pings() >= before + 3 }
        let screen = try tmux.capture()
        #expect(!screen.contains("watcher"), "\(screen)")
        #expect(screen.contains("online  2"), "\(screen)")
        #expect(await started.server.playersOnline == 2)
        // Cursors with --cursors, and departures.
        try await bob.move(x: 321, y: 123)
        try await waitUntil("watch to print bob's move") { watch.stdout.contains("bob 321,123") }
        await bob.close()
        try await waitUntil("watch to print bob's departure") { watch.stdout.contains("bob left (") }
        watch.send(SIGTERM)
        let exit = try await watch.waitForExit()
        #expect(exit.status == 0, "\(exit.stderr)")
        let bobSaw = try await bob.received()
        #expect(!bobSaw.contains {
            if case .playerCursor(let cursor) = $0 { cursor.username == "watcher" } else { false }
        })
        try await quit(tmux)
        await started.server.shutdown()
    }
}
