import Messages

/// Where a player's pointer is and which buttons it holds.
struct CursorState: Sendable, Hashable {
    var x: Int32 = 0
    var y: Int32 = 0
    var left = false
    var right = false

    init(x: Int32 = 0, y: Int32 = 0, left: Bool = false, right: Bool = false) {
        self.x = x
        self.y = y
        self.left = left
        self.right = right
    }

    init(_ move: MouseMove) {
        self.init(x: move.x, y: move.y, left: move.leftClick, right: move.rightClick)
    }

    func sameButtons(as other: CursorState) -> Bool {
        left == other.left && right == other.right
    }

    func cursor(for username: String) -> PlayerCursor {
        var cursor = PlayerCursor()
        cursor.username = username
        cursor.x = x
        cursor.y = y
        cursor.leftClick = left
        cursor.rightClick = right
        return cursor
    }
}
