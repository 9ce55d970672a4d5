import GameUI
import TerminalGrid

/// Paints a `GameState` into a cell grid: the same screen as `Renderer` draws with
/// curses (frames, play area, status pane, help line, `?` overlay, "too small"
/// notice), for the SSH backend, whose differ then sends only what changed. Pure, so
/// it is tested without a terminal.
enum GridPainter {
    static func paint(_ state: GameState, layout: Layout, now: UInt64, colors: Bool) -> CellGrid {
        var grid = CellGrid(columns: layout.columns, rows: layout.rows)
        func put(_ text: String, _ column: Int, _ row: Int, _ style: TextStyle, limit: Int? = nil) {
            grid.put(text, column: column, row: row, style: CellPalette.style(for: style, colors: colors), limit: limit)
        }
        if layout.isTooSmall {
            let lines = [
                "Terminal too small",
                "need \(Layout.minimumColumns)x\(Layout.minimumRows), have \(layout.columns)x\(layout.rows)",
                "q quits",
            ]
            let top = max(0, layout.rows / 2 - 1)
            for (offset, line) in lines.enumerated() where top + offset < layout.rows {
                let column = max(0, (layout.columns - line.count) / 2)
                put(line, column, top + offset, offset == 0 ? .error : .normal, limit: layout.columns - column)
            }
            return grid
        }
        frame(&grid, layout.playFrame, title: " mousy ", colors: colors)
        frame(&grid, layout.statusFrame, title: " status ", colors: colors)
        let area = layout.playArea
        for placement in PlayAreaPainter.placements(for: state, layout: layout, now: now) {
            put(placement.text, placement.column, placement.row, placement.style, limit: area.maxX - placement.column)
        }
        if state.showHelp {
            overlay(&grid, HelpText.overlay(for: state), in: area, colors: colors)
        }
        let status = layout.statusArea
        for (index, line) in StatusPane.lines(for: state, now: now, width: status.width, height: status.height).enumerated() {
            put(line.text, status.x, status.y + index, line.style, limit: status.width)
        }
        put(HelpText.line(for: state, width: layout.columns), 0, layout.helpRow, .dim, limit: layout.columns)
        return grid
    }

    private static func frame(_ grid: inout CellGrid, _ rect: Rect, title: String, colors: Bool) {
        guard rect.width >= 2, rect.height >= 2 else { return }
        let horizontal = String(repeating: "─", count: rect.width - 2)
        grid.put("┌" + horizontal + "┐", column: rect.x, row: rect.y, style: .plain)
        grid.put("└" + horizontal + "┘", column: rect.x, row: rect.maxY - 1, style: .plain)
        for row in (rect.y + 1)..<(rect.maxY - 1) {
            grid.put("│", column: rect.x, row: row, style: .plain)
            grid.put("│", column: rect.maxX - 1, row: row, style: .plain)
        }
        if rect.width > title.count + 2 {
            grid.put(title, column: rect.x + 2, row: rect.y, style: CellPalette.style(for: .title, colors: colors))
        }
    }

    private static func overlay(_ grid: inout CellGrid, _ lines: [String], in area: Rect, colors: Bool) {
        let width = min(area.width, (lines.map(\.count).max() ?? 0) + 4)
        let height = min(area.height, lines.count + 2)
        guard width > 4, height > 2 else { return }
        let box = Rect(x: area.x + (area.width - width) / 2, y: area.y + (area.height - height) / 2, width: width, height: height)
        grid.fill(column: box.x, row: box.y, width: box.width, height: box.height)
        frame(&grid, box, title: " help ", colors: colors)
        for (index, line) in lines.prefix(height - 2).enumerated() {
            grid.put(line, column: box.x + 2, row: box.y + 1 + index, style: .plain, limit: width - 4)
        }
    }
}
