import Messages
import NIOCore

/// The last handler of a browser player's connection to the game server (a socket pair
/// from ``DevServer/GameGateway``, on the WebSocket's own event loop): hands the server's
/// frames (``LinkFrameDecoder``) to the ``WebSocketBridge``.
final class GameLinkHandler: ChannelInboundHandler {
    typealias InboundIn = ByteBuffer

    private let bridge: WebSocketBridge

    init(bridge: WebSocketBridge) {
        self.bridge = bridge
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        bridge.fromServer(Self.unwrapInboundIn(data))
    }

    func channelReadComplete(context: ChannelHandlerContext) {
        bridge.flushToPage()
        context.fireChannelReadComplete()
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        context.close(promise: nil)
    }

    func channelInactive(context: ChannelHandlerContext) {
        bridge.linkClosed()
        context.fireChannelInactive()
    }
}
