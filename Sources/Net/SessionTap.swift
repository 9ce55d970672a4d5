import Messages

/// Sees every message a ``SessionDriver`` writes and every one it reads, whichever front
/// runs it: for tests and diagnostics. Called on the driver's event loop; keep it cheap.
public struct SessionTap: Sendable {
    /// A message the driver writes (the login, moves, bounces, chat, the goodbye).
    public var sent: @Sendable (WireMessage) -> Void
    /// A message the driver read from the server.
    public var received: @Sendable (WireMessage) -> Void

    public init(sent: @escaping @Sendable (WireMessage) -> Void, received: @escaping @Sendable (WireMessage) -> Void) {
        self.sent = sent
        self.received = received
    }
}
