import DevServer
import Messages
import NIOCore
import TestSupport
import Testing

/// The server's count of players in every ping, and spectators (`mousy watch`): they hear
/// the players but are never shown to them or counted among them.
@Suite("Spectators and the count of players")
struct SpectatorTests {
    private func names(in messages: [WireMessage]) -> Set<String> {
        Set(messages.compactMap {
            switch $0 {
            case .playerCursor(let cursor): cursor.username
            case .playerLogout(let goodbye): goodbye.username
            default: nil
            }
        })
    }

    @Test("every ping says how many players are online")
    func pingsCount() async throws {
        try await withTestServer { server in
            let one = try await server.login("one")
            var ping = try await one.nextPing()
            #expect(ping.hasPlayersOnline && ping.playersOnline == 1)
            let two = try await server.login("two")
            ping = try await one.next("a ping counting two") {
                if case .ping(let ping) = $0, ping.playersOnline == 2 { ping } else { nil }
            }
            #expect(ping.playersOnline == 2)
            await two.close()
            ping = try await one.next("a ping counting one again") {
                if case .ping(let ping) = $0, ping.playersOnline == 1 { ping } else { nil }
            }
            #expect(ping.playersOnline == 1)
            await one.close()
        }
    }

    @Test("a spectator hears the players and their departures, is never listed or counted, and moves nothing")
    func spectator() async throws {
        try await withTestServer { server in
            let player = try await server.login("player1")
            try await player.move(x: 10, y: 20)
            try await server.waitForStats { $0.mouseEventsIn == 1 }
            let watcher = try await server.connect()
            try await watcher.send(.playerLogin(.with {
                $0.username = "watcher"
                $0.password = "welcome"
                $0.spectator = true
            }))
            let welcome = try await watcher.loginResult()
            #expect(welcome.ok && welcome.playersOnline == 1, "the spectator is not counted")
            // The players' cursors reach it: the presence snapshot, or the move's own frame
            // when the fan-out tick that carries it comes after the snapshot.
            let seen = try await watcher.next("player1's cursor at (10, 20)") {
                if case .playerCursor(let cursor) = $0, cursor.username == "player1", cursor.x == 10 { cursor } else { nil }
            }
            #expect(seen.y == 20)
            let ping = try await watcher.nextPing()
            #expect(ping.playersOnline == 1)
            #expect(await server.server.stats().playersOnline == 1)
            #expect(await server.server.playersOnline == 1)

            // It moves: nobody hears of it. A newcomer's snapshot does not list it either.
            try await watcher.move(x: 300, y: 300)
            try await server.waitForStats { $0.mouseEventsIn == 2 }
            let newcomer = try await server.login("player2")
            try await newcomer.move(x: 5, y: 5)
            _ = try await player.next("player2's cursor") {
                if case .playerCursor(let cursor) = $0, cursor.username == "player2", cursor.x == 5 { cursor } else { nil }
            }
            _ = try await watcher.next("player2's cursor, to the spectator") {
                if case .playerCursor(let cursor) = $0, cursor.username == "player2", cursor.x == 5 { cursor } else { nil }
            }
            #expect(!names(in: try await newcomer.received()).contains("watcher"))
            #expect(!names(in: try await player.received()).contains("watcher"))

            // A departure reaches it; its own leaves no word for the players.
            await newcomer.close()
            let goodbye = try await watcher.nextLogout()
            #expect(goodbye.username == "player2")
            try await watcher.send(.playerLogout(.with { $0.username = "watcher"; $0.reason = "quit" }))
            _ = try await watcher.waitForClose()
            try await server.waitForStats { $0.disconnects[.loggedOut] == 1 }
            _ = try await player.next("player2's departure") {
                if case .playerLogout(let goodbye) = $0, goodbye.username == "player2" { goodbye } else { nil }
            }
            // A last ping after both left: still one player, and never a word of the spectator.
            _ = try await player.next("a ping counting one") {
                if case .ping(let ping) = $0, ping.playersOnline == 1 { ping } else { nil }
            }
            #expect(!names(in: try await player.received()).contains("watcher"))
            await player.close()
        }
    }
}
