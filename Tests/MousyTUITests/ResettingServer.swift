import Messages
import NIOConcurrencyHelpers
import NIOCore
import NIOPosix

#if canImport(Glibc)
import Glibc
#endif

/// A game server that lets every player in and pings it, then on ``reset()`` aborts every
/// connection with a TCP reset (SO_LINGER 0), as a crashed peer or a firewall does: a
/// real socket on 127.0.0.1 and the real codec.
final class ResettingServer: Sendable {
    private final class Session: ChannelInboundHandler, Sendable {
        typealias InboundIn = WireMessage
        typealias OutboundOut = WireMessage
        let playing: NIOLockedValueBox<[Channel]>

        init(playing: NIOLockedValueBox<[Channel]>) {
            self.playing = playing
        }

        func channelRead(context: ChannelHandlerContext, data: NIOAny) {
            guard case .playerLogin = Self.unwrapInboundIn(data) else { return }
            context.write(Self.wrapOutboundOut(.loginResult(.with {
                $0.ok = true
                $0.pingIntervalMs = 1000
                $0.playersOnline = 1
            })), promise: nil)
            context.writeAndFlush(Self.wrapOutboundOut(.ping(.with { $0.sentEpoch = Epoch.nowMicros() })), promise: nil)
            let channel = context.channel
            playing.withLockedValue { $0.append(channel) }
        }

        func errorCaught(context: ChannelHandlerContext, error: any Error) {
            context.close(promise: nil)
        }
    }

    let port: Int
    private let channel: Channel
    private let playing: NIOLockedValueBox<[Channel]>

    private init(port: Int, channel: Channel, playing: NIOLockedValueBox<[Channel]>) {
        self.port = port
        self.channel = channel
        self.playing = playing
    }

    static func start() async throws -> ResettingServer {
        let playing = NIOLockedValueBox<[Channel]>([])
        let channel = try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .childChannelInitializer { child in
                child.eventLoop.makeCompletedFuture {
                    let sync = child.pipeline.syncOperations
                    try sync.addHandler(MessageFrameDecoder.handler())
                    try sync.addHandler(MessageToByteHandler(MessageFrameEncoder()))
                    try sync.addHandler(Session(playing: playing))
                }
            }
            .bind(host: "127.0.0.1", port: 0).get()
        return ResettingServer(port: channel.localAddress?.port ?? 0, channel: channel, playing: playing)
    }

    /// Stops listening and resets every connection.
    func reset() async {
        try? await channel.close()
        for player in playing.withLockedValue({ $0 }) {
            if let provider = player as? any SocketOptionProvider {
                try? await provider.setSoLinger(linger(l_onoff: 1, l_linger: 0)).get()
            }
            try? await player.close()
        }
    }
}
