import CNcurses
import GameUI
import TerminalGrid

/// The curses backend: draws the screen `GameScreen` describes, in the `Palette`'s
/// styles for the terminal's depth, and only that. Rows that did not change since the
/// last frame are not touched; curses then sends the terminal only the cells that
/// differ. Frame lines are drawn with the terminal's line-drawing characters.
final class Renderer {
    private let depth: ColorDepth
    private let palette: CursesPalette
    private var view = GameScreen()
    private var drawn: CellGrid?

    init(depth: ColorDepth, palette: CursesPalette) {
        self.depth = depth
        self.palette = palette
    }

    /// Forgets what is on the screen, so the next `render` draws everything.
    func invalidate() {
        drawn = nil
    }

    func render(_ state: GameState, layout: Layout, now: UInt64) {
        draw(view.screen(for: state, layout: layout, now: now, depth: depth))
    }

    private func draw(_ screen: CellGrid) {
        let previous = drawn.flatMap { $0.columns == screen.columns && $0.rows == screen.rows ? $0 : nil }
        if previous == nil { erase() }
        for row in 0..<screen.rows where previous.map({ !Self.sameRow(row, $0, screen) }) ?? true {
            drawRow(row, of: screen)
        }
        drawn = screen
        refresh()
    }

    private static func sameRow(_ row: Int, _ a: CellGrid, _ b: CellGrid) -> Bool {
        let range = (row * a.columns)..<((row + 1) * a.columns)
        return a.cells[range] == b.cells[range]
    }

    /// Clears the row, then draws each cell that is not a plain space at its own column,
    /// so that curses' idea of a character's width never shifts the rest of the row.
    private func drawRow(_ row: Int, of screen: CellGrid) {
        _ = move(Int32(row), 0)
        _ = clrtoeol()
        for column in 0..<screen.columns {
            let cell = screen[column, row]
            guard !cell.isContinuation, cell != .blank else { continue }
            _ = mousy_attrset(palette.attributes(for: cell.style))
            if let line = Self.lineDrawing(cell.text) {
                mvaddch(Int32(row), Int32(column), line)
            } else {
                _ = mvaddnstr(Int32(row), Int32(column), cell.text, -1)
            }
        }
        _ = mousy_attrset(mousy_a_normal())
    }

    /// The curses line-drawing character for a frame glyph of `GameScreen`.
    private static func lineDrawing(_ glyph: String) -> chtype? {
        switch glyph {
        case "┌": return mousy_acs_ulcorner()
        case "┐": return mousy_acs_urcorner()
        case "└": return mousy_acs_llcorner()
        case "┘": return mousy_acs_lrcorner()
        case "─": return mousy_acs_hline()
        case "│": return mousy_acs_vline()
        default: return nil
        }
    }
}
