/// What the client tells the server about this player's pointer: a play-area cell and
/// the buttons held there (a MOUSE_EVENT).
public struct PointerUpdate: Hashable, Sendable {
    public var cell: PlayCell
    public var left: Bool
    public var right: Bool

    public init(cell: PlayCell, left: Bool, right: Bool) {
        self.cell = cell
        self.left = left
        self.right = right
    }
}
