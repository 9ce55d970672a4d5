import Messages
import NIOCore

/// One connection and, once logged in, its player.
///
/// Touched only on its channel's event loop, by its handler and its loop's
/// ``PlayerShard``: not `Sendable`.
final class PlayerSession {
    enum Phase {
        case awaitingLogin
        /// Taking a session over: waiting for the old connection's loop to hand it over.
        case resuming
        case playing
        case closed
    }

    // One per connection, so its size is part of the memory per player: Swift lays the
    // fields out in declaration order, so word-sized ones come first and the small ones
    // are packed at the end (189 bytes, a 192-byte heap block; 224 when interleaved).

    let channel: Channel
    /// The peer's address, for log lines.
    let peer: String
    /// The peer's address as login throttling counts it.
    let source: LoginSource
    /// Set at login.
    var id: PlayerID = 0
    var username = ""
    /// The login that made this session, as the registry knows it.
    var loginSerial: UInt64 = 0
    /// The frame types the client listed at login (types 1-6 when it listed none): the
    /// fan-out sends it no broadcast of any other type.
    var understands = MessageKinds.unlistedClient
    /// When the player last moved or clicked, in uptime nanoseconds (0: not yet).
    var lastActivity: UInt64 = 0
    var loginTimeout: Scheduled<Void>?
    /// ``unansweredSince`` in uptime nanoseconds, 0 for none (an optional would take 16 bytes).
    private var unansweredSinceNanoseconds: UInt64 = 0
    /// Cursor changes not yet emitted by a tick.
    var changes = CursorChanges()
    /// The latest cursor state the player sent (handed over if the session is taken over).
    var cursor = CursorState()
    /// The latest round trip measured from a bounced ping, sent in the next ping.
    var roundTripMicros: UInt32 = 0
    private var storedReceiverIndex: Int32 = -1
    var phase: Phase = .awaitingLogin
    /// Whether the login throttle counts this connection as waiting to log in.
    var countedAsPending = false
    /// Whether the session is in its shard's list of sessions with pending changes.
    var isDirty = false
    /// Whether the player has ever bounced a ping: only those are reaped by the ping timeout.
    var hasBounced = false
    /// A spectator (`mousy watch`): hears the players, is never shown or counted among them.
    var spectator = false
    /// Why the connection is ending, once the server knows.
    var closeReason: DisconnectReason?

    /// When the first ping not answered since the last bounce went out (nil: none pending).
    var unansweredSince: NIODeadline? {
        get { unansweredSinceNanoseconds == 0 ? nil : .uptimeNanoseconds(unansweredSinceNanoseconds) }
        set { unansweredSinceNanoseconds = newValue.map { max(1, $0.uptimeNanoseconds) } ?? 0 }
    }

    /// Position in the shard's receiver list while playing (-1: none).
    var receiverIndex: Int {
        get { Int(storedReceiverIndex) }
        set { storedReceiverIndex = Int32(newValue) }
    }

    /// A connection accepted from the network: its source is its peer's address.
    convenience init(channel: Channel) {
        self.init(channel: channel, source: LoginSource(channel.remoteAddress), peer: Self.describe(channel.remoteAddress))
    }

    /// A connection whose source and log name are given (a ``GameGateway``'s, whose
    /// player comes from the gateway's own client).
    init(channel: Channel, source: LoginSource, peer: String) {
        self.channel = channel
        self.source = source
        self.peer = peer
    }

    /// "IP:PORT" (IPv6 in brackets), as log lines show a peer.
    static func describe(_ address: SocketAddress?) -> String {
        guard let address, let ip = address.ipAddress, let port = address.port else { return "unknown peer" }
        return address.protocol == .inet6 ? "[\(ip)]:\(port)" : "\(ip):\(port)"
    }

    /// "NAME (PEER)" once logged in, else "PEER": who a log line is about.
    var logName: String {
        phase == .playing || !username.isEmpty ? "\(username.debugDescription) (\(peer))" : peer
    }
}
