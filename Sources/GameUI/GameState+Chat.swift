import Messages

extension GameState {
    /// How many chat lines the log keeps (the pane shows the newest that fit).
    public static let chatLogCapacity = 50
    /// The cap on a chat text as shown (sanitised: escapes may lengthen a hostile one).
    public static let chatTextBytesShown = 4 * chatTextBytes
    /// The most UTF-8 bytes of text the chat editor takes: what a CHAT frame carries
    /// beside the longest legal name, as the server trims it.
    public static let chatTextBytes = Chat.maximumTextBytes

    /// A CHAT from the server: a player's line, or (with no sender) a notice for this
    /// player alone.
    public mutating func chat(_ message: Chat) {
        if message.sender.isEmpty {
            chatNotice(message.text)
        } else {
            chat(from: message.sender, text: message.text)
        }
    }

    /// What `mousy watch` prints for a CHAT: `chat NAME: TEXT`, or `notice: TEXT` for
    /// the server's (or the client's own) notice; sanitised.
    public static func watchLine(for message: Chat) -> String {
        let text = NetworkText.sanitized(message.text, maximumBytes: chatTextBytesShown)
        guard !message.sender.isEmpty else { return "notice: \(text)" }
        return "chat \(NetworkText.sanitized(message.sender, maximumBytes: nameBytesShown)): \(text)"
    }

    /// A chat line from `name`, as the server stamped it: both sanitised here, the name
    /// drawn in the colour its cursor has on this screen (this player's own style for
    /// this player).
    public mutating func chat(from name: String, text: String) {
        let style: TextStyle
        if name == username {
            style = .own
        } else if let player = players[name] {
            style = .player(player.colorSlot)
        } else {
            style = .player(PlayerColors.slot(for: name))
        }
        appendChat(ChatLine(
            name: NetworkText.sanitized(name, maximumBytes: Self.nameBytesShown), nameStyle: style,
            text: NetworkText.sanitized(text, maximumBytes: Self.chatTextBytesShown)))
    }

    /// A notice about the chat for this player only ("not connected: not sent").
    public mutating func chatNotice(_ notice: String) {
        appendChat(ChatLine(notice: NetworkText.sanitized(notice)))
    }

    /// Opens the chat editor (closing the help, which it would hide).
    public mutating func openChat() {
        showHelp = false
        chatEditor = ChatEditor(maximumBytes: Self.chatTextBytes)
    }

    private mutating func appendChat(_ line: ChatLine) {
        chatLog.append(line)
        if chatLog.count > Self.chatLogCapacity {
            chatLog.removeFirst(chatLog.count - Self.chatLogCapacity)
        }
    }
}
