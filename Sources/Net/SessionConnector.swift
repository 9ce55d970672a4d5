import NIOCore
import NIOPosix

/// How a ``SessionDriver`` opens a connection: over TCP, or through a caller's own way in
/// (the SSH front's in-process gateway). Either way the driver's `initializer` sets up
/// the channel, and the future completes on the driver's event loop.
public struct SessionConnector: Sendable {
    /// Opens one connection on `loop`, set up by `initializer`.
    public typealias Connect = @Sendable (
        _ loop: any EventLoop,
        _ initializer: @escaping @Sendable (any Channel) -> EventLoopFuture<Void>
    ) -> EventLoopFuture<any Channel>

    let connect: Connect

    /// A caller's own way in.
    public init(_ connect: @escaping Connect) {
        self.connect = connect
    }

    /// TCP to `server` with TCP_NODELAY; `sendBufferBytes` sets SO_SNDBUF; `configure`
    /// may set more options (a source address, a read allocator).
    public static func tcp(
        _ server: ServerAddress,
        connectTimeout: TimeAmount,
        sendBufferBytes: Int? = nil,
        configure: (@Sendable (ClientBootstrap) -> ClientBootstrap)? = nil
    ) -> SessionConnector {
        SessionConnector { loop, initializer in
            var bootstrap = ClientBootstrap(group: loop)
                .connectTimeout(connectTimeout)
                .channelOption(.tcpOption(.tcp_nodelay), value: 1)
            if let bytes = sendBufferBytes {
                bootstrap = bootstrap.channelOption(.socketOption(.so_sndbuf), value: SocketOptionValue(bytes))
            }
            if let configure { bootstrap = configure(bootstrap) }
            return bootstrap.channelInitializer(initializer).connect(host: server.host, port: server.port)
        }
    }
}
