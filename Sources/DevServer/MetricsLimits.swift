import NIOCore

/// The bounds of the `/metrics` listener, so that no peer can hold more of the server
/// through it than a few connections' worth: a cap on connections in all and from one
/// address (more are closed as soon as they are accepted), and a time within which each
/// exchange (a request arriving and its answer taken by the client) must finish.
public struct MetricsLimits: Sendable {
    /// Connections open at once, from every address together.
    public var maxConnections: Int = 64
    /// Connections open at once from one IP address.
    public var maxConnectionsPerAddress: Int = 8
    /// A connection that sends no whole request, or does not take its answer, for this
    /// long is closed (an idle keep-alive connection too).
    public var idleTimeout: TimeAmount = .seconds(15)
    /// The largest request head accepted; a longer one is a malformed request.
    public var maxHeaderBytes: Int = 8 * 1024

    /// Every default.
    public init() {}

    /// True when every cap is at least 1 and the timeout positive.
    var isValid: Bool {
        maxConnections >= 1 && maxConnectionsPerAddress >= 1 && idleTimeout.nanoseconds > 0 && maxHeaderBytes >= 256
    }
}
