/// Turns successive screens into the ANSI output that changes a terminal from one to
/// the next: only the cells that changed, a cursor move only where the next changed
/// cell is not where the cursor already is, and an SGR change only where the style
/// changes. The first screen, a size change and ``invalidate()`` repaint everything.
///
/// It assumes it alone writes to the terminal's screen, and that the terminal is in
/// the state it left it in (see ``TerminalModes`` for entering and leaving).
public struct GridDiffer: Sendable {
    /// The colours written: the terminal's depth, or none.
    public var depth: ColorDepth
    private var previous: CellGrid?
    /// The terminal's style and cursor as the last output left them (nil: unknown).
    private var pen: CellStyle?
    private var cursor: Position?

    private struct Position: Hashable, Sendable {
        var column: Int
        var row: Int
    }

    public init(depth: ColorDepth) {
        self.depth = depth
    }

    /// Forgets what the terminal shows, so the next ``render(_:)`` repaints everything.
    public mutating func invalidate() {
        previous = nil
        pen = nil
        cursor = nil
    }

    /// The output that turns the last rendered grid into `next` ("" when nothing changed).
    public mutating func render(_ next: CellGrid) -> String {
        var writer = Writer(depth: depth, columns: next.columns)
        writer.pen = pen
        writer.cursor = cursor.map { ($0.column, $0.row) }
        if let previous, previous.columns == next.columns, previous.rows == next.rows {
            for row in 0..<next.rows {
                var column = 0
                while column < next.columns {
                    let cell = next[column, row]
                    let width = cellWidth(next, column: column, row: row)
                    if cell.isContinuation || cellsEqual(previous, next, column: column, row: row, width: width) {
                        column += 1
                        continue
                    }
                    writer.write(cell, width: width, column: column, row: row, gap: gapCells(next, row: row, upTo: column))
                    column += width
                }
            }
        } else {
            // Start from a known state: default style, cleared screen, cursor home.
            writer.output = "\u{1B}[0m\u{1B}[H\u{1B}[2J"
            writer.resetPen()
            for row in 0..<next.rows {
                var column = 0
                while column < next.columns {
                    let cell = next[column, row]
                    let width = cellWidth(next, column: column, row: row)
                    if cell.isContinuation || cell == .blank {
                        column += 1
                        continue
                    }
                    writer.write(cell, width: width, column: column, row: row, gap: gapCells(next, row: row, upTo: column))
                    column += width
                }
            }
        }
        previous = next
        pen = writer.pen
        cursor = writer.cursor.map { Position(column: $0.column, row: $0.row) }
        return writer.output
    }

    /// 2 for the left half of a wide character, else 1.
    private func cellWidth(_ grid: CellGrid, column: Int, row: Int) -> Int {
        column + 1 < grid.columns && grid[column + 1, row].isContinuation ? 2 : 1
    }

    private func cellsEqual(_ old: CellGrid, _ new: CellGrid, column: Int, row: Int, width: Int) -> Bool {
        for offset in 0..<width where old[column + offset, row] != new[column + offset, row] {
            return false
        }
        // A narrow cell that was the left half of a wide one must be written again.
        return width == 2 || !(column + 1 < old.columns && old[column + 1, row].isContinuation)
    }

    /// The cells of `row` before `column`, for the writer to reuse as a cheap cursor move.
    private func gapCells(_ grid: CellGrid, row: Int, upTo column: Int) -> ArraySlice<Cell> {
        let start = row * grid.columns
        return grid.cells[start..<(start + column)]
    }

    /// Builds the output, tracking where the cursor is and which style is set.
    private struct Writer {
        let depth: ColorDepth
        let columns: Int
        var output = ""
        /// Where the terminal's cursor is; nil when unknown (after the last column).
        var cursor: (column: Int, row: Int)?
        /// The style the terminal draws with now; nil when unknown.
        var pen: CellStyle?

        init(depth: ColorDepth, columns: Int) {
            self.depth = depth
            self.columns = columns
        }

        mutating func resetPen() {
            pen = .plain
            cursor = (0, 0)
        }

        mutating func write(_ cell: Cell, width: Int, column: Int, row: Int, gap: ArraySlice<Cell>) {
            moveCursor(column: column, row: row, line: gap)
            setStyle(cell.style)
            output += cell.text
            let end = column + width
            // After the last column the cursor waits to wrap: where it is depends on the terminal.
            cursor = end < columns ? (end, row) : nil
        }

        private mutating func moveCursor(column: Int, row: Int, line: ArraySlice<Cell>) {
            if let cursor, cursor.row == row, cursor.column == column { return }
            if let cursor, cursor.row == row, cursor.column < column {
                let distance = column - cursor.column
                let move = distance == 1 ? "\u{1B}[C" : "\u{1B}[\(distance)C"
                // Rewriting a few unchanged cells in the current style is shorter than a move.
                let skipped = line[(line.startIndex + cursor.column)..<(line.startIndex + column)]
                if distance < move.utf8.count, let pen,
                   skipped.allSatisfy({ $0.style == pen && !$0.isContinuation && $0.text.utf8.count == 1 }) {
                    output += skipped.map(\.text).joined()
                    return
                }
                output += move
                return
            }
            output += row == 0 && column == 0 ? "\u{1B}[H" : "\u{1B}[\(row + 1);\(column + 1)H"
        }

        private mutating func setStyle(_ style: CellStyle) {
            let colorChanged = depth.foregroundParameter(style.foreground) != pen.flatMap { depth.foregroundParameter($0.foreground) }
            if let pen, pen == style || (!colorChanged && sameAttributes(pen, style)) {
                return
            }
            var parameters: [String] = []
            if let pen, !(pen.bold && !style.bold), !(pen.dim && !style.dim),
               !(pen.underline && !style.underline), !(pen.reverse && !style.reverse) {
                // Only attributes switched on: add them, no reset.
                if style.bold && !pen.bold { parameters.append("1") }
                if style.dim && !pen.dim { parameters.append("2") }
                if style.underline && !pen.underline { parameters.append("4") }
                if style.reverse && !pen.reverse { parameters.append("7") }
                if colorChanged { parameters.append(depth.foregroundParameter(style.foreground) ?? "39") }
            } else {
                parameters.append("0")
                if style.bold { parameters.append("1") }
                if style.dim { parameters.append("2") }
                if style.underline { parameters.append("4") }
                if style.reverse { parameters.append("7") }
                if let color = depth.foregroundParameter(style.foreground) { parameters.append(color) }
            }
            output += "\u{1B}[" + parameters.joined(separator: ";") + "m"
            pen = style
        }

        private func sameAttributes(_ a: CellStyle, _ b: CellStyle) -> Bool {
            a.bold == b.bold && a.dim == b.dim && a.underline == b.underline && a.reverse == b.reverse
        }
    }
}
