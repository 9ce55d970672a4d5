import Net
import NIOCore

/// What `mousy load` is asked to do.
public struct LoadConfiguration: Sendable {
    public var host: String
    public var port: Int
    /// Players to log in, each with a distinct name.
    public var clients: Int
    /// MouseMove frames per second per player; 0 sends as fast as the socket takes, nil
    /// sends none (idle players).
    public var rateHz: Double?
    /// How long the whole run lasts, logins included.
    public var duration: TimeAmount
    /// Connections are spread evenly over this span; zero connects them all in one burst.
    public var ramp: TimeAmount
    public var userPrefix: String
    public var password: String
    /// The ping interval to expect from a server that sends no LOGIN_RESULT.
    public var defaultPingInterval: TimeAmount = .seconds(1)
    public var connectTimeout: TimeAmount = .seconds(10)
    /// The first this many players drag the server's boxes (``BoxDragger``) at `rateHz`
    /// instead of wandering; the rest only count the GAME_OBJECT frames they are sent.
    public var draggers: Int = 0
    /// Local addresses to connect from, in turn (e.g. 127.0.0.1 to 127.0.0.40 on
    /// loopback, so that a server's per-address caps see many hosts); empty: the system's
    /// choice.
    public var sourceAddresses: [String] = []
    /// Sees every message each player writes and reads (tests, diagnostics).
    public var tap: SessionTap?
    /// The first this many players connect over WebSocket to ``webPort`` (a `mousy serve
    /// --web-port` front on the same host) and speak the page's JSON frames; the rest
    /// connect over TCP.
    public var webClients: Int = 0
    /// The web front's port, for the ``webClients``.
    public var webPort: Int = 0

    public init(
        host: String, port: Int, clients: Int, rateHz: Double?, duration: TimeAmount, ramp: TimeAmount,
        userPrefix: String, password: String, defaultPingInterval: TimeAmount = .seconds(1),
        connectTimeout: TimeAmount = .seconds(10)
    ) {
        self.host = host
        self.port = port
        self.clients = clients
        self.rateHz = rateHz
        self.duration = duration
        self.ramp = ramp
        self.userPrefix = userPrefix
        self.password = password
        self.defaultPingInterval = defaultPingInterval
        self.connectTimeout = connectTimeout
    }
}
