import NIOCore
import NIOPosix

/// A TCP service that is not a game server: it answers whatever it reads with an HTML
/// page and closes, as a misconfigured web server would.
final class HTMLServer: Sendable {
    private final class Answer: ChannelInboundHandler, Sendable {
        typealias InboundIn = ByteBuffer
        typealias OutboundOut = ByteBuffer

        func channelRead(context: ChannelHandlerContext, data: NIOAny) {
            let page = context.channel.allocator.buffer(string: "<!DOCTYPE html>\n<html><body>Not found</body></html>\n")
            let channel = context.channel
            context.writeAndFlush(Self.wrapOutboundOut(page)).whenComplete { _ in channel.close(promise: nil) }
        }

        func errorCaught(context: ChannelHandlerContext, error: Error) {
            context.close(promise: nil)
        }
    }

    private let channel: Channel
    let port: Int

    private init(channel: Channel, port: Int) {
        self.channel = channel
        self.port = port
    }

    /// Listens on 127.0.0.1:`port` (0: any free one).
    static func start(port: Int = 0) async throws -> HTMLServer {
        let channel = try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .childChannelInitializer { channel in
                channel.eventLoop.makeCompletedFuture { try channel.pipeline.syncOperations.addHandler(Answer()) }
            }
            .bind(host: "127.0.0.1", port: port).get()
        return HTMLServer(channel: channel, port: channel.localAddress?.port ?? port)
    }

    func close() async {
        try? await channel.close()
    }
}
