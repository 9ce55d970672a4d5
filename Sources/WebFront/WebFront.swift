import DevServer
import Logging
import NIOCore
import NIOHTTP1
import NIOPosix
import NIOWebSocket

/// The browser's way into a running ``DevServer/GameServer`` (`mousy serve --web-port`):
/// one HTTP listener serving the page (``PageFile``) and, at ``socketPath``, a WebSocket
/// per player, which the server's ``DevServer/GameGateway`` adopts as a player connection.
///
/// Built on swift-nio's own NIOHTTP1 and NIOWebSocket, on the game server's event
/// loops, and held to ``WebLimits``.
public final class WebFront: Sendable {
    /// The path of the WebSocket endpoint.
    public static let socketPath = "/ws"

    private let channel: any Channel
    private let connections: ConnectionCaps

    /// The bound port.
    public var port: Int { channel.localAddress?.port ?? 0 }

    /// The connections open now (page loads and players).
    public var openConnections: Int { connections.open }

    private init(channel: any Channel, connections: ConnectionCaps) {
        self.channel = channel
        self.connections = connections
    }

    /// Binds `host:port` (0 picks a free port) and serves until ``close()``.
    /// `idleTimeout` is at least three of the game's ping intervals (a page bounces each
    /// ping, so a live one is never idle that long).
    public static func start(
        host: String, port: Int, gateway: GameGateway, group: any EventLoopGroup,
        pingInterval: TimeAmount, limits: WebLimits = WebLimits(), logger: Logger
    ) async throws -> WebFront {
        precondition(limits.isValid, "invalid web limits")
        let connections = ConnectionCaps(
            maxConnections: limits.maxConnections, maxConnectionsPerAddress: limits.maxConnectionsPerAddress)
        let caches = try await JSONFrameCache.perLoop(of: group)
        let idle = TimeAmount.nanoseconds(max(limits.idleTimeout.nanoseconds, 3 * pingInterval.nanoseconds))
        let decoderLimits = HTTPAnswer.decoderLimits(maxHeaderBytes: limits.maxHeaderBytes)
        let channel = try await ServerBootstrap(group: group)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .childChannelOption(.socketOption(.tcp_nodelay), value: 1)
            // A page that stops reading is closed as a TCP player is, at the same bound
            // on its unsent bytes (of JSON here).
            .childChannelOption(
                .writeBufferWaterMark,
                value: .init(low: gateway.maxOutboundBytes / 2, high: gateway.maxOutboundBytes)
            )
            .childChannelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    try connections.hold(channel)
                    let sync = channel.pipeline.syncOperations
                    try sync.addHandler(IdleStateHandler(readTimeout: idle))
                    try sync.addHandler(IdleCloser())
                    let page = PageHandler()
                    let upgrader = WebPlayerUpgrader(
                        path: socketPath, maxFrameBytes: limits.maxFrameBytes, gateway: gateway, caches: caches, logger: logger)
                    let removePage = NIOLoopBound(page, eventLoop: channel.eventLoop)
                    try sync.configureHTTPServerPipeline(
                        withServerUpgrade: (upgraders: [upgrader], completionHandler: { context in
                            context.pipeline.syncOperations.removeHandler(removePage.value, promise: nil)
                        }),
                        withErrorHandling: false, withEncoderConfiguration: .init(), withDecoderLimitConfiguration: decoderLimits)
                    try sync.addHandler(page)
                }
            }
            .bind(host: host, port: port)
            .get()
        return WebFront(channel: channel, connections: connections)
    }

    /// Stops listening; call it before the game server shuts down (the front runs on its
    /// event loops). The players' sockets end with their game connections, when the game
    /// server shuts down.
    public func close() async {
        try? await channel.close()
    }
}
