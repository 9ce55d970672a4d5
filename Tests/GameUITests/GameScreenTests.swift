import Messages
import TerminalGrid
import TerminalModel
import TestSupport
import Testing
@testable import GameUI

@Suite("GameScreen")
struct GameScreenTests {
    /// Bob's world point that the 100x30 layout draws in the play area's cell (20, 5).
    private static let bobPoint = WorldMapping(layout: Layout(columns: 100, rows: 30), world: .original)
        .point(of: PlayCell(x: 20, y: 5))

    private func state() -> GameState {
        var state = GameState(username: "alice", serverAddress: "127.0.0.1:7777")
        state.loggedIn(welcome: nil, now: 1_000_000)
        var cursor = PlayerCursor()
        cursor.username = "bob"
        cursor.x = Self.bobPoint.x
        cursor.y = Self.bobPoint.y
        state.cursor(cursor, now: 1_000_000)
        return state
    }

    @Test("the screen shows the frames, the other player with his name, the status pane and the help line")
    func screen() {
        let layout = Layout(columns: 100, rows: 30)
        let grid = GameScreen.paint(state(), layout: layout, now: 1_000_000)
        let area = layout.playArea
        #expect(grid.text(ofRow: 0).hasPrefix("┌─ mousy ─"))
        #expect(grid.text(ofRow: area.y + 5).dropFirst(area.x + 20).hasPrefix("*bob"))
        let status = (0..<grid.rows).map { grid.text(ofRow: $0) }
        #expect(status.contains { $0.contains("you     alice") })
        #expect(status.contains { $0.contains("  bob \(Self.bobPoint)") })
        #expect(grid.text(ofRow: layout.helpRow).hasPrefix(" q quit  ? help"))
        // Bob in his colour, live.
        let slot = state().players["bob"]!.colorSlot
        #expect(grid[area.x + 20, area.y + 5].style == .player(slot))
        #expect(grid[0, 0].style == .normal)
        #expect(grid[2, 0].style == .title)
    }

    @Test("the help overlay is framed in the middle of the play area, over the cursors")
    func overlay() {
        let layout = Layout(columns: 100, rows: 30)
        var state = state()
        state.showHelp = true
        let rows = (0..<layout.rows).map { GameScreen.paint(state, layout: layout, now: 1_000_000).text(ofRow: $0) }
        #expect(rows.contains { $0.contains("┌─ help ─") })
        #expect(rows.contains { $0.contains("│ Move the mouse in the play area: others") })
        #expect(!rows.contains { $0.contains("*bob") })
    }

    @Test("a small terminal shows the notice only")
    func tooSmall() {
        let grid = GameScreen.paint(state(), layout: Layout(columns: 30, rows: 8), now: 0)
        #expect((0..<grid.rows).contains { grid.text(ofRow: $0).contains("Terminal too small") })
        #expect(!(0..<grid.rows).contains { grid.text(ofRow: $0).contains("┌") })
    }

    @Test("the remembered placements give the same screen as fresh ones, and go stale when a cursor turns idle")
    func remembered() {
        let layout = Layout(columns: 100, rows: 30)
        var view = GameScreen()
        var state = state()
        let area = layout.playArea
        #expect(view.screen(for: state, layout: layout, now: 1_000_000) == GameScreen.paint(state, layout: layout, now: 1_000_000))
        state.ping(length: 9, roundTripMicros: 400, receivedAtMicros: 1_500_000)
        #expect(view.screen(for: state, layout: layout, now: 1_500_000) == GameScreen.paint(state, layout: layout, now: 1_500_000))
        let idle = 1_000_000 + GameState.idleMicros
        let slot = state.players["bob"]!.colorSlot
        #expect(view.screen(for: state, layout: layout, now: idle)[area.x + 20, area.y + 5].style == .idlePlayer(slot))
        state.ownPointer = PointerUpdate(cell: PlayCell(x: 3, y: 3), left: true, right: false)
        #expect(view.screen(for: state, layout: layout, now: idle)[area.x + 3, area.y + 3].text == "L")
    }

    @Test("the backends' screen (styled per text run) is the view's screen with the palette mapped over it", arguments: [
        ColorDepth.twoFiftySix, .eight, .none,
    ])
    func styledScreen(depth: ColorDepth) {
        var view = GameScreen()
        var state = state()
        state.ping(length: 9, roundTripMicros: 400, receivedAtMicros: 1_500_000)
        for (columns, rows) in [(100, 30), (60, 20), (30, 8)] {
            let layout = Layout(columns: columns, rows: rows)
            state.showHelp = columns == 60
            let mapped = GameScreen.paint(state, layout: layout, now: 1_500_000).mapStyles { Palette.style(for: $0, depth: depth) }
            #expect(view.screen(for: state, layout: layout, now: 1_500_000, depth: depth) == mapped)
        }
    }

    @Test("an idle session (pings only) costs under 100 bytes a second through the differ, and its terminal shows the screen exactly",
          arguments: [(100, 30), (60, 30)])
    func idleOutput(columns: Int, rows: Int) {
        let layout = Layout(columns: columns, rows: rows)
        var state = GameState(username: "idle", serverAddress: "127.0.0.1:7777")
        let start: UInt64 = 1_764_000_000_000_000
        state.loggedIn(welcome: nil, now: start)
        var view = GameScreen()
        var differ = GridDiffer(depth: .twoFiftySix)
        var terminal = ModelTerminal(columns: columns, rows: rows)
        var random = SplitMix64(seed: 7)
        var bytes = 0
        var now = start
        func frame(at time: UInt64) {
            let grid = view.screen(for: state, layout: layout, now: time, depth: .twoFiftySix)
            let output = differ.render(grid)
            terminal.apply(output)
            #expect(terminal.unsupported == [])
            #expect(terminal.differences(from: grid) == [], "\(output.debugDescription)")
            if time >= start + 30_000_000 { bytes += output.utf8.count }
        }
        for second in 0..<60 {
            // Pings a second apart, a few milliseconds late or early; the frame 20 ms later.
            let arrival = start + UInt64(second) * 1_000_000 + random.next() % 5_000
            // The status pane's clocks tick in between ("last heard 1 s ago") when a ping is
            // late; an SSH session draws such a change 100 ms late, by when the ping is usually in.
            while let change = state.nextTimedChange(now: now), change + 100_000 < arrival {
                now = change + 100_000
                frame(at: now)
            }
            state.ping(length: 9, roundTripMicros: 250 + random.next() % 500, receivedAtMicros: arrival)
            now = arrival + 20_000
            frame(at: now)
        }
        // The log fills the pane after 18 pings; the last 30 s are the steady state.
        #expect(bytes / 30 < 100, "\(bytes / 30) bytes a second")
    }
}
