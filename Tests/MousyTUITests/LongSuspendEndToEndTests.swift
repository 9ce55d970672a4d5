import Foundation
import Messages
import TestSupport
import Testing

/// A Ctrl-Z longer than the server's ping timeout: the server reaps the session, keeps the
/// name for the player's resume token, and `fg` brings the player back as itself.
@Suite("a long Ctrl-Z in tmux", .serialized, .scaledTimeLimit(minutes: 2), .ownThreads)
struct LongSuspendEndToEndTests {
    @Test("a Ctrl-Z past the ping timeout resumes on fg; the others see the player leave and come back, once")
    func longSuspend() async throws {
        let started = try await TestServer.start(logLevel: .info) { $0.pingTimeout = .seconds(1) }
        let bob = try await started.login("bob")
        let tmux = try Tmux(columns: 100, rows: 30)
        defer { tmux.close() }
        // Typed as is, so that bash itself stops and continues it.
        try tmux.type("TERM=xterm-256color XDG_CACHE_HOME=\(tmux.directory.path)/cache \(try mousyExecutable()) play --server 127.0.0.1:\(started.port) --user ann")
        try await waitUntil("ann logged in beside bob", screen: tmux) {
            let screen = try tmux.capture()
            return screen.contains("logged in") && screen.contains("online  2")
        }
        _ = try await bob.next("ann's arrival") { if case .playerCursor(let c) = $0, c.username == "ann" { c } else { nil } }
        // The ping timeout spares a player that never bounced a ping: ann has bounced one
        // once her screen counts it (the client bounces before the screen hears of it).
        try await waitUntil("ann's first ping", screen: tmux) {
            try tmux.capture().contains(/pings\s+[1-9]/)
        }
        try tmux.sendKey("C-z")
        try await waitUntil("bash to report the stopped job", screen: tmux) { try tmux.capture().contains("Stopped") }
        // Past the ping timeout: reaped, and bob hears it.
        let left = try await bob.nextLogout()
        #expect(left.username == "ann" && left.reason == "ping timeout")
        try await started.waitForStats { $0.disconnects[.pingTimeout] == 1 && $0.playersOnline == 1 }

        try tmux.type("fg")
        try await waitUntil("ann back in, as herself", screen: tmux) {
            let screen = try tmux.capture()
            return screen.contains("logged in") && screen.contains("you     ann") && screen.contains("online  2")
        }
        let stats = try await started.waitForStats { $0.sessionsResumed == 1 && $0.playersOnline == 2 }
        #expect(stats.logins == 2, "no new login: bob's and ann's first")
        #expect(started.logs.contains("back after its ping timeout"))
        _ = try await bob.next("ann's return") { if case .playerCursor(let c) = $0, c.username == "ann" { c } else { nil } }
        let logouts = try await bob.received().filter {
            if case .playerLogout(let goodbye) = $0 { goodbye.username == "ann" } else { false }
        }
        #expect(logouts.count == 1, "one departure, never a second ann")
        try tmux.sendKey("q")
        try await waitUntil("mousy to exit", screen: tmux) { try tmux.display("#{alternate_on}") == "0" }
        await bob.close()
        await started.server.shutdown()
    }
}
