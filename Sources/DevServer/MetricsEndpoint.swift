import NIOCore
import NIOHTTP1
import NIOPosix

/// The HTTP listener of `/metrics`: NIOHTTP1 on the server's event loops, held to
/// ``MetricsLimits``: connections past a cap are closed as soon as they are accepted, and
/// each connection is served by a ``MetricsHTTPHandler`` (one request at a time).
enum MetricsEndpoint {
    /// Binds `host:port` (0 picks a free port) and serves `render`'s text at `/metrics`.
    static func bind(
        host: String,
        port: Int,
        limits: MetricsLimits = MetricsLimits(),
        group: EventLoopGroup,
        render: @escaping @Sendable () async -> [UInt8]
    ) async throws -> Channel {
        let connections = ConnectionCaps(
            maxConnections: limits.maxConnections, maxConnectionsPerAddress: limits.maxConnectionsPerAddress)
        let decoderLimits = HTTPAnswer.decoderLimits(maxHeaderBytes: limits.maxHeaderBytes)
        return try await ServerBootstrap(group: group)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .childChannelOption(.socketOption(.tcp_nodelay), value: 1)
            .childChannelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    try connections.hold(channel)
                    try channel.pipeline.syncOperations.addHandler(MetricsRequestLineCheck(maxBytes: limits.maxHeaderBytes))
                    try channel.pipeline.syncOperations.configureHTTPServerPipeline(
                        withPipeliningAssistance: false, withErrorHandling: false,
                        withEncoderConfiguration: .init(), withDecoderLimitConfiguration: decoderLimits)
                    try channel.pipeline.syncOperations.addHandler(MetricsHTTPHandler(idleTimeout: limits.idleTimeout, render: render))
                }
            }
            .bind(host: host, port: port)
            .get()
    }
}
