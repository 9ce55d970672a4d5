/// One player's pointer as the simulation needs it: where it is in world points and
/// whether its left button is held (a MouseMove's `x`, `y` and `left_click`).
public struct DragInput: Sendable, Hashable {
    public var player: UInt32
    public var x: Int32
    public var y: Int32
    public var left: Bool

    public init(player: UInt32, x: Int32, y: Int32, left: Bool) {
        self.player = player
        self.x = x
        self.y = y
        self.left = left
    }
}
