import Logging
import NIOCore
import NIOPosix

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A way into a running ``GameServer`` for a gateway in the same process, such as the
/// SSH server of `mousy serve --ssh-port`, whose players come from the gateway's own
/// clients rather than from the network.
///
/// A gateway player logs in as every player does (PLAYER_LOGIN: the name rules, the
/// password, duplicate names, max players), but the login throttle counts it by its
/// client's address (the SSH peer's), not by where the gateway connects from: each
/// gateway connection is one end of a socket pair made here, which no network client can
/// reach, so none can claim another's address.
///
/// The gateway's own checks before a game login (an SSH connection waiting to
/// authenticate, a wrong SSH password) go through the same per-address throttle, so a
/// source is held to one set of rules however it comes.
public final class GameGateway: Sendable {
    private let group: any EventLoopGroup
    private let shards: [ObjectIdentifier: NIOLoopBound<PlayerShard>]
    private let throttle: LoginThrottle
    private let configuration: ServerConfiguration
    private let logger: Logger

    init(
        group: any EventLoopGroup, shards: [NIOLoopBound<PlayerShard>], throttle: LoginThrottle,
        configuration: ServerConfiguration, logger: Logger
    ) {
        self.group = group
        self.shards = Dictionary(uniqueKeysWithValues: shards.map { (ObjectIdentifier($0.eventLoop), $0) })
        self.throttle = throttle
        self.configuration = configuration
        self.logger = logger
    }

    /// The game server's event loops, for a gateway's own listener to share.
    public var eventLoopGroup: any EventLoopGroup { group }

    // MARK: - Game connections

    /// Opens a game connection for a client of the gateway at `client` (e.g. an SSH
    /// peer): the server's end is a player connection whose login is throttled by
    /// `client`'s address and whose log lines name it `client` and `via`; the gateway's end
    /// is a channel on `loop` set up by `initializer` (it speaks the game protocol, as a
    /// TCP client would). The future completes on `loop`.
    public func connect(
        for client: SocketAddress?, via: String, on loop: any EventLoop,
        initializer: @escaping @Sendable (any Channel) -> EventLoopFuture<Void>
    ) -> EventLoopFuture<any Channel> {
        var fds: [CInt] = [-1, -1]
        #if os(Linux)
        let type = CInt(SOCK_STREAM.rawValue) | CInt(SOCK_CLOEXEC.rawValue)
        #else
        let type = SOCK_STREAM
        #endif
        guard socketpair(AF_UNIX, type, 0, &fds) == 0 else {
            return loop.makeFailedFuture(IOError(errnoCode: errno, reason: "socketpair"))
        }
        let source = LoginSource(client)
        let peer = "\(PlayerSession.describe(client)) via \(via)"
        let configuration = self.configuration
        let shards = self.shards
        var server = ClientBootstrap(group: group)
            // The same as an accepted player's socket (GameServer.start), bar the TCP options.
            .channelOption(.writeBufferWaterMark, value: .init(low: configuration.maxOutboundBytes / 2, high: configuration.maxOutboundBytes))
            .channelOption(.maxMessagesPerRead, value: 1)
            .channelOption(.recvAllocator, value: AdaptiveRecvByteBufferAllocator(minimum: 64, initial: 256, maximum: 8192))
            .channelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    let session = PlayerSession(channel: channel, source: source, peer: peer)
                    try shards[ObjectIdentifier(channel.eventLoop)]!.value.adopt(session)
                }
            }
        if let size = configuration.socketSendBufferBytes {
            server = server.channelOption(.socketOption(.so_sndbuf), value: SocketOptionValue(size))
        }
        let gatewayEnd = fds[1]
        return server.withConnectedSocket(fds[0]).hop(to: loop).flatMapError { error in
            close(gatewayEnd)
            return loop.makeFailedFuture(error)
        }.flatMap { _ in
            ClientBootstrap(group: loop).channelInitializer(initializer).withConnectedSocket(gatewayEnd)
        }
    }

    /// Makes `channel`, a connection the gateway accepted itself (a browser's WebSocket),
    /// a player connection of the game in place: the server's player handler goes at
    /// the end of its pipeline, after the gateway's own handlers, which turn the
    /// client's messages into frames of the game protocol and the server's frames back.
    /// Its login is throttled by the channel's remote address, and its log lines name
    /// that address and `via`.
    ///
    /// Call it on `channel`'s event loop, which must be one of the server's
    /// (``eventLoopGroup``), once the channel is active; an inactive channel is left alone.
    public func adopt(_ channel: any Channel, via: String) throws {
        channel.eventLoop.preconditionInEventLoop()
        guard channel.isActive else { return }
        guard let shard = shards[ObjectIdentifier(channel.eventLoop)]?.value else {
            throw ServerError.invalidConfiguration("a gateway connection on an event loop the game server does not run")
        }
        let client = channel.remoteAddress
        let session = PlayerSession(
            channel: channel, source: LoginSource(client), peer: "\(PlayerSession.describe(client)) via \(via)")
        try shard.adopt(session)
        shard.connected(session)
    }

    /// The bytes a player connection may have waiting to be sent before it is closed as
    /// not reading (``ServerConfiguration/maxOutboundBytes``): the high watermark of an
    /// adopted channel's write buffer.
    public var maxOutboundBytes: Int { configuration.maxOutboundBytes }

    // MARK: - The gateway's own checks

    /// A new gateway connection from `client`, not yet authenticated: false if the address
    /// already has `maxPendingPerAddress` connections waiting to log in (refuse it).
    /// Each true is to be balanced by one ``connectionSettled(from:)``.
    public func connectionOpened(from client: SocketAddress?) -> Bool {
        throttle.connectionOpened(from: LoginSource(client), now: Self.now())
    }

    /// A connection counted by ``connectionOpened(from:)`` has authenticated or closed.
    public func connectionSettled(from client: SocketAddress?) {
        throttle.connectionSettled(from: LoginSource(client))
    }

    /// How long logins from `client`'s address are still refused for failed logins, or
    /// nil when they are not.
    public func penaltyRemaining(for client: SocketAddress?) -> TimeAmount? {
        throttle.penaltyRemaining(for: LoginSource(client), now: Self.now())
    }

    /// Counts a failed login (a wrong password) from `client`'s address, as a refused
    /// PLAYER_LOGIN is counted.
    public func loginFailed(from client: SocketAddress?) {
        let source = LoginSource(client)
        if let penalty = throttle.loginFailed(from: source, now: Self.now()) {
            logger.warning("\(LoginDesk.describe(penalty, window: configuration.throttle.failureWindow))")
        }
    }

    private static func now() -> UInt64 {
        NIODeadline.now().uptimeNanoseconds
    }
}
