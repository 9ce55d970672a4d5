/// One mouse report from the terminal, decoded from either the SGR (1006) or the
/// legacy (X10/1000) encoding. Coordinates are screen cells, 0-based.
public struct MouseReport: Hashable, Sendable {
    /// What the mouse did.
    public enum Action: Hashable, Sendable {
        case press
        case release
        /// Pointer motion; `button` is the button held during it (`.none`: no button).
        case motion
        /// Wheel and the extra buttons 8-11: not part of the game.
        case other
    }

    /// Which button.
    public enum Button: Hashable, Sendable {
        case left
        case middle
        case right
        /// No button (motion), or a legacy release that does not say which button.
        case none
    }

    public var action: Action
    public var button: Button
    public var column: Int
    public var row: Int
}
