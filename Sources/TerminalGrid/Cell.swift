/// One cell of a terminal screen: the grapheme shown there and its style.
///
/// A character two columns wide occupies its cell and the next one: the next cell is
/// its continuation (`text` empty), which the differ never writes on its own.
public struct Cell: Hashable, Sendable {
    /// One grapheme of display width 1 or 2, or "" for the right half of a wide one.
    public var text: String
    public var style: CellStyle

    /// A space in the default style: what a cleared screen shows.
    public static let blank = Cell(text: " ", style: .plain)

    public init(text: String, style: CellStyle) {
        self.text = text
        self.style = style
    }

    /// True for the right half of a wide character.
    public var isContinuation: Bool { text.isEmpty }
}
