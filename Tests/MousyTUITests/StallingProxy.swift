import NIOConcurrencyHelpers
import NIOCore
import NIOPosix

/// A TCP proxy on 127.0.0.1 in front of a server, standing for a client whose reading
/// stops (a stuck terminal, a frozen laptop): `stall()` stops reading from the server on
/// every connection so far, with a small receive buffer, so the server's writes back up
/// within a few kilobytes instead of filling megabytes of a stopped client's socket and
/// SSH window first. `resume()` reads again.
final class StallingProxy: Sendable {
    private let listener: any Channel
    /// The server side of every connection so far.
    private let upstreams: NIOLockedValueBox<[any Channel]>
    let port: Int

    private init(listener: any Channel, upstreams: NIOLockedValueBox<[any Channel]>) {
        self.listener = listener
        self.upstreams = upstreams
        self.port = listener.localAddress!.port!
    }

    static func start(forwardingTo targetPort: Int) async throws -> StallingProxy {
        let upstreams = NIOLockedValueBox<[any Channel]>([])
        let listener = try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .childChannelOption(.autoRead, value: false)
            .childChannelInitializer { client in
                ClientBootstrap(group: client.eventLoop)
                    .channelOption(.socketOption(.so_rcvbuf), value: 4096)
                    .connect(host: "127.0.0.1", port: targetPort)
                    .flatMap { server in
                        client.eventLoop.makeCompletedFuture {
                            upstreams.withLockedValue { $0.append(server) }
                            try client.pipeline.syncOperations.addHandler(Forwarder(to: server))
                            try server.pipeline.syncOperations.addHandler(Forwarder(to: client))
                            try client.syncOptions?.setOption(.autoRead, value: true)
                        }
                    }
            }
            .bind(host: "127.0.0.1", port: 0).get()
        return StallingProxy(listener: listener, upstreams: upstreams)
    }

    /// Stops reading what the server sends, on every connection so far.
    func stall() async throws {
        for server in all() { try await server.setOption(.autoRead, value: false).get() }
    }

    /// Reads (and forwards) again.
    func resume() async throws {
        for server in all() { try await server.setOption(.autoRead, value: true).get() }
    }

    func stop() async {
        try? await listener.close()
    }

    private func all() -> [any Channel] {
        upstreams.withLockedValue { $0 }
    }

    /// One direction of one connection: bytes in, bytes out to the other socket.
    private final class Forwarder: ChannelInboundHandler, Sendable {
        typealias InboundIn = ByteBuffer
        private let peer: any Channel

        init(to peer: any Channel) {
            self.peer = peer
        }

        func channelRead(context: ChannelHandlerContext, data: NIOAny) {
            peer.writeAndFlush(unwrapInboundIn(data), promise: nil)
        }

        func channelInactive(context: ChannelHandlerContext) {
            peer.close(promise: nil)
        }

        func errorCaught(context: ChannelHandlerContext, error: any Error) {
            context.close(promise: nil)
        }
    }
}
