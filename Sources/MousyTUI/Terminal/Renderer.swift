import CNcurses
import GameUI
import TerminalGrid

/// The curses backend: draws the screen `GameScreen` describes, in the `Palette`'s
/// styles for the terminal's depth, and only that. Only the cells that changed since the
/// last frame are drawn; curses then sends the terminal only those. Frame lines are
/// drawn with the terminal's line-drawing characters.
final class Renderer {
    private let depth: ColorDepth
    private let palette: CursesPalette
    private var view = GameScreen()
    private var drawn: StyledGrid<TextStyle>?

    init(depth: ColorDepth, palette: CursesPalette) {
        self.depth = depth
        self.palette = palette
    }

    /// Forgets what is on the screen, so the next `render` draws everything.
    func invalidate() {
        drawn = nil
    }

    func render(_ state: GameState, layout: Layout, now: UInt64) {
        draw(view.screen(for: state, layout: layout, now: now))
    }

    // Only the cells that changed are drawn, and their styles mapped; cells are compared
    // field by field here: the grid's generic methods, called per cell from this module,
    // are not specialised, and a whole-screen map and compare per frame cost more than
    // the drawing.
    private func draw(_ screen: StyledGrid<TextStyle>) {
        let previous = drawn.flatMap { $0.columns == screen.columns && $0.rows == screen.rows ? $0.cells : nil }
        if previous == nil { erase() }
        let cells = screen.cells
        var attributes = mousy_a_normal()
        _ = mousy_attrset(attributes)
        for index in cells.indices {
            if let previous, previous[index].text == cells[index].text, previous[index].style == cells[index].style {
                continue
            }
            var (row, column) = index.quotientAndRemainder(dividingBy: screen.columns)
            var cell = cells[index]
            if cell.isContinuation {
                // The right half of a wide character: drawn with its left half.
                guard column > 0 else { continue }
                column -= 1
                cell = cells[index - 1]
            }
            let style = Palette.style(for: cell.style, depth: depth)
            if previous == nil, cell.text == " ", style == .plain { continue }  // erased already
            let wanted = palette.attributes(for: style)
            if wanted != attributes {
                attributes = wanted
                _ = mousy_attrset(attributes)
            }
            // Each cell at its own column, so that curses' idea of a character's width
            // never shifts the rest of the row.
            if let line = Self.lineDrawing(cell.text) {
                mvaddch(Int32(row), Int32(column), line)
            } else {
                _ = mvaddnstr(Int32(row), Int32(column), cell.text, -1)
            }
        }
        _ = mousy_attrset(mousy_a_normal())
        drawn = screen
        refresh()
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
