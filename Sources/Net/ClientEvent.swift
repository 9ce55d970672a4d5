import Messages
import NIOCore

/// What the network tells the UI, through ``ClientQueue/takeEvents()``.
///
/// A session goes `connecting` → `loggedIn` → (`ping`, `cursor`, `playerLeft`)… and ends
/// with `refused`, or `disconnected` (followed by `reconnecting` → `connecting` when it
/// will try again), and finally `stopped`.
public enum ClientEvent: Sendable, Hashable {
    /// A TCP connect to the server is under way. Attempts count from 1 at the start and
    /// again after each established session drops.
    case connecting(ServerAddress, attempt: Int)
    /// The server accepted the login. Nil: an original server (its first ping meant logged in).
    case loggedIn(welcome: LoginResult?)
    /// The server refused the login; final, no retry. The reason is one plain sentence.
    case refused(reason: String)
    /// A ping arrived (and was bounced).
    case ping(PingReport)
    /// Another player's cursor (coalesced per player in the queue).
    case cursor(PlayerCursor)
    /// Another player left.
    case playerLeft(username: String, reason: String)
    /// Any other message from the server for the UI, one the session hands through
    /// instead of digesting it (``ClientSession/received(_:)``), in order. The UIs share
    /// one switch over it (GameUI's `GameState.received`).
    case message(WireMessage)
    /// The connection is gone, or never came up; the reason is one plain sentence.
    case disconnected(reason: String)
    /// The client will try to connect again after this delay.
    case reconnecting(in: TimeAmount)
    /// The networking has finished, after a quit or a final error. Always the last event.
    case stopped
}
