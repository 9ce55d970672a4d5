import NIOCore

/// What a ``GameClient`` connects to and how it behaves when the connection drops.
public struct ClientConfiguration: Sendable {
    /// The server to play on.
    public var server: ServerAddress
    /// The name to log in with; default `player1`, the original's.
    public var username: String
    /// The password to log in with; default `welcome`, the original's. Never logged.
    public var password: String
    /// Reconnect (and log in again) after an established session drops. Default true.
    /// A first connect that fails and a refused login are always final.
    public var reconnect: Bool
    /// The first wait before reconnecting; it doubles after each failed attempt.
    public var reconnectInitialDelay: TimeAmount
    /// The longest wait between reconnect attempts.
    public var reconnectMaximumDelay: TimeAmount
    /// How long one TCP connect may take before it counts as failed.
    public var connectTimeout: TimeAmount
    /// How long the server may take to answer the login (LOGIN_RESULT or a first ping)
    /// before the attempt counts as failed.
    public var loginTimeout: TimeAmount
    /// The silence that ends a session when the server announces no ping interval (an
    /// original server, or before the login is answered). Once LOGIN_RESULT announces one,
    /// three missed pings end it (never under 1.5 s). Nil: silence never ends a session.
    public var silenceTimeout: TimeAmount?
    /// The socket's send buffer (SO_SNDBUF) in bytes; nil leaves it to the kernel. A
    /// small buffer makes a stalled server show sooner, so stale moves merge in the
    /// queue instead of waiting in the kernel.
    public var socketSendBufferBytes: Int?
    /// After quitting, how long to wait for the server to close its side before closing ours.
    public var quitGracePeriod: TimeAmount
    /// Log in as a spectator (`mousy watch`): a Mousy server neither lists nor counts it;
    /// an original server ignores this and takes it for a player. Default false.
    public var spectator = false
    /// Sees every message the client writes and reads (tests, diagnostics).
    public var tap: SessionTap?

    public init(server: ServerAddress, username: String = "player1", password: String = "welcome") {
        // The session's own defaults, stated once in ClientSession.Rules.
        let rules = ClientSession.Rules(server: server, username: username, password: password)
        self.server = server
        self.username = username
        self.password = password
        self.reconnect = rules.reconnect
        self.reconnectInitialDelay = rules.reconnectInitialDelay
        self.reconnectMaximumDelay = rules.reconnectMaximumDelay
        self.connectTimeout = .seconds(3)
        self.loginTimeout = .seconds(5)
        self.silenceTimeout = rules.fallbackSilence
        self.socketSendBufferBytes = nil
        self.quitGracePeriod = .milliseconds(500)
    }
}

extension ClientConfiguration {
    /// The session rules this configuration asks for.
    public var sessionRules: ClientSession.Rules {
        ClientSession.Rules(
            server: server,
            username: username,
            password: password,
            reconnect: reconnect,
            reconnectInitialDelay: reconnectInitialDelay,
            reconnectMaximumDelay: reconnectMaximumDelay,
            fallbackSilence: silenceTimeout,
            spectator: spectator
        )
    }
}
