import Messages
import NIOCore

/// The bounds of the web front (`mousy serve --web-port`), so that no peer holds more of
/// the server through it than its share: caps on connections in all and from one
/// address (more are closed as soon as they are accepted), on a WebSocket frame and on a
/// request head, and a time after which a silent connection is closed.
///
/// A connection that upgrades but never logs in is the game server's to end: its login
/// timeout and its per-address cap on pending logins hold a browser as they hold a TCP
/// client.
public struct WebLimits: Sendable {
    /// Connections open at once (page loads and players), from every address together.
    public var maxConnections = 10_000
    /// Connections open at once from one IP address.
    public var maxConnectionsPerAddress = 256
    /// The longest WebSocket frame read; a longer one closes the connection (1009). A
    /// message is one frame: fragments are refused.
    public var maxFrameBytes = WireMessage.maximumJSONFrameBytes
    /// The largest request head accepted.
    public var maxHeaderBytes = 8 * 1024
    /// A connection from which nothing arrives for this long is closed. A logged-in page
    /// bounces a ping every ping interval, so the front never uses less than three ping
    /// intervals.
    public var idleTimeout: TimeAmount = .seconds(30)

    /// Every default.
    public init() {}

    /// True when every cap is at least 1 and the timeout positive.
    var isValid: Bool {
        maxConnections >= 1 && maxConnectionsPerAddress >= 1 && maxFrameBytes >= 256 && maxHeaderBytes >= 256
            && idleTimeout.nanoseconds > 0
    }
}
