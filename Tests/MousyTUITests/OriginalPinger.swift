import Messages
import NIOCore
import NIOPosix

/// Like the original Go server: no LOGIN_RESULT; a ping for a good login, a silent close for a bad one.
final class OriginalPinger: Sendable {
    private final class Session: ChannelInboundHandler, Sendable {
        typealias InboundIn = WireMessage
        typealias OutboundOut = WireMessage

        func channelRead(context: ChannelHandlerContext, data: NIOAny) {
            guard case .playerLogin(let login) = Self.unwrapInboundIn(data) else { return }
            guard login.password == "welcome" else {
                context.close(promise: nil)
                return
            }
            var ping = Ping()
            ping.sentEpoch = Epoch.nowMicros()
            context.writeAndFlush(Self.wrapOutboundOut(.ping(ping)), promise: nil)
        }

        func errorCaught(context: ChannelHandlerContext, error: any Error) {
            context.close(promise: nil)
        }
    }

    private let channel: any Channel
    let port: Int

    private init(channel: any Channel, port: Int) {
        self.channel = channel
        self.port = port
    }

    static func start() async throws -> OriginalPinger {
        let channel = try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .childChannelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    let sync = channel.pipeline.syncOperations
                    try sync.addHandler(MessageFrameDecoder.handler())
                    try sync.addHandler(MessageToByteHandler(MessageFrameEncoder()))
                    try sync.addHandler(Session())
                }
            }
            .bind(host: "127.0.0.1", port: 0).get()
        return OriginalPinger(channel: channel, port: channel.localAddress?.port ?? 0)
    }

    func close() async {
        try? await channel.close()
    }
}
