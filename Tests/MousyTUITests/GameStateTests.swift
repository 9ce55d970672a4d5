import Messages
import Testing
@testable import MousyTUI

@Suite("GameState and the status pane")
struct GameStateTests {
    let start: UInt64 = 1_700_000_000_000_000

    private func welcome(players: UInt32 = 1, intervalMs: UInt32 = 1000) -> LoginResult {
        var result = LoginResult()
        result.ok = true
        result.playersOnline = players
        result.pingIntervalMs = intervalMs
        return result
    }

    private func cursor(_ name: String, _ x: Int32, _ y: Int32, left: Bool = false, right: Bool = false) -> PlayerCursor {
        var cursor = PlayerCursor()
        cursor.username = name
        cursor.x = x
        cursor.y = y
        cursor.leftClick = left
        cursor.rightClick = right
        return cursor
    }

    private func text(_ state: GameState, now: UInt64, height: Int = 40) -> String {
        StatusPane.lines(for: state, now: now, width: 30, height: height).map(\.text).joined(separator: "\n")
    }

    @Test("the connection line follows the session")
    func connection() {
        var state = GameState(username: "player1", serverAddress: "127.0.0.1:7777")
        #expect(StatusPane.connectionLine(state, now: start).text == "starting")
        state.connecting(attempt: 1)
        #expect(StatusPane.connectionLine(state, now: start).text == "connecting")
        state.connecting(attempt: 3)
        #expect(StatusPane.connectionLine(state, now: start).text == "connecting (attempt 3)")
        state.loggedIn(welcome: welcome(), now: start)
        #expect(StatusPane.connectionLine(state, now: start).text == "logged in · last heard 0 s ago")
        state.disconnected(reason: "connection reset")
        #expect(StatusPane.connectionLine(state, now: start).text == "disconnected · connection reset · last heard 0 s ago")
        state.reconnecting(inMicros: 2_500_000, now: start)
        #expect(StatusPane.connectionLine(state, now: start).text == "reconnecting in 3 s · connection reset · last heard 0 s ago")
        #expect(StatusPane.connectionLine(state, now: start + 1_600_000).text == "reconnecting in 1 s · connection reset · last heard 1 s ago")
        #expect(state.stopped() == nil)  // it had played: not a failure to report
        #expect(StatusPane.connectionLine(state, now: start).text == "server gone · connection reset · last heard 0 s ago")
    }

    @Test("a refusal is final and reported")
    func refused() {
        var state = GameState(username: "player1", serverAddress: "127.0.0.1:7777")
        state.connecting(attempt: 1)
        state.refused(reason: "bad credentials")
        state.disconnected(reason: "closed")
        #expect(StatusPane.connectionLine(state, now: start).text == "refused · bad credentials")
        #expect(state.stopped() == "bad credentials")
    }

    @Test("a server that cannot be reached is reported as a failure")
    func unreachable() {
        var state = GameState(username: "player1", serverAddress: "127.0.0.1:1")
        state.connecting(attempt: 1)
        state.disconnected(reason: "connection refused")
        #expect(state.stopped() == "connection refused")
    }

    @Test("an original server's first ping means logged in")
    func originalServer() {
        var state = GameState(username: "player1", serverAddress: "127.0.0.1:7777")
        state.connecting(attempt: 1)
        state.ping(length: 9, roundTripMicros: nil, receivedAtMicros: start)
        #expect(state.connection == .loggedIn)
        #expect(state.playersOnline == 1)
        state.cursor(cursor("Hans", 1, 1), now: start)
        #expect(state.playersOnline == 2)
    }

    @Test("pings are counted and logged newest first, and the log scrolls")
    func pings() {
        var state = GameState(username: "player1", serverAddress: "127.0.0.1:7777")
        state.loggedIn(welcome: welcome(), now: start)
        for index in 0..<(GameState.pingLogCapacity + 5) {
            state.ping(length: 9 + index % 2, roundTripMicros: UInt64(100 + index), receivedAtMicros: start + UInt64(index) * 1_000_000)
        }
        #expect(state.pingCount == GameState.pingLogCapacity + 5)
        #expect(state.pingLog.count == GameState.pingLogCapacity)
        #expect(state.pingLog.last?.roundTripMicros == UInt64(100 + GameState.pingLogCapacity + 4))
        let now = start + UInt64(GameState.pingLogCapacity + 4) * 1_000_000
        let lines = StatusPane.lines(for: state, now: now, width: 30, height: 14).map(\.text)
        #expect(lines.count == 14)
        #expect(lines.contains("pings   \(GameState.pingLogCapacity + 5)"))
        #expect(lines.contains("rtt     0.30 ms"))
        let header = lines.firstIndex(of: "time      len  rtt")!
        #expect(lines[header + 1].hasSuffix("    9  0.30 ms"))
        #expect(lines[header + 2].hasSuffix("   10  0.30 ms"))
        #expect(lines.allSatisfy { $0.count <= 30 })
    }

    @Test("last contact turns stale after three missed pings")
    func stale() {
        var state = GameState(username: "player1", serverAddress: "127.0.0.1:7777")
        state.loggedIn(welcome: welcome(intervalMs: 50), now: start)
        state.ping(length: 9, roundTripMicros: 300, receivedAtMicros: start)
        #expect(StatusPane.contactLine(state, now: start + 100_000).text == "contact 0 s ago")
        #expect(!state.isStale(now: start + 150_000))
        #expect(state.isStale(now: start + 150_001))
        #expect(StatusPane.contactLine(state, now: start + 2_100_000).text == "contact 2 s ago STALE")
        #expect(state.nextTimedChange(now: start + 2_100_000) == start + 3_000_000)
        state.ping(length: 9, roundTripMicros: 300, receivedAtMicros: start + 2_200_000)
        #expect(!state.isStale(now: start + 2_300_000))
    }

    @Test("other players appear, move, click and leave; the own name is not another player")
    func players() {
        var state = GameState(username: "player1", serverAddress: "127.0.0.1:7777")
        state.loggedIn(welcome: welcome(players: 2), now: start)
        state.cursor(cursor("player2", 3, 4), now: start)
        #expect(state.playersOnline == 2)
        state.cursor(cursor("player1", 9, 9), now: start)
        #expect(state.players.count == 1)
        state.cursor(cursor("player3", 5, 6, left: true), now: start)
        #expect(state.playersOnline == 3)
        state.cursor(cursor("player2", 7, 8, right: true), now: start)
        #expect(state.players["player2"] == RemotePlayer(name: "player2", cell: PlayCell(x: 7, y: 8), left: false, right: true))
        let lines = text(state, now: start)
        #expect(lines.contains("online  3"))
        #expect(lines.contains("  player2 7,8 R"))
        #expect(lines.contains("  player3 5,6 L"))
        state.playerLeft(username: "player3", now: start)
        #expect(state.playersOnline == 2)
        #expect(!text(state, now: start).contains("player3"))
    }

    @Test("cursors are placed with their names, clipped to the play area, own cursor last")
    func placements() {
        let layout = Layout(columns: 100, rows: 30)  // play area 66x27 at (1, 1)
        var state = GameState(username: "player1", serverAddress: "127.0.0.1:7777")
        state.loggedIn(welcome: welcome(), now: start)
        state.cursor(cursor("alice", 10, 4, left: true), now: start)
        state.cursor(cursor("bob", 65, 26), now: start)      // bottom-right corner: label to the left
        state.cursor(cursor("carol", 66, 0), now: start)     // beyond this play area: hidden
        state.ownPointer = PointerUpdate(cell: PlayCell(x: 0, y: 0), left: false, right: true)
        let placed = PlayAreaPainter.placements(for: state, layout: layout)
        let alice = TextStyle.player(PlayerColors.slot(for: "alice"))
        let bob = TextStyle.player(PlayerColors.slot(for: "bob"))
        #expect(placed == [
            Placement(column: 11, row: 5, text: "L", style: alice),
            Placement(column: 12, row: 5, text: "alice", style: alice),
            Placement(column: 66, row: 27, text: "*", style: bob),
            Placement(column: 63, row: 27, text: "bob", style: bob),
            Placement(column: 1, row: 1, text: "R", style: .own),
        ])
        state.mouseCaptured = false
        #expect(PlayAreaPainter.placements(for: state, layout: layout).allSatisfy { $0.style != .own })
        #expect(PlayAreaPainter.placements(for: state, layout: Layout(columns: 30, rows: 10)).isEmpty)
    }

    @Test("player colours are stable and spread")
    func colors() {
        #expect(PlayerColors.slot(for: "player2") == PlayerColors.slot(for: "player2"))
        let slots = Set((1...20).map { PlayerColors.slot(for: "player\($0)") })
        #expect(slots.count >= 4)
        #expect(slots.allSatisfy { (0..<PlayerColors.count).contains($0) })
    }
}
