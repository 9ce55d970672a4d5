/// How a piece of text is drawn; the renderer maps it to colours or, on a monochrome
/// terminal, to attributes.
public enum TextStyle: Hashable, Sendable {
    case normal
    case title
    case good
    case warning
    case error
    case dim
    /// Another player's colour slot (see `PlayerColors`).
    case player(Int)
    /// Another player's colour slot, dimmed: its cursor has not changed for a while.
    case idlePlayer(Int)
    /// This player's own cursor.
    case own
    /// A free object of the world.
    case object
    /// An object held by the player of this colour slot.
    case heldObject(Int)
    /// The chat editor's cursor: the cell it stands on, in reverse.
    case cursor
}

/// A line of the status pane.
public struct StyledLine: Hashable, Sendable {
    public var text: String
    public var style: TextStyle

    /// `text` drawn in `style`.
    public init(_ text: String, _ style: TextStyle = .normal) {
        self.text = text
        self.style = style
    }
}
