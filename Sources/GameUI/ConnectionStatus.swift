/// The connection as the status pane shows it.
public enum ConnectionStatus: Hashable, Sendable {
    case starting
    case connecting(attempt: Int)
    case loggedIn
    case disconnected(reason: String)
    /// Waiting to reconnect; the attempt starts at `atMicros` (local epoch microseconds).
    case reconnecting(atMicros: UInt64)
    /// The server refused the login; final.
    case refused(reason: String)
    /// Networking has stopped for good after a session (the server went away).
    case serverGone(reason: String)
}
