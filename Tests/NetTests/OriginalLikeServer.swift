import Messages
import NIOConcurrencyHelpers
import NIOCore
import NIOPosix

/// A server that behaves like the original Go server: it reads a login, closes without
/// a word on a bad password, and otherwise pings every `pingInterval`; it never sends
/// LOGIN_RESULT. It records what its clients send.
final class OriginalLikeServer: Sendable {
    let group: MultiThreadedEventLoopGroup
    private let channel: NIOLockedValueBox<(any Channel)?> = NIOLockedValueBox(nil)
    private let clients: NIOLockedValueBox<[any Channel]> = NIOLockedValueBox([])
    private let received: NIOLockedValueBox<[WireMessage]> = NIOLockedValueBox([])
    private let ends = NIOLockedValueBox(0)
    let password: String
    let pingInterval: TimeAmount
    /// Accepts connections and reads, but never answers anything.
    let mute: Bool
    /// Raw bytes sent right after the first ping (bad input for the client).
    let garbageAfterFirstPing: [UInt8]?
    /// Pings per connection, after which it falls silent and keeps the connection open
    /// (a stalled server); nil: pings forever.
    let pingsBeforeSilence: Int?

    init(
        password: String = "welcome",
        pingInterval: TimeAmount = .milliseconds(50),
        mute: Bool = false,
        garbageAfterFirstPing: [UInt8]? = nil,
        pingsBeforeSilence: Int? = nil
    ) {
        self.mute = mute
        self.pingsBeforeSilence = pingsBeforeSilence
        self.garbageAfterFirstPing = garbageAfterFirstPing
        self.group = MultiThreadedEventLoopGroup(numberOfThreads: 1)
        self.password = password
        self.pingInterval = pingInterval
    }

    /// Binds 127.0.0.1:`port` (0: any free port) and returns the bound port.
    func start(port: Int = 0) throws -> Int {
        let server = self
        let channel = try ServerBootstrap(group: group)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .childChannelOption(.socketOption(.so_rcvbuf), value: 4096)  // stalls show quickly
            .childChannelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.addHandler(MessageFrameDecoder.handler())
                    try channel.pipeline.syncOperations.addHandler(MessageToByteHandler(MessageFrameEncoder()))
                    try channel.pipeline.syncOperations.addHandler(Session(server: server))
                }
            }
            .bind(host: "127.0.0.1", port: port)
            .wait()
        self.channel.withLockedValue { $0 = channel }
        return channel.localAddress!.port!
    }

    /// Everything clients sent, in arrival order.
    var messages: [WireMessage] { received.withLockedValue { $0 } }

    /// Connections that have ended.
    var endedConnections: Int { ends.withLockedValue { $0 } }

    /// Stops listening and drops every client without a word, like a crashed server.
    func stop() throws {
        try channel.withLockedValue { $0 }?.close().wait()
        for client in clients.withLockedValue({ $0 }) {
            client.close(promise: nil)
        }
    }

    /// Stops (or resumes) reading from every client, like a server that has stalled.
    func setReading(_ reading: Bool) throws {
        for client in clients.withLockedValue({ $0 }) {
            try client.setOption(ChannelOptions.autoRead, value: reading).wait()
            if reading { client.read() }
        }
    }

    func shutdown() throws {
        try? stop()
        try group.syncShutdownGracefully()
    }

    private final class Session: ChannelInboundHandler {
        typealias InboundIn = WireMessage
        typealias OutboundOut = WireMessage
        let server: OriginalLikeServer
        var loggedIn = false
        var pinger: RepeatedTask?
        var pingsSent = 0

        init(server: OriginalLikeServer) { self.server = server }

        func channelActive(context: ChannelHandlerContext) {
            server.clients.withLockedValue { $0.append(context.channel) }
        }

        func channelRead(context: ChannelHandlerContext, data: NIOAny) {
            let message = Self.unwrapInboundIn(data)
            server.received.withLockedValue { $0.append(message) }
            guard !loggedIn, !server.mute else { return }
            guard case .playerLogin(let login) = message, login.password == server.password else {
                context.close(promise: nil)  // the original's refusal: not a word
                return
            }
            loggedIn = true
            let channel = context.channel
            let garbage = server.garbageAfterFirstPing
            let bound = NIOLoopBound(self, eventLoop: context.eventLoop)
            pinger = context.eventLoop.scheduleRepeatedTask(initialDelay: server.pingInterval, delay: server.pingInterval) { task in
                let session = bound.value
                if let limit = session.server.pingsBeforeSilence, session.pingsSent >= limit {
                    task.cancel()
                    return
                }
                session.pingsSent += 1
                var ping = Ping()
                ping.sentEpoch = Epoch.nowMicros()
                channel.writeAndFlush(WireMessage.ping(ping), promise: nil)
                if let garbage {
                    // Past the encoder: raw bytes, straight to the socket.
                    try? channel.pipeline.syncOperations.context(handlerType: MessageToByteHandler<MessageFrameEncoder>.self)
                        .writeAndFlush(NIOAny(channel.allocator.buffer(bytes: garbage)), promise: nil)
                }
            }
        }

        func errorCaught(context: ChannelHandlerContext, error: any Error) {
            context.close(promise: nil)
        }

        func channelInactive(context: ChannelHandlerContext) {
            pinger?.cancel()
            server.ends.withLockedValue { $0 += 1 }
        }
    }
}
