/// The rules for a chat line's text, shared by the client that sends it and the server
/// that passes it on (PROTOCOL.md, "Chat").
extension Chat {
    /// The most UTF-8 bytes of text in a CHAT: with a sender of ``PlayerName/maximumBytes``
    /// the frame's payload is then at most 255 bytes (a tag and a one-byte length for the
    /// sender, a tag and a two-byte length for the text).
    public static let maximumTextBytes = Frame.maximumPayloadLength - (2 + PlayerName.maximumBytes) - 3

    /// A line as the server passes it on: sanitised (``NetworkText``: controls escaped
    /// visibly, cut at an ESC), spaces and newlines trimmed from both ends, and cut to
    /// ``maximumTextBytes`` at a whole character. Empty: nothing worth sending.
    public static func cleaned(_ text: String) -> String {
        let trimmed = text.trimmingSpaces()
        let safe = NetworkText.sanitized(trimmed, maximumBytes: maximumTextBytes)
        return safe.trimmingSpaces()
    }

    /// `text` cut to ``maximumTextBytes`` at a whole character, as a client sends it: the
    /// server cleans it again.
    public static func fitted(_ text: String) -> String {
        guard text.utf8.count > maximumTextBytes else { return text }
        var result = ""
        var bytes = 0
        for character in text {
            let size = character.utf8.count
            guard bytes + size <= maximumTextBytes else { break }
            result.append(character)
            bytes += size
        }
        return result
    }
}

extension String {
    /// Without spaces, tabs and newlines at either end.
    fileprivate func trimmingSpaces() -> String {
        let isSpace: (Character) -> Bool = { $0.isWhitespace }
        guard let first = firstIndex(where: { !isSpace($0) }), let last = lastIndex(where: { !isSpace($0) }) else {
            return ""
        }
        return String(self[first...last])
    }
}
