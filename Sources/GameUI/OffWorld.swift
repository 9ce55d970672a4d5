/// Which way a point lies outside the world, for a cursor pinned to the edge of the play
/// area: `horizontal` -1 left, +1 right; `vertical` +1 above, -1 below; 0 within.
public struct OffWorld: Hashable, Sendable {
    public var horizontal: Int
    public var vertical: Int

    /// The arrow drawn in place of the cursor, pointing where the player really is.
    public var mark: String {
        switch (horizontal, vertical) {
        case (-1, 1): return "↖"
        case (1, 1): return "↗"
        case (-1, -1): return "↙"
        case (1, -1): return "↘"
        case (-1, _): return "←"
        case (1, _): return "→"
        case (_, 1): return "↑"
        default: return "↓"
        }
    }

    /// Words for the player list, e.g. "off top-left".
    public var words: String {
        let vertical = self.vertical > 0 ? "top" : self.vertical < 0 ? "bottom" : nil
        let horizontal = self.horizontal < 0 ? "left" : self.horizontal > 0 ? "right" : nil
        return "off " + [vertical, horizontal].compactMap { $0 }.joined(separator: "-")
    }
}
