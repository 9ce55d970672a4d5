import Messages
import Testing
@testable import GameUI

@Suite("GameState and the status pane")
struct GameStateTests {
    let start: UInt64 = 1_700_000_000_000_000

    func welcome(players: UInt32 = 1, intervalMs: UInt32 = 1000) -> LoginResult {
        var result = LoginResult()
        result.ok = true
        result.playersOnline = players
        result.pingIntervalMs = intervalMs
        return result
    }

    func cursor(_ name: String, _ x: Int32, _ y: Int32, left: Bool = false, right: Bool = false) -> PlayerCursor {
        var cursor = PlayerCursor()
        cursor.username = name
        cursor.x = x
        cursor.y = y
        cursor.leftClick = left
        cursor.rightClick = right
        return cursor
    }

    func text(_ state: GameState, now: UInt64, height: Int = 40) -> String {
        StatusPane.lines(for: state, now: now, width: 30, height: height).map(\.text).joined(separator: "\n")
    }

    @Test("a message handed through from the server changes the state as its own input does")
    func receivedMessages() {
        var direct = GameState(username: "me", serverAddress: "s")
        var handed = direct
        direct.loggedIn(welcome: welcome(players: 3), now: start)
        handed.loggedIn(welcome: welcome(players: 3), now: start)
        direct.cursor(cursor("ann", 5, 6), now: start + 1)
        handed.received(.playerCursor(cursor("ann", 5, 6)), now: start + 1)
        #expect(handed.sortedPlayers == direct.sortedPlayers)
        #expect(handed.sortedPlayers.map(\.name) == ["ann"])
        direct.playerLeft(username: "ann", now: start + 2)
        handed.received(.playerLogout(.with { $0.username = "ann"; $0.reason = "quit" }), now: start + 2)
        #expect(handed.sortedPlayers.isEmpty && direct.sortedPlayers.isEmpty)
        #expect(handed.playersOnlineAtLogin == direct.playersOnlineAtLogin)
        let silent: [MType] = [.playerLogin, .mouseEvent, .playerLogout, .pingEvent, .loginResult, .playerCursor]
        for kind in silent {
            #expect(GameState.line(for: kind.framedMessage!.init().wireMessage) == nil, "watch prints no line for \(kind)")
        }
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

    @Test("a refusal on the way back after playing stays on the screen, red, instead of ending mousy")
    func refusedAfterPlaying() {
        var state = GameState(username: "player1", serverAddress: "127.0.0.1:7777")
        state.connecting(attempt: 1)
        state.loggedIn(welcome: welcome(), now: start)
        state.disconnected(reason: "The server ended the session: server shutting down.")
        state.connecting(attempt: 2)
        state.refused(reason: "The server refused the login: bad credentials.")
        #expect(state.stopped() == nil)
        let line = StatusPane.connectionLine(state, now: start)
        #expect(line.text == "refused · bad credentials")
        #expect(line.style == .error)
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
        // It never says how many play: unknown, not a guess from the cursors seen.
        #expect(state.playersOnline == nil)
        #expect(StatusPane.onlineLine(state) == "online  unknown")
        state.cursor(cursor("Hans", 1, 1), now: start)
        #expect(state.playersOnline == nil)
        #expect(StatusPane.onlineLine(state) == "online  unknown · 1 shown")
    }

    @Test("online is the server's count from its pings, with how many are shown when fewer")
    func announcedCount() {
        var state = GameState(username: "player1", serverAddress: "127.0.0.1:7777")
        state.loggedIn(welcome: welcome(players: 3), now: start)
        #expect(StatusPane.onlineLine(state) == "online  3 · 0 shown")
        state.cursor(cursor("a", 1, 1), now: start)
        state.cursor(cursor("b", 1, 1), now: start)
        state.ping(length: 12, roundTripMicros: 300, receivedAtMicros: start + 1_000_000, playersOnline: 302)
        #expect(state.playersOnline == 302)
        #expect(StatusPane.onlineLine(state) == "online  302 · 2 shown")
        // A later ping's count replaces it, whatever the cursors seen.
        state.ping(length: 12, roundTripMicros: 300, receivedAtMicros: start + 2_000_000, playersOnline: 3)
        #expect(StatusPane.onlineLine(state) == "online  3")
        state.disconnected(reason: "The server closed the connection.")
        #expect(StatusPane.onlineLine(state) == "online  -")
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

    @Test("last contact turns stale after two missed pings")
    func stale() {
        var state = GameState(username: "player1", serverAddress: "127.0.0.1:7777")
        state.loggedIn(welcome: welcome(intervalMs: 50), now: start)
        state.ping(length: 9, roundTripMicros: 300, receivedAtMicros: start)
        #expect(StatusPane.contactLine(state, now: start + 100_000).text == "contact 0 s ago")
        #expect(!state.isStale(now: start + 100_000))
        #expect(state.isStale(now: start + 100_001))
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
        #expect(state.players["player2"]?.point == WorldPoint(x: 7, y: 8))
        #expect(state.players["player2"]?.left == false)
        #expect(state.players["player2"]?.right == true)
        let lines = text(state, now: start)
        #expect(lines.contains("online  3"))
        #expect(lines.contains("  player2 7,8 R"))
        #expect(lines.contains("  player3 5,6 L"))
        state.playerLeft(username: "player3", now: start)
        #expect(state.playersOnline == 2)
        #expect(!text(state, now: start).contains("player3"))
    }

    @Test("cursors are placed at their world points with their names, own cursor last")
    func placements() {
        let layout = Layout(columns: 100, rows: 30)  // play area 66x27 at (1, 1)
        let mapping = WorldMapping(layout: layout, world: .original)
        var state = GameState(username: "player1", serverAddress: "127.0.0.1:7777")
        state.loggedIn(welcome: welcome(), now: start)
        let alicePoint = mapping.point(of: PlayCell(x: 10, y: 4))
        let bobPoint = mapping.point(of: PlayCell(x: 65, y: 26))
        state.cursor(cursor("alice", alicePoint.x, alicePoint.y, left: true), now: start)
        state.cursor(cursor("bob", bobPoint.x, bobPoint.y), now: start)   // bottom-right corner: label to the left
        state.ownPointer = PointerUpdate(cell: PlayCell(x: 0, y: 0), left: false, right: true)
        let placed = PlayAreaPainter.placements(for: state, layout: layout, now: start)
        let alice = TextStyle.player(state.players["alice"]!.colorSlot)
        let bob = TextStyle.player(state.players["bob"]!.colorSlot)
        #expect(placed == [
            Placement(column: 12, row: 5, text: "alice", style: alice),
            Placement(column: 63, row: 27, text: "bob", style: bob),
            Placement(column: 11, row: 5, text: "L", style: alice),
            Placement(column: 66, row: 27, text: "*", style: bob),
            Placement(column: 1, row: 1, text: "R", style: .own),
        ])
        state.mouseCaptured = false
        #expect(PlayAreaPainter.placements(for: state, layout: layout, now: start).allSatisfy { $0.style != .own })
        #expect(PlayAreaPainter.placements(for: state, layout: Layout(columns: 30, rows: 10), now: start).isEmpty)
    }

    @Test("player colours are stable, and distinct on one screen while there are slots")
    func colors() {
        #expect(PlayerColors.slot(for: "player2") == PlayerColors.slot(for: "player2"))
        var state = GameState(username: "player1", serverAddress: "127.0.0.1:7777")
        state.loggedIn(welcome: welcome(), now: start)
        for index in 2...(PlayerColors.count + 1) {
            state.cursor(cursor("player\(index)", 1, 1), now: start)
        }
        let slots = state.players.players.map(\.colorSlot)
        #expect(Set(slots).count == PlayerColors.count)
        #expect(slots.allSatisfy { (0..<PlayerColors.count).contains($0) })
        // One more than there are slots: it shares the least used one.
        state.cursor(cursor("extra", 1, 1), now: start)
        #expect((0..<PlayerColors.count).contains(state.players["extra"]!.colorSlot))
        // A player keeps its slot while it stays.
        let before = state.players["player5"]!.colorSlot
        state.playerLeft(username: "player3", now: start)
        state.cursor(cursor("player5", 9, 9), now: start)
        #expect(state.players["player5"]!.colorSlot == before)
    }

    @Test("a player who has not moved is listed but not drawn; once seen, 0,0 is a real point")
    func neverMoved() {
        let layout = Layout(columns: 100, rows: 30)
        var state = GameState(username: "player1", serverAddress: "127.0.0.1:7777")
        state.loggedIn(welcome: welcome(), now: start)
        state.cursor(cursor("idle", 0, 0), now: start)
        #expect(state.players["idle"]?.point == nil)
        #expect(PlayAreaPainter.placements(for: state, layout: layout, now: start).isEmpty)
        #expect(text(state, now: start).contains("  idle -"))
        state.cursor(cursor("idle", 0, 0), now: start)
        #expect(state.players["idle"]?.point == nil)
        state.cursor(cursor("idle", 400, 300), now: start)
        state.cursor(cursor("idle", 0, 0), now: start)
        #expect(state.players["idle"]?.point == WorldPoint(x: 0, y: 0))
        // The bottom-left corner of the world is the bottom-left cell of the play area.
        let area = layout.playArea
        #expect(PlayAreaPainter.placements(for: state, layout: layout, now: start).contains(
            Placement(column: area.x, row: area.maxY - 1, text: "*", style: .player(state.players["idle"]!.colorSlot))))
        // A click at 0,0 is a position at once.
        state.cursor(cursor("clicker", 0, 0, left: true), now: start)
        #expect(state.players["clicker"]?.point == WorldPoint(x: 0, y: 0))
    }

    @Test("a cursor unchanged for 3 s is dimmed, and the screen wakes up to dim it")
    func idleCursorsDim() {
        let layout = Layout(columns: 100, rows: 30)
        var state = GameState(username: "player1", serverAddress: "127.0.0.1:7777")
        state.loggedIn(welcome: welcome(), now: start)
        state.cursor(cursor("bob", 400, 300), now: start)
        let slot = state.players["bob"]!.colorSlot
        func bobStyle(_ now: UInt64) -> TextStyle? {
            PlayAreaPainter.placements(for: state, layout: layout, now: now).first { $0.text == "*" }?.style
        }
        #expect(bobStyle(start + 2_999_999) == .player(slot))
        #expect(bobStyle(start + 3_000_000) == .idlePlayer(slot))
        #expect(state.nextTimedChange(now: start + 2_500_000) == start + 3_000_000)
        // The same position again is no change; a move is.
        state.cursor(cursor("bob", 400, 300), now: start + 2_000_000)
        #expect(bobStyle(start + 3_000_000) == .idlePlayer(slot))
        state.cursor(cursor("bob", 401, 300), now: start + 3_500_000)
        #expect(bobStyle(start + 4_000_000) == .player(slot))
    }
}
