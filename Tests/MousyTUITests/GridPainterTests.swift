import GameUI
import Messages
import TerminalGrid
import Testing
@testable import MousyTUI

@Suite("GridPainter")
struct GridPainterTests {
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

    @Test("the grid shows the frames, the other player with his name, the status pane and the help line")
    func screen() {
        let layout = Layout(columns: 100, rows: 30)
        let grid = GridPainter.paint(state(), layout: layout, now: 1_000_000, colors: true)
        let area = layout.playArea
        #expect(grid.text(ofRow: 0).hasPrefix("┌─ mousy ─"))
        #expect(grid.text(ofRow: area.y + 5).dropFirst(area.x + 20).hasPrefix("*bob"))
        let status = (0..<grid.rows).map { grid.text(ofRow: $0) }
        #expect(status.contains { $0.contains("you     alice") })
        #expect(status.contains { $0.contains("  bob \(Self.bobPoint)") })
        #expect(grid.text(ofRow: layout.helpRow).hasPrefix(" q quit  ? help"))
        // Bob in his colour, bold.
        #expect(grid[area.x + 20, area.y + 5].style.bold)
        #expect(grid[area.x + 20, area.y + 5].style.foreground != nil)
    }

    @Test("without colours players differ by attributes only")
    func monochrome() {
        let layout = Layout(columns: 100, rows: 30)
        let grid = GridPainter.paint(state(), layout: layout, now: 1_000_000, colors: false)
        #expect(grid.cells.allSatisfy { $0.style.foreground == nil })
        let area = layout.playArea
        #expect(grid[area.x + 20, area.y + 5].text == "*")
    }

    @Test("a small terminal shows the notice only")
    func tooSmall() {
        let grid = GridPainter.paint(state(), layout: Layout(columns: 30, rows: 8), now: 0, colors: true)
        #expect((0..<grid.rows).contains { grid.text(ofRow: $0).contains("Terminal too small") })
    }
}
