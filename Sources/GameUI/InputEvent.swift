/// What the terminal's input stream decodes to.
public enum InputEvent: Hashable, Sendable {
    /// A byte typed outside any escape sequence (keys, and the bytes of UTF-8 text).
    case key(UInt8)
    /// An editing key sent as an escape sequence (arrows, Home, End, Delete).
    case special(SpecialKey)
    case mouse(MouseReport)
}
