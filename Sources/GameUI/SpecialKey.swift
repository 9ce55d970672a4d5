/// A key that arrives as an escape sequence and that the chat line edits with (every
/// other sequence, the arrows up and down and the function keys among them, is skipped).
public enum SpecialKey: Hashable, Sendable {
    case left
    case right
    case home
    case end
    /// The Delete key (forward delete), not Backspace (which is a byte, 0x7F or 0x08).
    case delete
}
