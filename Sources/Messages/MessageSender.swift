/// Who sends a kind of message (PROTOCOL.md, "Message types", direction).
public enum MessageSender: Sendable, Hashable {
    /// Client → server only.
    case client
    /// Server → client only.
    case server
    /// Both ways.
    case both

    /// Whether a server sends this kind.
    public var isServer: Bool { self != .client }
    /// Whether a client sends this kind.
    public var isClient: Bool { self != .server }
}
