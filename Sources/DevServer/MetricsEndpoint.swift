import NIOCore
import NIOHTTP1
import NIOPosix

/// The HTTP listener of `/metrics`: NIOHTTP1 on the server's event loops.
enum MetricsEndpoint {
    /// Binds `host:port` (0 picks a free port) and serves `render`'s text at `/metrics`.
    static func bind(
        host: String,
        port: Int,
        group: EventLoopGroup,
        render: @escaping @Sendable () async -> [UInt8]
    ) async throws -> Channel {
        try await ServerBootstrap(group: group)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .childChannelOption(.socketOption(.tcp_nodelay), value: 1)
            .childChannelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.configureHTTPServerPipeline()
                    try channel.pipeline.syncOperations.addHandler(MetricsHTTPHandler(render: render))
                }
            }
            .bind(host: host, port: port)
            .get()
    }
}
