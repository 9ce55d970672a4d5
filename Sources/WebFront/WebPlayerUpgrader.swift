import DevServer
import Logging
import NIOCore
import NIOHTTP1
import NIOWebSocket

/// Upgrades a request for the WebSocket endpoint to a browser player: NIOWebSocket's
/// upgrader answers the handshake (and refuses a foreign `Origin` or another path), then
/// the pipeline is the WebSocket frame decoder, a ``WebSocketTranslator`` and the game
/// server's own player handler (``DevServer/GameGateway/adopt(_:via:)``). No WebSocket
/// frame encoder: the translator writes its frames' bytes itself.
struct WebPlayerUpgrader: HTTPServerProtocolUpgrader, Sendable {
    /// Used for the handshake only: ``upgrade(context:upgradeRequest:)`` builds the
    /// pipeline, so its own pipeline handler is never called.
    private let handshake: NIOWebSocketServerUpgrader
    private let maxFrameBytes: Int
    private let gateway: GameGateway
    private let caches: [ObjectIdentifier: NIOLoopBound<JSONFrameCache>]
    private let logger: Logger

    init(
        path: String, maxFrameBytes: Int, gateway: GameGateway,
        caches: [ObjectIdentifier: NIOLoopBound<JSONFrameCache>], logger: Logger
    ) {
        self.handshake = NIOWebSocketServerUpgrader(
            maxFrameSize: maxFrameBytes,
            shouldUpgrade: { channel, head in
                let allowed = head.uri == path && OriginCheck.allows(head)
                return channel.eventLoop.makeSucceededFuture(allowed ? HTTPHeaders() : nil)
            },
            upgradePipelineHandler: { channel, _ in channel.eventLoop.makeSucceededVoidFuture() }
        )
        self.maxFrameBytes = maxFrameBytes
        self.gateway = gateway
        self.caches = caches
        self.logger = logger
    }

    var supportedProtocol: String { handshake.supportedProtocol }

    var requiredUpgradeHeaders: [String] { handshake.requiredUpgradeHeaders }

    func buildUpgradeResponse(
        channel: any Channel, upgradeRequest: HTTPRequestHead, initialResponseHeaders: HTTPHeaders
    ) -> EventLoopFuture<HTTPHeaders> {
        handshake.buildUpgradeResponse(
            channel: channel, upgradeRequest: upgradeRequest, initialResponseHeaders: initialResponseHeaders)
    }

    func upgrade(context: ChannelHandlerContext, upgradeRequest: HTTPRequestHead) -> EventLoopFuture<Void> {
        let channel = context.channel
        return channel.eventLoop.makeCompletedFuture {
            let cache = caches[ObjectIdentifier(channel.eventLoop)]?.value ?? JSONFrameCache()
            let sync = channel.pipeline.syncOperations
            try sync.addHandler(ByteToMessageHandler(WebSocketFrameDecoder(maxFrameSize: maxFrameBytes)))
            try sync.addHandler(WebSocketTranslator(cache: cache, logger: logger))
            try gateway.adopt(channel, via: "web")
        }
    }
}
