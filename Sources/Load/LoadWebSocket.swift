import Messages
import Net
import NIOCore
import NIOHTTP1
import NIOPosix
import NIOWebSocket

/// How a `mousy load --web` player connects: TCP to a `mousy serve --web-port` front, an
/// HTTP upgrade to its WebSocket (the page's path, with the page's own `Origin`), then
/// the player's usual pipeline, with a ``LoadWebSocketCodec`` where a TCP player has its
/// ``LoadFrameDecoder``.
///
/// The connection counts as made (and the session sends its login) once the socket is
/// upgraded; an answer other than the upgrade is a failed connect.
enum LoadWebSocket {
    /// The path of the server's WebSocket endpoint (`WebFront.socketPath`).
    static let path = "/ws"
    /// The largest frame taken from the server: far above any one message as JSON.
    static let maxFrameBytes = 16 * 1024

    /// The server answered the upgrade with something else (a page, a refusal).
    struct NotUpgraded: Error, CustomStringConvertible {
        var description: String { "the server did not upgrade the connection to a WebSocket" }
    }

    /// Connects to `host:port`, from `source` if given, and upgrades.
    static func connector(host: String, port: Int, connectTimeout: TimeAmount, source: SocketAddress?) -> SessionConnector {
        let authority = host.contains(":") ? "[\(host)]:\(port)" : "\(host):\(port)"
        return SessionConnector { loop, initializer in
            let upgraded = loop.makePromise(of: (any Channel).self)
            var bootstrap = ClientBootstrap(group: loop)
                .connectTimeout(connectTimeout)
                .channelOption(.tcpOption(.tcp_nodelay), value: 1)
                .channelInitializer { channel in
                    channel.eventLoop.makeCompletedFuture {
                        try upgrade(channel, authority: authority, then: initializer)
                            .whenComplete { result in
                                switch result {
                                case .success(true):
                                    upgraded.succeed(channel)
                                case .success(false):
                                    channel.close(promise: nil)
                                    upgraded.fail(NotUpgraded())
                                case .failure(let error):
                                    channel.close(promise: nil)
                                    upgraded.fail(error)
                                }
                            }
                    }
                }
            if let source { bootstrap = bootstrap.bind(to: source) }
            bootstrap.connect(host: host, port: port).whenFailure { upgraded.fail($0) }
            return upgraded.futureResult
        }
    }

    /// Sets `channel` up to ask for the upgrade, and, once upgraded, to carry the
    /// player's pipeline (`initializer`). The future says whether it was upgraded.
    private static func upgrade(
        _ channel: any Channel, authority: String, then initializer: @escaping @Sendable (any Channel) -> EventLoopFuture<Void>
    ) throws -> EventLoopFuture<Bool> {
        var headers = HTTPHeaders()
        headers.add(name: "Host", value: authority)
        headers.add(name: "Origin", value: "http://\(authority)")
        headers.add(name: "Content-Length", value: "0")
        let head = HTTPRequestHead(version: .http1_1, method: .GET, uri: path, headers: headers)
        let upgrader = NIOTypedWebSocketClientUpgrader<Bool>(
            maxFrameSize: maxFrameBytes,
            upgradePipelineHandler: { channel, _ in initializer(channel).map { true } }
        )
        let configuration = NIOTypedHTTPClientUpgradeConfiguration<Bool>(
            upgradeRequestHead: head,
            upgraders: [upgrader],
            notUpgradingCompletionHandler: { channel in channel.eventLoop.makeSucceededFuture(false) }
        )
        return try channel.pipeline.syncOperations.configureUpgradableHTTPClientPipeline(
            configuration: .init(upgradeConfiguration: configuration))
    }
}
