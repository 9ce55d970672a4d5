/// One cell of a terminal screen: the grapheme shown there and its style (``CellStyle``
/// for what the differ writes; a backend's own style type for a screen described before
/// it is drawn).
///
/// A character two columns wide occupies its cell and the next one: the next cell is
/// its continuation (`text` empty), which is never drawn on its own.
public struct StyledCell<Style: Hashable & Sendable>: Hashable, Sendable {
    /// One grapheme of display width 1 or 2, or "" for the right half of a wide one.
    public var text: String
    public var style: Style

    @inlinable
    public init(text: String, style: Style) {
        self.text = text
        self.style = style
    }

    /// True for the right half of a wide character.
    @inlinable
    public var isContinuation: Bool { text.isEmpty }

    // Written out so that other modules compare cells specialised, not through witnesses.
    @inlinable
    public static func == (a: Self, b: Self) -> Bool {
        a.style == b.style && a.text == b.text
    }

    @inlinable
    public func hash(into hasher: inout Hasher) {
        hasher.combine(text)
        hasher.combine(style)
    }
}

/// A cell as the differ writes it.
public typealias Cell = StyledCell<CellStyle>

extension StyledCell where Style == CellStyle {
    /// A space in the default style: what a cleared screen shows.
    @inlinable
    public static var blank: Cell { Cell(text: " ", style: .plain) }
}
