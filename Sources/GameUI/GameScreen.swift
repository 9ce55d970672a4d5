import TerminalGrid

/// The view: the whole screen of `mousy play` (frames, play area, status pane, help
/// line, `?` overlay, "too small" notice) as one grid of styled cells, a pure function of
/// the state, the layout and the time. Both backends only draw it: curses on the local
/// terminal (`Renderer`), a differ for SSH sessions. Tested without a terminal.
///
/// A value of this type remembers the play area's placements and reuses them while what
/// they were computed from stays the same (a ping, a status change, a key that changes
/// nothing there), so a frame does not visit every player; the screen is the same as
/// ``paint(_:layout:now:placements:)`` draws from fresh placements.
public struct GameScreen: Sendable {
    private var placements: [Placement] = []
    private var placementsSource: PlacementsSource?
    /// When the placements go stale by time alone: the next cursor to be dimmed.
    private var placementsValidUntil: UInt64 = .max

    private struct PlacementsSource: Equatable, Sendable {
        var playersVersion: Int
        var objectsVersion: Int
        var layout: Layout
        var ownPointer: PointerUpdate?
        var mouseCaptured: Bool
    }

    /// A view with nothing remembered yet.
    public init() {}

    /// The screen for `state` at `now` on a terminal of `layout`'s size.
    public mutating func screen(for state: GameState, layout: Layout, now: UInt64) -> StyledGrid<TextStyle> {
        let placements = placements(for: state, layout: layout, now: now)
        return Self.paint(state, layout: layout, now: now, placements: placements, blank: .normal) { $0 }
    }

    /// The same screen in the `Palette`'s styles for `depth`, as the backends draw it:
    /// each run of text is styled once, so no frame maps the whole grid afterwards.
    public mutating func screen(for state: GameState, layout: Layout, now: UInt64, depth: ColorDepth) -> CellGrid {
        let placements = placements(for: state, layout: layout, now: now)
        return Self.paint(state, layout: layout, now: now, placements: placements, blank: Palette.style(for: .normal, depth: depth)) {
            Palette.style(for: $0, depth: depth)
        }
    }

    private mutating func placements(for state: GameState, layout: Layout, now: UInt64) -> [Placement] {
        let source = PlacementsSource(
            playersVersion: state.players.version, objectsVersion: state.objects.version, layout: layout, ownPointer: state.ownPointer,
            mouseCaptured: state.mouseCaptured)
        // Time changes the placements only when a cursor turns idle (dimmed).
        if source != placementsSource || now >= placementsValidUntil {
            placementsSource = source
            placementsValidUntil = state.nextDimming(now: now) ?? .max
            placements = PlayAreaPainter.placements(for: state, layout: layout, now: now)
        }
        return placements
    }

    /// The screen for `state` at `now`, with the play area's `placements` (by default
    /// computed afresh).
    public static func paint(_ state: GameState, layout: Layout, now: UInt64, placements: [Placement]? = nil) -> StyledGrid<TextStyle> {
        paint(state, layout: layout, now: now, placements: placements, blank: .normal) { $0 }
    }

    /// The screen with every text style mapped by `style` as it is written.
    private static func paint<Style>(_ state: GameState, layout: Layout, now: UInt64, placements: [Placement]?, blank: Style,
                                     style: (TextStyle) -> Style) -> StyledGrid<Style> {
        var grid = StyledGrid<Style>(columns: layout.columns, rows: layout.rows, blankStyle: blank)
        if layout.isTooSmall {
            let lines = [
                "Terminal too small",
                "need \(Layout.minimumColumns)x\(Layout.minimumRows), have \(layout.columns)x\(layout.rows)",
                "q quits",
            ]
            let top = max(0, layout.rows / 2 - 1)
            for (offset, line) in lines.enumerated() where top + offset < layout.rows {
                let column = max(0, (layout.columns - line.count) / 2)
                grid.put(line, column: column, row: top + offset, style: style(offset == 0 ? .error : .normal), limit: layout.columns - column)
            }
            return grid
        }
        let normal = style(.normal), title = style(.title)
        frame(&grid, layout.playFrame, title: " mousy ", normal: normal, titleStyle: title)
        frame(&grid, layout.statusFrame, title: " status ", normal: normal, titleStyle: title)
        let area = layout.playArea
        for placement in placements ?? PlayAreaPainter.placements(for: state, layout: layout, now: now) {
            grid.put(placement.text, column: placement.column, row: placement.row, style: style(placement.style), limit: area.maxX - placement.column)
        }
        if state.showHelp {
            overlay(&grid, HelpText.overlay(for: state), in: area, normal: normal, titleStyle: title)
        }
        let status = layout.statusArea
        // The chat takes the pane's last rows; the status lines above it lose their last (the ping log).
        let chat = ChatPane.rows(for: state, width: status.width, height: status.height)
        for (index, line) in StatusPane.lines(for: state, now: now, width: status.width, height: status.height - chat.count).enumerated() {
            grid.put(line.text, column: status.x, row: status.y + index, style: style(line.style), limit: status.width)
        }
        for (index, pieces) in chat.enumerated() {
            var column = status.x
            for piece in pieces where column < status.maxX {
                column += grid.put(piece.text, column: column, row: status.maxY - chat.count + index, style: style(piece.style),
                                   limit: status.maxX - column)
            }
        }
        grid.put(HelpText.line(for: state, width: layout.columns), column: 0, row: layout.helpRow, style: style(.dim), limit: layout.columns)
        return grid
    }

    private static func frame<Style>(_ grid: inout StyledGrid<Style>, _ rect: Rect, title: String, normal: Style, titleStyle: Style) {
        guard rect.width >= 2, rect.height >= 2 else { return }
        let horizontal = String(repeating: "─", count: rect.width - 2)
        grid.put("┌" + horizontal + "┐", column: rect.x, row: rect.y, style: normal)
        grid.put("└" + horizontal + "┘", column: rect.x, row: rect.maxY - 1, style: normal)
        for row in (rect.y + 1)..<(rect.maxY - 1) {
            grid.put("│", column: rect.x, row: row, style: normal)
            grid.put("│", column: rect.maxX - 1, row: row, style: normal)
        }
        if rect.width > title.count + 2 {
            grid.put(title, column: rect.x + 2, row: rect.y, style: titleStyle)
        }
    }

    private static func overlay<Style>(_ grid: inout StyledGrid<Style>, _ lines: [String], in area: Rect, normal: Style, titleStyle: Style) {
        let width = min(area.width, (lines.map(\.count).max() ?? 0) + 4)
        let height = min(area.height, lines.count + 2)
        guard width > 4, height > 2 else { return }
        let box = Rect(x: area.x + (area.width - width) / 2, y: area.y + (area.height - height) / 2, width: width, height: height)
        grid.fill(column: box.x, row: box.y, width: box.width, height: box.height, style: normal)
        frame(&grid, box, title: " help ", normal: normal, titleStyle: titleStyle)
        for (index, line) in lines.prefix(height - 2).enumerated() {
            grid.put(line, column: box.x + 2, row: box.y + 1 + index, style: normal, limit: width - 4)
        }
    }
}
