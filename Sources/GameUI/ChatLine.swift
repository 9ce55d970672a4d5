/// A line of the chat as the status pane shows it: another player's (or this player's)
/// message, or a notice about the chat itself (the server does not speak it, a line was
/// refused). The text is sanitised when the line is made.
public struct ChatLine: Hashable, Sendable {
    /// The sender's name, sanitised; nil for a notice.
    public var name: String?
    /// How the name is drawn: the sender's colour, as its cursor is drawn.
    public var nameStyle: TextStyle
    /// The message or the notice, sanitised.
    public var text: String
    /// How the text is drawn: plain for a message, a warning for a notice.
    public var textStyle: TextStyle

    /// A message from `name` (both already sanitised), its name drawn in `nameStyle`.
    public init(name: String, nameStyle: TextStyle, text: String) {
        self.name = name
        self.nameStyle = nameStyle
        self.text = text
        textStyle = .normal
    }

    /// A notice about the chat.
    public init(notice: String) {
        name = nil
        nameStyle = .warning
        text = notice
        textStyle = .warning
    }
}
