/// Turns successive screens into the ANSI output that changes a terminal from one to
/// the next: only the cells that changed, reached by the shortest cursor move (absolute,
/// relative, or rewriting a few unchanged cells), an SGR change only where the style
/// changes, and a band of whole rows that moved up or down (a log that scrolls) moved by
/// the terminal itself, through a scroll region, when that is shorter than rewriting it.
/// The first screen, a size change and ``invalidate()`` repaint everything.
///
/// It assumes it alone writes to the terminal's screen, and that the terminal is in
/// the state it left it in (see ``TerminalModes`` for entering and leaving). It writes
/// only VT100 sequences (CUP, CUU/CUD/CUF/CUB, CR, BS, LF, DECSTBM, RI, ED, SGR), so any
/// terminal an SSH client runs in shows the same screen.
public struct GridDiffer: Sendable {
    /// The colours written: the terminal's depth, or none.
    public var depth: ColorDepth
    private var previous: CellGrid?
    /// The terminal's style and cursor as the last output left them (nil: unknown).
    private var pen: CellStyle?
    private var cursor: Position?

    /// The most rows a band may have moved by to be scrolled (a frame that folds in a
    /// few pings moves the ping log by a few rows; more is rare and rewritten instead).
    static let maximumScroll = 3

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
        writer.cursor = cursor
        if let previous, previous.columns == next.columns, previous.rows == next.rows {
            // Each row compared once: the rows to patch, and where to look for a scroll.
            let changed = (0..<next.rows).map { !Self.sameRow($0, previous, next) }
            let start = writer
            Self.patch(previous, into: next, rows: changed, with: &writer)
            if let scroll = RowScroll.best(from: previous, to: next, changed: changed) {
                // Scrolling costs a few sequences and the rows it blanks: take it only when shorter.
                var scrolled = start
                var moved = previous
                moved.scroll(rows: scroll.top...scroll.bottom, by: scroll.distance, blank: .blank)
                scrolled.scroll(scroll, rows: next.rows)
                var rows = changed
                for row in scroll.top...scroll.bottom { rows[row] = true }
                Self.patch(moved, into: next, rows: rows, with: &scrolled)
                if scrolled.output.utf8.count < writer.output.utf8.count { writer = scrolled }
            }
        } else {
            // Start from a known state: default style, cleared screen, cursor home.
            writer.output = "\u{1B}[0m\u{1B}[H\u{1B}[2J"
            writer.pen = .plain
            writer.cursor = Position(column: 0, row: 0)
            let blank = CellGrid(columns: next.columns, rows: next.rows)
            Self.patch(blank, into: next, rows: (0..<next.rows).map { !Self.sameRow($0, blank, next) }, with: &writer)
        }
        previous = next
        pen = writer.pen
        cursor = writer.cursor
        return writer.output
    }

    static func sameRow(_ row: Int, _ a: CellGrid, _ b: CellGrid) -> Bool {
        let range = (row * a.columns)..<((row + 1) * a.columns)
        return a.storage[range] == b.storage[range]
    }

    /// Writes the cells of `next` that differ from `old` (what the terminal shows), in
    /// the rows marked in `rows` (the others are the same).
    private static func patch(_ old: CellGrid, into next: CellGrid, rows: [Bool], with writer: inout Writer) {
        let columns = next.columns
        for row in 0..<next.rows where rows[row] {
            let start = row * columns
            var column = 0
            while column < columns {
                let cell = next.cells[start + column]
                let width = cellWidth(next, column: column, row: row)
                if cell.isContinuation || cellsEqual(old, next, column: column, row: row, width: width) {
                    column += 1
                    continue
                }
                writer.write(cell, width: width, column: column, row: row, line: next.cells[start..<(start + column)])
                column += width
            }
        }
    }

    /// 2 for the left half of a wide character, else 1.
    private static func cellWidth(_ grid: CellGrid, column: Int, row: Int) -> Int {
        column + 1 < grid.columns && grid[column + 1, row].isContinuation ? 2 : 1
    }

    private static func cellsEqual(_ old: CellGrid, _ new: CellGrid, column: Int, row: Int, width: Int) -> Bool {
        for offset in 0..<width where old[column + offset, row] != new[column + offset, row] {
            return false
        }
        // A narrow cell that was the left half of a wide one must be written again.
        return width == 2 || !(column + 1 < old.columns && old[column + 1, row].isContinuation)
    }

    struct Position: Hashable, Sendable {
        var column: Int
        var row: Int
    }

    /// Builds the output, tracking where the cursor is and which style is set.
    private struct Writer {
        let depth: ColorDepth
        let columns: Int
        var output = ""
        /// Where the terminal's cursor is; nil when unknown (after the last column).
        var cursor: Position?
        /// The style the terminal draws with now; nil when unknown.
        var pen: CellStyle?

        init(depth: ColorDepth, columns: Int) {
            self.depth = depth
            self.columns = columns
        }

        /// Writes `cell` at `column`, `row`; `line` is the row's cells before `column`
        /// (unchanged on the terminal, so rewriting some of them can stand for a move).
        mutating func write(_ cell: Cell, width: Int, column: Int, row: Int, line: ArraySlice<Cell>) {
            moveCursor(to: Position(column: column, row: row), line: line)
            setStyle(cell.style)
            output += cell.text
            let end = column + width
            // After the last column the cursor waits to wrap: where it is depends on the terminal.
            cursor = end < columns ? Position(column: end, row: row) : nil
        }

        /// Moves the rows of `scroll` by its distance (blanking the rows it uncovers) with
        /// a scroll region; leaves the cursor home and the region the whole screen.
        mutating func scroll(_ scroll: RowScroll, rows: Int) {
            // Rows scrolled in are erased to the current background: make sure it is the default.
            if pen == nil || pen?.reverse == true {
                output += "\u{1B}[0m"
                pen = .plain
            }
            let whole = scroll.top == 0 && scroll.bottom == rows - 1
            if !whole { output += "\u{1B}[\(scroll.top + 1);\(scroll.bottom + 1)r" }
            if scroll.distance > 0 {
                // Reverse index at the top margin: the region moves down a row.
                output += scroll.top == 0 ? "\u{1B}[H" : "\u{1B}[\(scroll.top + 1)H"
                output += String(repeating: "\u{1B}M", count: scroll.distance)
                cursor = Position(column: 0, row: scroll.top)
            } else {
                // Line feed at the bottom margin: the region moves up a row.
                output += "\u{1B}[\(scroll.bottom + 1)H"
                output += String(repeating: "\n", count: -scroll.distance)
                cursor = Position(column: 0, row: scroll.bottom)
            }
            if !whole {
                // Setting the region back to the whole screen homes the cursor.
                output += "\u{1B}[r"
                cursor = Position(column: 0, row: 0)
            }
        }

        private mutating func moveCursor(to target: Position, line: ArraySlice<Cell>) {
            guard let cursor else {
                output += Self.absolute(target)
                return
            }
            if cursor == target { return }
            var best = Self.absolute(target)
            func consider(_ move: String) {
                if move.utf8.count < best.utf8.count { best = move }
            }
            let vertical = Self.vertical(target.row - cursor.row)
            consider(vertical + horizontal(from: cursor.column, to: target.column, line: line))
            if target.column < cursor.column || target.row != cursor.row {
                consider("\r" + vertical + horizontal(from: 0, to: target.column, line: line))
            }
            output += best
        }

        /// CUP to `target`, in its shortest form.
        private static func absolute(_ target: Position) -> String {
            if target.column == 0 {
                return target.row == 0 ? "\u{1B}[H" : "\u{1B}[\(target.row + 1)H"
            }
            return "\u{1B}[\(target.row + 1);\(target.column + 1)H"
        }

        /// Up or down `distance` rows, column kept (CUU/CUD never scroll).
        private static func vertical(_ distance: Int) -> String {
            switch distance {
            case 0: return ""
            case 1: return "\u{1B}[B"
            case -1: return "\u{1B}[A"
            case 2...: return "\u{1B}[\(distance)B"
            default: return "\u{1B}[\(-distance)A"
            }
        }

        /// Along the row from `from` to `to`: CUF or CUB, backspaces, or rewriting the
        /// cells in between when they are plain single-byte text in the pen's style.
        private func horizontal(from: Int, to: Int, line: ArraySlice<Cell>) -> String {
            if to == from { return "" }
            if to < from {
                let distance = from - to
                return distance <= 3 ? String(repeating: "\u{8}", count: distance) : "\u{1B}[\(distance)D"
            }
            let distance = to - from
            let move = distance == 1 ? "\u{1B}[C" : "\u{1B}[\(distance)C"
            if distance < move.utf8.count, let pen {
                let skipped = line[(line.startIndex + from)..<(line.startIndex + to)]
                if skipped.allSatisfy({ $0.style == pen && !$0.isContinuation && $0.text.utf8.count == 1 }) {
                    return skipped.map(\.text).joined()
                }
            }
            return move
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
