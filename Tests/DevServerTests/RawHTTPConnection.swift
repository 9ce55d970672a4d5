import NIOConcurrencyHelpers
import NIOCore
import NIOPosix
import TestSupport

/// A raw TCP connection to the metrics port, for what no HTTP client sends (pipelined
/// floods, garbage, HTTP/0.9, nothing at all) and for a client that does not read.
final class RawHTTPConnection: Sendable {
    let channel: any Channel
    private let received: NIOLockedValueBox<[UInt8]>

    private init(channel: any Channel, received: NIOLockedValueBox<[UInt8]>) {
        self.channel = channel
        self.received = received
    }

    /// Connects from `source` (127.0.0.2 and up stand for other hosts); with `reading`
    /// false nothing is read until ``startReading()``, over an SO_RCVBUF of
    /// `receiveBufferBytes` when given.
    static func open(port: Int, from source: String = "127.0.0.1", reading: Bool = true,
                     receiveBufferBytes: Int? = nil) async throws -> RawHTTPConnection {
        let received = NIOLockedValueBox<[UInt8]>([])
        var bootstrap = ClientBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .bind(to: try SocketAddress(ipAddress: source, port: 0))
            .channelOption(.autoRead, value: reading)
            .channelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.addHandler(Collector(received: received))
                }
            }
        if let receiveBufferBytes {
            bootstrap = bootstrap.channelOption(.socketOption(.so_rcvbuf), value: SocketOptionValue(receiveBufferBytes))
        }
        let channel = try await bootstrap.connect(host: "127.0.0.1", port: port).get()
        return RawHTTPConnection(channel: channel, received: received)
    }

    func send(_ text: String) async throws {
        try await channel.writeAndFlush(ByteBuffer(string: text))
    }

    func startReading() async throws {
        try await channel.setOption(.autoRead, value: true).get()
        channel.read()
    }

    /// Everything received so far, as text.
    var text: String { String(decoding: received.withLockedValue { $0 }, as: UTF8.self) }

    /// How many responses with `status` (e.g. "200") arrived so far.
    func responses(_ status: String) -> Int {
        text.components(separatedBy: "HTTP/1.1 \(status) ").count - 1
    }

    var isClosed: Bool { !channel.isActive }

    /// Waits until the server has closed the connection; false if it has not within the bound.
    func closedByServer() async -> Bool {
        await eventually { isClosed }
    }

    func close() async {
        try? await channel.close()
    }

    private final class Collector: ChannelInboundHandler {
        typealias InboundIn = ByteBuffer
        let received: NIOLockedValueBox<[UInt8]>

        init(received: NIOLockedValueBox<[UInt8]>) {
            self.received = received
        }

        func channelRead(context: ChannelHandlerContext, data: NIOAny) {
            let bytes = unwrapInboundIn(data).readableBytesView
            received.withLockedValue { $0 += bytes }
        }
    }
}
