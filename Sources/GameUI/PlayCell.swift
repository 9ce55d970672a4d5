/// A cell of the play area in protocol coordinates: 0-based, `x` the column, `y` the row.
public struct PlayCell: Hashable, Sendable, CustomStringConvertible {
    public var x: Int32
    public var y: Int32

    public init(x: Int32, y: Int32) {
        self.x = x
        self.y = y
    }

    public init(x: Int, y: Int) {
        self.x = Int32(clamping: x)
        self.y = Int32(clamping: y)
    }

    public var description: String { "\(x),\(y)" }
}
