import NIOConcurrencyHelpers
import NIOCore
import NIOPosix

/// A TCP proxy on 127.0.0.1 in front of a server, for dead-link tests: `goDark()` stops
/// forwarding on every connection it has so far, in both directions, but keeps both
/// sockets open (a dropped NAT mapping, a dead Wi-Fi link). Later connections forward.
public final class BlackholeProxy: Sendable {
    private let listener: Channel
    private let links = NIOLockedValueBox<[Link]>([])
    public let port: Int

    final class Link: Sendable {
        let dark = NIOLockedValueBox(false)
    }

    private init(listener: Channel, port: Int) {
        self.listener = listener
        self.port = port
    }

    public static func start(forwardingTo targetPort: Int) async throws -> BlackholeProxy {
        let box = NIOLockedValueBox<BlackholeProxy?>(nil)
        let listener = try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .childChannelOption(.autoRead, value: false)
            .childChannelInitializer { inbound in
                let link = Link()
                box.withLockedValue { $0?.links.withLockedValue { $0.append(link) } }
                return ClientBootstrap(group: inbound.eventLoop)
                    .connect(host: "127.0.0.1", port: targetPort)
                    .flatMap { outbound in
                        inbound.eventLoop.makeCompletedFuture {
                            try inbound.pipeline.syncOperations.addHandler(Forwarder(to: outbound, link: link))
                            try outbound.pipeline.syncOperations.addHandler(Forwarder(to: inbound, link: link))
                            try inbound.syncOptions?.setOption(.autoRead, value: true)
                        }
                    }
            }
            .bind(host: "127.0.0.1", port: 0).get()
        let proxy = BlackholeProxy(listener: listener, port: listener.localAddress!.port!)
        box.withLockedValue { $0 = proxy }
        return proxy
    }

    /// Every connection so far goes dark: nothing is forwarded, nothing is closed.
    public func goDark() {
        for link in links.withLockedValue({ $0 }) { link.dark.withLockedValue { $0 = true } }
    }

    public func stop() async {
        try? await listener.close()
    }

    /// One direction of one link: bytes in, bytes out to the other socket, unless dark.
    private final class Forwarder: ChannelInboundHandler, Sendable {
        typealias InboundIn = ByteBuffer
        private let peer: Channel
        private let link: Link

        init(to peer: Channel, link: Link) {
            self.peer = peer
            self.link = link
        }

        func channelRead(context: ChannelHandlerContext, data: NIOAny) {
            guard !link.dark.withLockedValue({ $0 }) else { return }
            peer.writeAndFlush(unwrapInboundIn(data), promise: nil)
        }

        func channelInactive(context: ChannelHandlerContext) {
            // A dark link keeps the other socket open: its peer notices nothing.
            if !link.dark.withLockedValue({ $0 }) { peer.close(promise: nil) }
        }

        func errorCaught(context: ChannelHandlerContext, error: Error) {
            context.close(promise: nil)
        }
    }
}
