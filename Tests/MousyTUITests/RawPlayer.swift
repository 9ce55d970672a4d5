import Messages
import NIOCore
import NIOPosix

/// A bare protocol client on a real socket, for watching what the server sends another
/// player: every frame is kept, in order.
final class RawPlayer: Sendable {
    private final class Collector: ChannelInboundHandler, Sendable {
        typealias InboundIn = WireMessage
        // Only touched on the channel's event loop.
        nonisolated(unsafe) private(set) var received: [WireMessage] = []
        nonisolated(unsafe) private(set) var isClosed = false

        func channelRead(context: ChannelHandlerContext, data: NIOAny) {
            received.append(unwrapInboundIn(data))
        }

        func channelInactive(context: ChannelHandlerContext) {
            isClosed = true
            context.fireChannelInactive()
        }

        func errorCaught(context: ChannelHandlerContext, error: Error) {
            context.close(promise: nil)
        }
    }

    private let channel: Channel
    private let collector: Collector

    private init(channel: Channel, collector: Collector) {
        self.channel = channel
        self.collector = collector
    }

    /// Connects to 127.0.0.1:`port` and sends PLAYER_LOGIN.
    static func login(port: Int, username: String, password: String = "welcome") async throws -> RawPlayer {
        let collector = Collector()
        let channel = try await ClientBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .channelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.addHandler(MessageFrameDecoder.handler())
                    try channel.pipeline.syncOperations.addHandler(MessageToByteHandler(MessageFrameEncoder()))
                    try channel.pipeline.syncOperations.addHandler(collector)
                }
            }
            .connect(host: "127.0.0.1", port: port).get()
        var login = PlayerLogin()
        login.username = username
        login.password = password
        try await channel.writeAndFlush(WireMessage.playerLogin(login)).get()
        return RawPlayer(channel: channel, collector: collector)
    }

    func send(_ message: WireMessage) async throws {
        try await channel.writeAndFlush(message).get()
    }

    func move(x: Int32, y: Int32) async throws {
        var move = MouseMove()
        move.x = x
        move.y = y
        try await send(.mouseMove(move))
    }

    /// Everything received so far, in order.
    func received() async throws -> [WireMessage] {
        let collector = self.collector
        return try await channel.eventLoop.submit { collector.received }.get()
    }

    func isClosed() async throws -> Bool {
        let collector = self.collector
        return try await channel.eventLoop.submit { collector.isClosed }.get()
    }

    /// The PLAYER_CURSORs received for `username`, in order.
    func cursors(of username: String) async throws -> [PlayerCursor] {
        try await received().compactMap {
            if case .playerCursor(let cursor) = $0, cursor.username == username { return cursor }
            return nil
        }
    }

    func close() async {
        try? await channel.close()
    }
}
