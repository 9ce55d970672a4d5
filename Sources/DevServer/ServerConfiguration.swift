import NIOCore

/// Everything `GameServer` can be told. Start from `init()` (the defaults) and set fields.
public struct ServerConfiguration: Sendable {
    /// The address to listen on. Loopback unless told otherwise.
    public var host: String = "127.0.0.1"
    /// The TCP port; 0 picks a free one (`GameServer.start()` returns it).
    public var port: Int = 7777
    /// The shared password every player logs in with. Compared in constant time, never logged.
    public var password: String = "welcome"
    /// How often every logged-in player gets PING_EVENT.
    public var pingInterval: TimeAmount = .milliseconds(1000)
    /// Players logged in at once; a login beyond it is refused with "server full".
    public var maxPlayers: Int = 20_000
    /// With more players than this, each receiver sees only this many most recently active
    /// others (see PROTOCOL.md, "Visibility").
    public var maxVisible: Int = 64
    /// The shared world's size in points, announced in LOGIN_RESULT (PROTOCOL.md, "World
    /// coordinates"). The original client's window, 800 x 600, unless told otherwise.
    public var worldWidth: Int = 800
    public var worldHeight: Int = 600
    /// A connection that has not sent PLAYER_LOGIN by then is closed.
    public var loginTimeout: TimeAmount = .seconds(5)
    /// The TCP port of the Prometheus endpoint (`GET /metrics`, on `host`); 0 picks a free one
    /// (``GameServer/metricsPort`` tells which); nil: no endpoint.
    public var metricsPort: Int? = nil
    /// The metrics listener's caps on connections (in all, per address) and its idle timeout.
    public var metricsLimits = MetricsLimits()
    /// How often the counters are logged at info level; nil: never.
    public var statsInterval: TimeAmount? = .seconds(10)
    /// The fan-out tick: cursor changes are coalesced to at most one PLAYER_CURSOR per
    /// moving player per tick per receiver.
    public var tickInterval: TimeAmount = .nanoseconds(1_000_000_000 / 60)
    /// The bound on bytes queued for one player that is not reading; past it the player
    /// is disconnected ("outbound buffer full").
    public var maxOutboundBytes: Int = 128 * 1024
    /// SO_SNDBUF for player sockets; nil keeps the system's default (and its autotuning).
    /// A small value makes a player that stops reading hit `maxOutboundBytes` sooner.
    public var socketSendBufferBytes: Int? = nil
    /// On shutdown, how long players get to receive their PLAYER_LOGOUT before their
    /// connections are closed regardless.
    public var shutdownGracePeriod: TimeAmount = .milliseconds(1000)
    /// Per-address login throttling: penalties for failed logins, a cap on connections
    /// waiting to log in.
    public var throttle = LoginThrottleConfiguration()
    /// A player that has bounced pings and then bounces none for this long is
    /// disconnected ("ping timeout"); one that never bounces (the original Python client)
    /// is not. nil: never.
    public var pingTimeout: TimeAmount? = .seconds(15)
    /// How long a player reaped by the ping timeout (a laptop asleep, a Ctrl-Z) may come
    /// back as itself: its login with its resume token gets the name back, and nobody
    /// else may take the name meanwhile. The others see it leave and come back. nil: the
    /// name is free at once.
    public var resumeGrace: TimeAmount? = .seconds(120)
    /// TCP_USER_TIMEOUT of every player socket: data (pings) unacknowledged for this long
    /// ends the connection, so a dead link is noticed even for a player that never
    /// bounces. TCP keepalive probes an idle one. nil: the system's defaults.
    public var tcpUserTimeout: TimeAmount? = .seconds(20)
    /// Chat lines a player may send at once; after them, one more per ``chatInterval``.
    /// A line over the limit is refused with a notice to its sender only.
    public var chatBurst: Int = 5
    /// The steady rate of chat lines per player: one per this interval, after the burst.
    public var chatInterval: TimeAmount = .seconds(1)
    /// Broadcast messages (chat) one event loop holds at most waiting to be published, and
    /// apart, waiting to be delivered; more are dropped and counted
    /// (`mousy_broadcasts_dropped_total`).
    public var maxQueuedBroadcasts: Int = 4096
    /// Boxes in the shared world (PROTOCOL.md, "World objects"); 0: none, and no simulation.
    public var shapes: Int = 0
    /// The seed that places and sizes the boxes: the same seed, the same world.
    public var shapeSeed: UInt64 = 1
    /// The simulation's tick, run only while something moves or input waits.
    public var shapeTickInterval: TimeAmount = .milliseconds(50)
    /// GAME_OBJECT frames each player is sent per tick at most, in a `ChangeSchedule`'s
    /// order (the most recent changes first; a box left waiting goes before them, so the
    /// rest follow within a few ticks). 32 a tick at 20 Hz is 640 a second: the budget of
    /// the cursors of ``maxVisible`` players moving at 10 Hz.
    public var maxObjectsPerTick: Int = 32
    /// Ticks per second of the simulation (LOGIN_RESULT's `tick_hz`), rounded.
    public var shapeTickHz: UInt32 {
        let interval = max(shapeTickInterval.nanoseconds, 1)
        return UInt32(clamping: (1_000_000_000 + interval / 2) / interval)
    }
    /// Event loop threads; nil: one per core.
    public var eventLoopThreads: Int? = nil

    /// All defaults: 127.0.0.1:7777, password "welcome", pings every second.
    public init() {}
}
