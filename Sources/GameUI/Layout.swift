/// Where everything goes on a terminal of a given size: the bordered play area, the
/// bordered status pane and the help line. Pure arithmetic, so it is tested without a
/// terminal.
///
/// The play area's frame always starts at the top-left corner, so its first interior
/// cell (play cell 0,0) is screen column 1, row 1. On terminals at least
/// `sideBySideColumns` wide the status pane sits to the right of the play area;
/// on narrower ones it sits below it. The help line is the last row.
public struct Layout: Hashable, Sendable {
    /// Below this size the screen shows only a "terminal too small" notice.
    public static let minimumColumns = 40
    public static let minimumRows = 12
    /// From this width on, the status pane goes to the right of the play area.
    public static let sideBySideColumns = 72
    /// The status pane's width (border included) when it is beside the play area.
    public static let sideStatusWidth = 32

    /// The terminal's size.
    public let columns: Int
    public let rows: Int
    /// True below `minimumColumns` x `minimumRows`: nothing but the notice is drawn and
    /// no mouse position maps into the play area.
    public let isTooSmall: Bool
    /// True when the status pane is to the right of the play area.
    public let isSideBySide: Bool
    /// The play area with its border.
    public let playFrame: Rect
    /// The status pane with its border.
    public let statusFrame: Rect
    /// The row of the help line.
    public let helpRow: Int

    /// The cells that map to play coordinates (inside the border).
    public var playArea: Rect { playFrame.interior }
    /// The cells the status pane writes into (inside the border).
    public var statusArea: Rect { statusFrame.interior }

    /// The layout for a terminal of `columns` x `rows` cells.
    public init(columns: Int, rows: Int) {
        self.columns = max(0, columns)
        self.rows = max(0, rows)
        isTooSmall = columns < Self.minimumColumns || rows < Self.minimumRows
        guard !isTooSmall else {
            isSideBySide = false
            playFrame = .empty
            statusFrame = .empty
            helpRow = max(0, rows - 1)
            return
        }
        helpRow = rows - 1
        let frameRows = rows - 1
        if columns >= Self.sideBySideColumns {
            isSideBySide = true
            let statusWidth = Self.sideStatusWidth
            playFrame = Rect(x: 0, y: 0, width: columns - statusWidth, height: frameRows)
            statusFrame = Rect(x: columns - statusWidth, y: 0, width: statusWidth, height: frameRows)
        } else {
            isSideBySide = false
            let statusHeight = max(5, min(10, frameRows / 2))
            playFrame = Rect(x: 0, y: 0, width: columns, height: frameRows - statusHeight)
            statusFrame = Rect(x: 0, y: frameRows - statusHeight, width: columns, height: statusHeight)
        }
    }

    /// The play cell under the screen cell at `column`, `row` (0-based), or nil when
    /// that cell is outside the play area (border, status pane, help line) or the
    /// terminal is too small.
    public func playCell(column: Int, row: Int) -> PlayCell? {
        guard !isTooSmall, playArea.contains(column: column, row: row) else { return nil }
        return PlayCell(x: column - playArea.x, y: row - playArea.y)
    }

    /// The screen cell (0-based column, row) showing `cell`, or nil when `cell` lies
    /// outside the play area at this size (another player's terminal may be larger).
    public func screenPosition(of cell: PlayCell) -> (column: Int, row: Int)? {
        guard !isTooSmall else { return nil }
        let column = playArea.x + Int(cell.x)
        let row = playArea.y + Int(cell.y)
        guard playArea.contains(column: column, row: row) else { return nil }
        return (column, row)
    }
}
