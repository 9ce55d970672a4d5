/// A cell of the play area in protocol coordinates: 0-based, `x` the column, `y` the row.
struct PlayCell: Hashable, Sendable, CustomStringConvertible {
    var x: Int32
    var y: Int32

    init(x: Int32, y: Int32) {
        self.x = x
        self.y = y
    }

    init(x: Int, y: Int) {
        self.x = Int32(clamping: x)
        self.y = Int32(clamping: y)
    }

    var description: String { "\(x),\(y)" }
}
