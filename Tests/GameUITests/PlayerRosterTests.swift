import TestSupport
import Testing
@testable import GameUI

@Suite("Player roster")
struct PlayerRosterTests {
    static func player(_ name: String, x: Int32 = 0) -> RemotePlayer {
        RemotePlayer(name: name, point: WorldPoint(x: x, y: 0), left: false, right: false)
    }

    @Test("players are kept in display order as they come and go, without sorting")
    func order() {
        var roster = PlayerRoster()
        var generator = SystemRandomNumberGenerator()
        var names = (0..<500).map { "p\($0)" }
        names.shuffle(using: &generator)
        for name in names { roster.set(Self.player(name), for: name) }
        #expect(roster.inOrder.map(\.name) == names.sorted())
        for name in names.prefix(200) { roster.remove(name) }
        #expect(roster.inOrder.map(\.name) == Array(names.dropFirst(200)).sorted())
        #expect(roster.inOrder(first: 3).map(\.name) == Array(Array(names.dropFirst(200)).sorted().prefix(3)))
    }

    @Test("the least recently seen are evicted first, and counted")
    func leastRecentlySeen() {
        var roster = PlayerRoster(capacity: 3)
        for name in ["a", "b", "c"] { roster.set(Self.player(name), for: name) }
        roster.set(Self.player("a", x: 5), for: "a")  // seen again: now the most recent
        roster.set(Self.player("d"), for: "d")
        #expect(roster.inOrder.map(\.name) == ["a", "c", "d"])
        #expect(roster["a"]?.point?.x == 5)
        #expect(roster.evicted == 1)
        roster.set(Self.player("e"), for: "e")
        #expect(roster.inOrder.map(\.name) == ["a", "d", "e"])
        #expect(roster.evicted == 2)
    }

    @Test("a flood of 100,000 names: at most 4,096 remembered, the rest counted, memory bounded")
    func flood() {
        var roster = PlayerRoster()
        for i in 0..<100_000 {
            let name = "flood\(i)"
            roster.set(Self.player(name), for: name)
            // Known players move meanwhile: their sightings must not pile up either.
            if i % 3 == 0 { roster.set(Self.player(name, x: 1), for: name) }
        }
        #expect(roster.count == PlayerRoster.defaultCapacity)
        #expect(roster.evicted == 100_000 - PlayerRoster.defaultCapacity)
        #expect(roster.sightingsHeld <= 2 * roster.count + 65)
        // The most recently seen are the ones kept.
        #expect(roster["flood99999"] != nil)
        #expect(roster["flood0"] == nil)
        #expect(roster.inOrder.count == PlayerRoster.defaultCapacity)
    }

    @Test("after a flood, a ping's redraw and a known player's move touch no other player")
    func workPerEvent() {
        var roster = PlayerRoster()
        for i in 0..<100_000 { roster.set(Self.player("flood\(i)"), for: "flood\(i)") }
        // Reading the first lines of the list costs no comparison.
        let before = roster.orderingWork
        _ = roster.inOrder(first: 20)
        #expect(roster.orderingWork == before)
        // A known player's move: no comparison at all.
        roster.set(Self.player("flood99990", x: 7), for: "flood99990")
        #expect(roster.orderingWork == before)
        // A newcomer (which evicts one): two binary searches, about 2 x log2(4096) comparisons.
        roster.set(Self.player("newcomer"), for: "newcomer")
        #expect(roster.orderingWork - before <= 3 * 13)
    }
}

@Suite("GameState under a name flood")
struct GameStateFloodTests {
    @Test("100,000 names: 4,096 remembered; a ping then changes nothing that draws players, and the pane lists only what fits", .ownThreads)
    func flood() {
        let start: UInt64 = 1_700_000_000_000_000
        var state = GameState(username: "me", serverAddress: "127.0.0.1:7777")
        state.connecting(attempt: 1)
        state.loggedIn(welcome: .with { $0.ok = true; $0.pingIntervalMs = 1000 }, now: start)
        for i in 0..<100_000 {
            state.cursor(.with {
                $0.username = "flood\(i)"
                $0.x = Int32(i % 70)
                $0.y = Int32(i % 20)
            }, now: start + UInt64(i))
        }
        #expect(state.players.count == PlayerRoster.defaultCapacity)
        #expect(state.players.evicted == 100_000 - PlayerRoster.defaultCapacity)
        #expect(state.players.sightingsHeld <= 2 * PlayerRoster.defaultCapacity + 65)
        // The colour slots in use are counted as players come and are evicted.
        #expect(state.players.colorSlotUses.reduce(0, +) == state.players.count)

        // A ping: the players are untouched (the renderer keeps the play area as drawn),
        // no ordering work is done, and the status pane takes only the names it shows.
        let version = state.players.version
        let work = state.players.orderingWork
        state.ping(length: 9, roundTripMicros: 400, receivedAtMicros: start + 200_000)
        #expect(state.players.version == version)
        #expect(state.players.orderingWork == work)
        let lines = StatusPane.lines(for: state, now: start + 200_000, width: 30, height: 40)
        #expect(lines.count <= 40)
        #expect(lines.filter { $0.text.hasPrefix("  flood") }.count < 40)
        #expect(state.players.orderingWork == work)
    }
}
