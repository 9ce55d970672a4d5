/// A terminal screen as cells, drawn into by text runs: in ``CellStyle``s, compared by
/// ``GridDiffer``; or in any other style, as a description of a screen that a backend
/// draws (mapping the styles with ``mapStyles(_:)``).
///
/// Writing keeps the grid consistent: a wide character takes its cell and the next
/// (a continuation); one that does not fit before the edge or `limit` becomes a space;
/// overwriting either half of a wide character blanks the other half, so no residue is
/// left. Control characters are drawn as `?` and zero-width ones are dropped, so text
/// from the network can never move the terminal's cursor.
///
/// Its methods are `@inlinable`: every frame of every session writes and compares whole
/// grids from other modules, and a generic call that is not specialised there (with the
/// style type's metadata looked up per cell) costs several times the work itself.
public struct StyledGrid<Style: Hashable & Sendable>: Hashable, Sendable {
    public typealias Cell = StyledCell<Style>

    public let columns: Int
    public let rows: Int
    /// The style of an empty cell (a space): what ``clear()`` leaves.
    public let blankStyle: Style
    @inlinable public var cells: [Cell] { storage }
    @usableFromInline var storage: [Cell]

    /// A grid of spaces in `blankStyle`; negative sizes count as 0.
    @inlinable
    public init(columns: Int, rows: Int, blankStyle: Style) {
        self.columns = max(0, columns)
        self.rows = max(0, rows)
        self.blankStyle = blankStyle
        storage = Array(repeating: Cell(text: " ", style: blankStyle), count: self.columns * self.rows)
    }

    @usableFromInline
    init(columns: Int, rows: Int, blankStyle: Style, cells: [Cell]) {
        self.columns = columns
        self.rows = rows
        self.blankStyle = blankStyle
        storage = cells
    }

    /// The same screen with every style mapped by `transform` (for a backend's own styles).
    @inlinable
    public func mapStyles<Other>(_ transform: (Style) -> Other) -> StyledGrid<Other> {
        StyledGrid<Other>(columns: columns, rows: rows, blankStyle: transform(blankStyle),
                          cells: storage.map { StyledCell(text: $0.text, style: transform($0.style)) })
    }

    /// The cell at `column`, `row` (0-based; must be inside the grid).
    @inlinable
    public subscript(column: Int, row: Int) -> Cell {
        storage[row * columns + column]
    }

    /// Writes `text` from `column` on `row`, at most `limit` columns of it (and never
    /// past the right edge). Returns the columns written. Writes outside the grid are
    /// clipped.
    @inlinable @discardableResult
    public mutating func put(_ text: String, column: Int, row: Int, style: Style, limit: Int? = nil) -> Int {
        guard row >= 0, row < rows else { return 0 }
        let end = min(columns, limit.map { column + max(0, $0) } ?? columns)
        var position = column
        for character in text {
            guard position < end else { break }
            var width = CharacterWidth.of(character)
            var shown = String(character)
            if width == 0 {
                guard isControl(character) else { continue }
                shown = "?"
                width = 1
            }
            if position < 0 {
                position += width
                continue
            }
            if width == 2, position + 1 >= end {
                // Half a wide character cannot be drawn: a space stands in for it.
                set(Cell(text: " ", style: style), column: position, row: row)
                position += 1
                continue
            }
            set(Cell(text: shown, style: style), column: position, row: row)
            if width == 2 {
                set(Cell(text: "", style: style), column: position + 1, row: row)
            }
            position += width
        }
        return max(0, position - max(0, column))
    }

    /// Fills the cells of `width` x `height` from `column`, `row` with spaces in `style`.
    @inlinable
    public mutating func fill(column: Int, row: Int, width: Int, height: Int, style: Style) {
        let top = max(0, row), bottom = min(rows, row + height)
        let left = max(0, column), right = min(columns, column + width)
        guard top < bottom, left < right else { return }
        for y in top..<bottom {
            for x in left..<right {
                set(Cell(text: " ", style: style), column: x, row: y)
            }
        }
    }

    /// Every cell blank.
    @inlinable
    public mutating func clear() {
        for index in storage.indices { storage[index] = Cell(text: " ", style: blankStyle) }
    }

    /// Moves rows `band` by `distance` rows (down when positive) inside the band, as a
    /// terminal scrolls a region: rows moved past its edge go, uncovered rows are `blank`.
    mutating func scroll(rows band: ClosedRange<Int>, by distance: Int, blank: Cell) {
        guard distance != 0, band.lowerBound >= 0, band.upperBound < rows else { return }
        let order = distance > 0 ? Array(band.reversed()) : Array(band)
        for row in order {
            let source = row - distance
            for column in 0..<columns {
                storage[row * columns + column] = band.contains(source) ? storage[source * columns + column] : blank
            }
        }
    }

    /// The text of `row`, continuations skipped (for tests and logs).
    @inlinable
    public func text(ofRow row: Int) -> String {
        guard row >= 0, row < rows else { return "" }
        return (0..<columns).map { self[$0, row].text }.joined()
    }

    @inlinable
    func isControl(_ character: Character) -> Bool {
        guard let value = character.unicodeScalars.first?.value else { return false }
        return value < 0x20 || (0x7F..<0xA0).contains(value)
    }

    /// Sets a cell, first blanking the other half of any wide character it cuts through.
    @inlinable
    mutating func set(_ cell: Cell, column: Int, row: Int) {
        let index = row * columns + column
        let old = storage[index]
        if old.isContinuation, column > 0, !cell.isContinuation {
            storage[index - 1] = Cell(text: " ", style: storage[index - 1].style)
        }
        if !old.isContinuation, column + 1 < columns, storage[index + 1].isContinuation {
            // The old cell was the left half of a wide character: its right half goes too.
            storage[index + 1] = Cell(text: " ", style: storage[index + 1].style)
        }
        storage[index] = cell
    }
}

/// A screen as the differ writes it.
public typealias CellGrid = StyledGrid<CellStyle>

extension StyledGrid where Style == CellStyle {
    /// A grid of blank cells in the default style; negative sizes count as 0.
    @inlinable
    public init(columns: Int, rows: Int) {
        self.init(columns: columns, rows: rows, blankStyle: .plain)
    }

    /// Fills the cells of `width` x `height` from `column`, `row` with spaces in the default style.
    @inlinable
    public mutating func fill(column: Int, row: Int, width: Int, height: Int) {
        fill(column: column, row: row, width: width, height: height, style: .plain)
    }
}
