/// A rectangle of terminal cells; `x` is the column and `y` the row of its top-left cell (0-based).
struct Rect: Hashable, Sendable {
    var x: Int
    var y: Int
    var width: Int
    var height: Int

    static let empty = Rect(x: 0, y: 0, width: 0, height: 0)

    var maxX: Int { x + width }
    var maxY: Int { y + height }
    var isEmpty: Bool { width <= 0 || height <= 0 }

    func contains(column: Int, row: Int) -> Bool {
        column >= x && column < maxX && row >= y && row < maxY
    }

    /// The rectangle without its one-cell border.
    var interior: Rect {
        Rect(x: x + 1, y: y + 1, width: max(0, width - 2), height: max(0, height - 2))
    }
}
