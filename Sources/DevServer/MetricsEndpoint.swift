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
        let connections = MetricsConnections(limits: limits)
        let decoderLimits = {
            var decoder = NIOHTTPDecoderLimitConfiguration()
            decoder.maxHeaderFieldSize = limits.maxHeaderBytes
            decoder.maxHeaderListSize = limits.maxHeaderBytes
            decoder.maxHeaderFieldCount = 100
            return decoder
        }()
        return try await ServerBootstrap(group: group)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .childChannelOption(.socketOption(.tcp_nodelay), value: 1)
            .childChannelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    // By IP address, without the port: one host's connections together.
                    let address = channel.remoteAddress?.ipAddress ?? "?"
                    guard connections.admit(address) else { throw MetricsRefusal() }
                    channel.closeFuture.whenComplete { _ in connections.release(address) }
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

    /// Thrown from the child initializer to close a connection past a cap.
    private struct MetricsRefusal: Error {}
}
