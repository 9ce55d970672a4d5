import DevServer
import Messages
import NIOCore
import TestSupport
import Testing

@Suite("Presence and fan-out")
struct FanOutTests {
    @Test("after a login the newcomer sees those already there, and they see the newcomer")
    func presence() async throws {
        try await withTestServer { server in
            let alice = try await server.login("alice")
            try await alice.send(.mouseMove(.with { $0.x = 7; $0.y = 3 }))
            let bob0 = try await server.login("bob0")
            let seen = try await bob0.nextCursor()
            #expect(seen.username == "alice")
            if (seen.x, seen.y) != (7, 3) {
                // The snapshot predates alice's move; the move follows within a tick.
                let moved = try await bob0.nextCursor()
                #expect(moved.username == "alice" && moved.x == 7 && moved.y == 3)
            }
            let aliceSeesBob0 = try await alice.nextCursor()
            #expect(aliceSeesBob0.username == "bob0")
            #expect(aliceSeesBob0.x == 0 && aliceSeesBob0.y == 0)

            let carol = try await server.login("carol")
            var names: Set<String> = []
            var alicePosition: (Int32, Int32)?
            // Both presences; alice's at (7, 3), or (when carol's loop snapshots her before
            // her move reached it) followed by the move.
            while names.count < 2 || alicePosition.map({ $0 != (7, 3) }) ?? true {
                let cursor = try await carol.nextCursor()
                names.insert(cursor.username)
                if cursor.username == "alice" { alicePosition = (cursor.x, cursor.y) }
            }
            #expect(names == ["alice", "bob0"])
            #expect(try await alice.nextCursor().username == "carol")
            #expect(try await bob0.nextCursor().username == "carol")
            for client in [alice, bob0, carol] { await client.close() }
        }
    }

    @Test("a broadcast message reaches every player on every loop, once")
    func broadcastReachesEveryone() async throws {
        try await withTestServer({ $0.eventLoopThreads = 3 }) { server in
            var players: [TestClient] = []
            for name in ["ann", "ben", "cy", "dee"] { players.append(try await server.login(name)) }
            let announcement = PlayerCursor.with { $0.username = "announcer"; $0.x = 4; $0.y = 2 }
            await server.server.broadcast(.playerCursor(announcement))
            for player in players {
                let received = try await player.next("the broadcast") {
                    if case .playerCursor(let cursor) = $0, cursor.username == "announcer" { cursor } else { nil }
                }
                #expect(received == announcement)
            }
            for player in players {
                #expect(try await player.cursors(of: "announcer").count == 1)
                await player.close()
            }
        }
    }

    @Test("a move reaches the other player as PLAYER_CURSOR, logged at debug level")
    func moveReachesOther() async throws {
        try await withTestServer { server in
            let mover = try await server.login("mover")
            let watcher = try await server.login("watcher")
            #expect(try await watcher.nextCursor().username == "mover")
            try await mover.send(.mouseMove(.with { $0.x = 10; $0.y = 5; $0.leftClick = true }))
            let cursor = try await watcher.nextCursor()
            #expect(cursor.username == "mover")
            #expect(cursor.x == 10 && cursor.y == 5 && cursor.leftClick && !cursor.rightClick)
            #expect(server.logs.contains("Dispatcher got message of type 2 from: mover"))
            await mover.close()
            await watcher.close()
        }
    }

    @Test("moves coalesce to the latest position, but a click between ticks is never lost")
    func clickNotLost() async throws {
        try await withTestServer { server in
            let mover = try await server.login("clicker")
            let watcher = try await server.login("watcher")
            _ = try await watcher.nextCursor()
            // A whole click within one write: far shorter than a tick.
            var moves: [WireMessage] = []
            for x in Int32(1)...50 { moves.append(.mouseMove(.with { $0.x = x; $0.y = 1 })) }
            moves.append(.mouseMove(.with { $0.x = 50; $0.y = 2; $0.leftClick = true }))
            moves.append(.mouseMove(.with { $0.x = 50; $0.y = 3 }))
            try await mover.send(moves)
            var seen: [PlayerCursor] = []
            while seen.last.map({ ($0.x, $0.y) != (50, 3) }) ?? true {
                seen.append(try await watcher.nextCursor())
            }
            #expect(seen.contains { $0.leftClick && $0.x == 50 && $0.y == 2 })
            #expect(seen.last?.leftClick == false)
            // Coalesced: far fewer frames than moves.
            #expect(seen.count < 20)
            await mover.close()
            await watcher.close()
        }
    }

    @Test("a player never receives its own cursor")
    func notOwnCursor() async throws {
        try await withTestServer { server in
            let solo = try await server.login("solo")
            let other = try await server.login("other")
            _ = try await solo.nextCursor()  // other's presence
            try await solo.send(.mouseMove(.with { $0.x = 4 }))
            // solo's presence and its move: two frames, or one when the presence reaches
            // other's loop after the move (they coalesce).
            while try await other.nextCursor().x != 4 {}
            // A marker move from the other player: solo must see it, and nothing of its own.
            try await other.send(.mouseMove(.with { $0.x = 99 }))
            let next = try await solo.nextCursor()
            #expect(next.username == "other")
            #expect(next.x == 99)
            await solo.close()
            await other.close()
        }
    }

    @Test("with more players than max visible, each sees the most recently active; idle newcomers rank last")
    func visibleLimit() async throws {
        // One event loop: each loop ranks its own visible set, so a newcomer on another
        // loop could log in before that loop's tick has applied p2's move.
        try await withTestServer({ $0.maxVisible = 2; $0.eventLoopThreads = 1 }) { server in
            // With at most max visible + 1 players, everyone sees everyone.
            var clients: [TestClient] = []
            for name in ["p1", "p2", "p3"] {
                clients.append(try await server.login(name))
            }
            for (client, others) in zip(clients, [["p2", "p3"], ["p1", "p3"], ["p1", "p2"]]) {
                var seen: Set<String> = []
                for _ in others { seen.insert(try await client.nextCursor().username) }
                #expect(seen == Set(others))
            }
            // p2 acts: it becomes the most recently active; p1 and p3 never moved, p1 came first.
            try await clients[1].send(.mouseMove(.with { $0.x = 11 }))
            for watcher in [clients[0], clients[2]] {
                let cursor = try await watcher.nextCursor()
                #expect(cursor.username == "p2" && cursor.x == 11)
            }
            let p4 = try await server.login("p4")
            let first = try await p4.nextCursor()
            let second = try await p4.nextCursor()
            #expect([first.username, second.username] == ["p2", "p1"])
            // p4 has not moved and there are more than max visible + 1 players: nobody is
            // shown p4 until it moves, and then everyone is.
            try await p4.send(.mouseMove(.with { $0.x = 44 }))
            for watcher in clients {
                let cursor = try await watcher.nextCursor()
                #expect(cursor.username == "p4" && cursor.x == 44)
            }
            // p5 comes and goes unseen: no goodbye for it; p4's goodbye reaches everyone.
            let p5 = try await server.login("p5")
            await p5.close()
            try await server.waitForStats { $0.playersOnline == 4 }
            await p4.close()
            for watcher in clients {
                #expect(try await watcher.nextLogout().username == "p4")
            }
            for client in clients { await client.close() }
        }
    }
}
