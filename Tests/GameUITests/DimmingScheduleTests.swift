import Messages
import TestSupport
import Testing
@testable import GameUI

@Suite("when cursors dim")
struct DimmingScheduleTests {
    let start: UInt64 = 1_700_000_000_000_000

    private func cursor(_ name: String, _ x: Int32, _ y: Int32) -> PlayerCursor {
        var cursor = PlayerCursor()
        cursor.username = name
        cursor.x = x
        cursor.y = y
        return cursor
    }

    /// The next dimming found by visiting every player: what the schedule must agree with.
    private func everyPlayer(_ state: GameState, now: UInt64) -> UInt64? {
        state.players.players
            .filter { $0.point != nil }
            .map { $0.changedAtMicros + GameState.idleMicros }
            .filter { $0 > now }
            .min()
    }

    @Test("the next dimming is the one found by visiting every player, through moves, stays, departures and new sessions")
    func agreesWithEveryPlayer() {
        var random = SplitMix64(seed: 7)
        var state = GameState(username: "me", serverAddress: "127.0.0.1:7777")
        state.loggedIn(welcome: nil, now: start)
        var now = start
        for step in 0..<20_000 {
            now += random.next() % 200_000
            let name = "p\(random.next() % 40)"
            switch random.next() % 10 {
            case 0:
                state.playerLeft(username: name, now: now)
            case 1:
                state.cursor(cursor(name, 0, 0), now: now)  // not placed, or the same place
            case 2:
                let x = state.players[name]?.point?.x ?? 5
                state.cursor(cursor(name, x, 5), now: now)  // the same place: no change
            default:
                state.cursor(cursor(name, Int32(random.next() % 800), Int32(random.next() % 600)), now: now)
            }
            if step % 3 == 0 { state.advance(to: now) }
            if step == 10_000 { state.loggedIn(welcome: nil, now: now) }
            let later = now + random.next() % 4_000_000
            #expect(state.nextDimming(now: now) == everyPlayer(state, now: now))
            #expect(state.nextDimming(now: later) == everyPlayer(state, now: later))
        }
    }

    @Test("with 4,096 movers, a frame's question looks at one entry, and the schedule holds at most twice the players")
    func cheap() {
        var state = GameState(username: "me", serverAddress: "127.0.0.1:7777")
        state.loggedIn(welcome: nil, now: start)
        var now = start
        for round in 0..<5 {
            for index in 0..<4096 {
                now += 100
                state.cursor(cursor("p\(index)", Int32(round + 1), Int32(index % 600)), now: now)
            }
            #expect(state.dimming.count <= 2 * state.players.count + 64)
        }
        state.advance(to: now)
        #expect(state.dimming.searchLength(after: now, players: state.players) == 1)
        // Half of them go idle: after the frame's advance, one entry again.
        now = start + 4 * 409_600 + 2048 * 100 + GameState.idleMicros
        state.advance(to: now)
        #expect(state.dimming.searchLength(after: now, players: state.players) == 1)
        #expect(state.nextDimming(now: now) == everyPlayer(state, now: now))
    }
}
