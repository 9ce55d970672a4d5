import Messages

extension ClientSession {
    /// The UI has a message for the server: sent while logged in, else dropped. Only the
    /// kinds the session does not send itself: a login, moves and the goodbye have
    /// inputs of their own (``connected()``, ``moved(_:)``, ``quit()``). No `default:`,
    /// so a new kind is named here.
    ///
    /// A kind the server did not list in its LOGIN_RESULT is not sent: the player is told
    /// so instead, by a notice (a CHAT with an empty sender, ``notice(_:)``).
    public mutating func send(_ message: WireMessage) -> [Action] {
        switch message {
        case .chat(var chat):
            guard case .loggedIn = state else { return [] }
            guard serverUnderstands.contains(.chat) else {
                return [.post(Self.notice(Self.noChatNotice))]
            }
            chat.sender = ""  // the server stamps its own
            chat.text = Chat.fitted(chat.text)
            return [.send(.chat(chat))]
        case .playerLogin, .mouseMove, .playerLogout:
            return []  // the session's own
        case .ping, .loginResult, .playerCursor, .gameObject:
            return []  // a server's
        }
    }

    /// The notice a player gets when the server does not speak CHAT.
    public static let noChatNotice = "This server does not support chat: the line was not sent."

    /// A notice for the player, as the UIs show one: a CHAT with an empty sender, as the
    /// server sends its own.
    public static func notice(_ text: String) -> ClientEvent {
        .message(.chat(.with { $0.text = text }))
    }
}
