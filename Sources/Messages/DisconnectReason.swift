/// Why a connection ended: the wire text of PLAYER_LOGOUT's `reason` that the dev server
/// sends to the other players (and to the player itself for ``serverShutdown`` and
/// ``resumed``), and its count of disconnects.
public enum DisconnectReason: String, Sendable, Hashable, CaseIterable, CustomStringConvertible {
    /// The player sent PLAYER_LOGOUT.
    case loggedOut = "logged out"
    /// The peer closed the connection (or it was reset) without a goodbye.
    case connectionClosed = "connection closed"
    /// A frame that cannot be decoded: unknown type, bad payload, stream ended mid-frame.
    case badFrame = "bad frame"
    /// No PLAYER_LOGIN within the login timeout.
    case loginTimeout = "login timeout"
    /// The login was refused (bad password, malformed, name taken, server full, not a login).
    case loginRefused = "login refused"
    /// The player stopped reading and its outbound buffer passed the bound.
    case outboundBufferFull = "outbound buffer full"
    /// The server is shutting down.
    case serverShutdown = "server shutting down"
    /// Another connection took the session over with its resume token (sent to the old
    /// connection only: the others see the player carry on).
    case resumed = "resumed on another connection"
    /// A player that used to bounce pings bounced none for the ping timeout.
    case pingTimeout = "ping timeout"

    public var description: String { rawValue }
}
