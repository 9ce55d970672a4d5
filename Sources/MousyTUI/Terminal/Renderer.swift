import CNcurses
import GameUI

/// Draws a `GameState` with curses, touching only what changed since the last frame:
/// the frames and help line on a layout change, the play area when its placements
/// change, and each status line when its text changes. curses then sends the terminal
/// only the cells that differ.
final class Renderer {
    private let colors: ColorDepth
    private var drawnLayout: Layout?
    private var drawnPlacements: [Placement] = []
    private var drawnStatus: [StyledLine] = []
    private var drawnHelp: String?
    private var drawnOverlay = false
    /// What the drawn placements were computed from: while it stays the same (a ping, a
    /// status change), the play area is not recomputed, however many players there are.
    private var placementsSource: PlacementsSource?
    /// When the drawn placements go stale by time alone: the next cursor to be dimmed.
    private var placementsValidUntil: UInt64 = .max

    private struct PlacementsSource: Equatable {
        var playersVersion: Int
        var layout: Layout
        var ownPointer: PointerUpdate?
        var mouseCaptured: Bool
        var showHelp: Bool
    }

    init(colors: ColorDepth) {
        self.colors = colors
    }

    /// Forgets what is on the screen, so the next `render` draws everything.
    func invalidate() {
        drawnLayout = nil
    }

    func render(_ state: GameState, layout: Layout, now: UInt64) {
        if drawnLayout != layout {
            erase()
            drawnPlacements = []
            placementsSource = nil
            drawnStatus = []
            drawnHelp = nil
            drawnOverlay = false
            drawnLayout = layout
            if layout.isTooSmall {
                drawTooSmall(layout)
            } else {
                drawFrame(layout.playFrame, title: " mousy ")
                drawFrame(layout.statusFrame, title: " status ")
            }
        }
        guard !layout.isTooSmall else {
            refresh()
            return
        }
        renderPlayArea(state, layout: layout, now: now)
        renderStatus(state, layout: layout, now: now)
        renderHelp(HelpText.line(for: state, width: layout.columns), layout: layout)
        refresh()
    }

    private func renderPlayArea(_ state: GameState, layout: Layout, now: UInt64) {
        let source = PlacementsSource(
            playersVersion: state.players.version, layout: layout, ownPointer: state.ownPointer,
            mouseCaptured: state.mouseCaptured, showHelp: state.showHelp)
        // Time changes the placements only when a cursor turns idle (dimmed).
        guard source != placementsSource || now >= placementsValidUntil else { return }
        placementsSource = source
        placementsValidUntil = state.nextDimming(now: now) ?? .max
        let placements = PlayAreaPainter.placements(for: state, layout: layout, now: now)
        guard placements != drawnPlacements || state.showHelp != drawnOverlay else { return }
        if drawnOverlay {
            clear(layout.playArea)
        } else {
            for old in drawnPlacements {
                put(String(repeating: " ", count: DisplayWidth.of(old.text)), column: old.column, row: old.row, style: .normal)
            }
        }
        for placement in placements {
            put(placement.text, column: placement.column, row: placement.row, style: placement.style)
        }
        if state.showHelp {
            drawOverlay(HelpText.overlay(for: state), in: layout.playArea)
        }
        drawnPlacements = placements
        drawnOverlay = state.showHelp
    }

    private func renderStatus(_ state: GameState, layout: Layout, now: UInt64) {
        let area = layout.statusArea
        let lines = StatusPane.lines(for: state, now: now, width: area.width, height: area.height)
        for index in 0..<area.height {
            let line = index < lines.count ? lines[index] : StyledLine("")
            let old = index < drawnStatus.count ? drawnStatus[index] : nil
            guard line != old else { continue }
            let padding = String(repeating: " ", count: max(0, area.width - DisplayWidth.of(line.text)))
            put(line.text + padding, column: area.x, row: area.y + index, style: line.style)
        }
        drawnStatus = (0..<area.height).map { $0 < lines.count ? lines[$0] : StyledLine("") }
    }

    private func renderHelp(_ text: String, layout: Layout) {
        guard text != drawnHelp else { return }
        let padding = String(repeating: " ", count: max(0, layout.columns - text.count))
        put(text + padding, column: 0, row: layout.helpRow, style: .dim, limit: layout.columns)
        drawnHelp = text
    }

    private func drawTooSmall(_ layout: Layout) {
        let lines = [
            "Terminal too small",
            "need \(Layout.minimumColumns)x\(Layout.minimumRows), have \(layout.columns)x\(layout.rows)",
            "q quits",
        ]
        let top = max(0, layout.rows / 2 - 1)
        for (offset, line) in lines.enumerated() where top + offset < layout.rows {
            let column = max(0, (layout.columns - line.count) / 2)
            put(line, column: column, row: top + offset, style: offset == 0 ? .error : .normal, limit: layout.columns - column)
        }
    }

    private func drawOverlay(_ lines: [String], in area: Rect) {
        let width = min(area.width, (lines.map(\.count).max() ?? 0) + 4)
        let height = min(area.height, lines.count + 2)
        guard width > 4, height > 2 else { return }
        let box = Rect(x: area.x + (area.width - width) / 2, y: area.y + (area.height - height) / 2, width: width, height: height)
        clear(box)
        drawFrame(box, title: " help ")
        for (index, line) in lines.prefix(height - 2).enumerated() {
            put(line, column: box.x + 2, row: box.y + 1 + index, style: .normal, limit: width - 4)
        }
    }

    private func drawFrame(_ rect: Rect, title: String) {
        guard rect.width >= 2, rect.height >= 2 else { return }
        let (top, bottom) = (Int32(rect.y), Int32(rect.maxY - 1))
        let (left, right) = (Int32(rect.x), Int32(rect.maxX - 1))
        mvaddch(top, left, mousy_acs_ulcorner())
        mvaddch(top, right, mousy_acs_urcorner())
        mvaddch(bottom, left, mousy_acs_llcorner())
        mvaddch(bottom, right, mousy_acs_lrcorner())
        if rect.width > 2 {
            mvhline(top, left + 1, mousy_acs_hline(), Int32(rect.width - 2))
            mvhline(bottom, left + 1, mousy_acs_hline(), Int32(rect.width - 2))
        }
        if rect.height > 2 {
            mvvline(top + 1, left, mousy_acs_vline(), Int32(rect.height - 2))
            mvvline(top + 1, right, mousy_acs_vline(), Int32(rect.height - 2))
        }
        if rect.width > title.count + 2 {
            put(title, column: rect.x + 2, row: rect.y, style: .title)
        }
    }

    private func clear(_ rect: Rect) {
        let blank = String(repeating: " ", count: rect.width)
        for row in rect.y..<rect.maxY {
            put(blank, column: rect.x, row: row, style: .normal)
        }
    }

    private func put(_ text: String, column: Int, row: Int, style: TextStyle, limit: Int? = nil) {
        let attributes = CursesPalette.attributes(for: style, depth: colors)
        _ = mousy_attrset(attributes)
        let count = limit.map { Int32(max(0, $0)) } ?? -1
        _ = mvaddnstr(Int32(row), Int32(column), text, count)
        _ = mousy_attrset(mousy_a_normal())
    }
}
