import Messages
import NIOCore
import NIOPosix

/// The protocol client for tests: a real TCP connection to 127.0.0.1, the Messages
/// codec, and waits that end on an event (a frame, the close) or a generous upper bound.
///
/// Every frame received is kept: ``next(within:)`` and its kin take them in order, and
/// ``received()`` lists them all, taken or not (for watching what another player sees).
public final class TestClient: Sendable {
    public enum Failure: Error, CustomStringConvertible {
        case timedOut(String)
        case closed(String)
        case unexpected(String)

        public var description: String {
            switch self {
            case .timedOut(let what): "timed out waiting for \(what)"
            case .closed(let what): "connection closed while waiting for \(what)"
            case .unexpected(let what): "unexpected: \(what)"
            }
        }
    }

    public let channel: Channel
    private let inbox: Inbox

    private init(channel: Channel, inbox: Inbox) {
        self.channel = channel
        self.inbox = inbox
    }

    /// Connects to 127.0.0.1:`port`. `receiveBufferSize` shrinks SO_RCVBUF (set before
    /// connecting); `reading: false` never reads from the socket (a stalled player);
    /// `from` binds the socket to that source address first (127.0.0.2, 127.0.0.3, ...:
    /// distinct hosts on one machine).
    ///
    /// `first` (a message) or `firstRaw` (bytes as they are) is written by the event loop
    /// the moment the connection is up. A server's login timeout runs from that moment:
    /// a test that writes its login only once its task runs again can lose that race on
    /// a loaded machine, so a login (or bad bytes before one) goes out here.
    public static func connect(
        port: Int, receiveBufferSize: Int? = nil, reading: Bool = true, from source: String? = nil,
        first: WireMessage? = nil, firstRaw: [UInt8]? = nil
    ) async throws -> TestClient {
        let inbox = Inbox(first: first, firstRaw: firstRaw)
        var bootstrap = ClientBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .connectTimeout(TestTime.scaled(TimeAmount.seconds(10)))
            .channelOption(.autoRead, value: reading)
            .channelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.addHandler(MessageFrameDecoder.handler())
                    try channel.pipeline.syncOperations.addHandler(MessageToByteHandler(MessageFrameEncoder()))
                    try channel.pipeline.syncOperations.addHandler(inbox)
                }
            }
        if let receiveBufferSize {
            bootstrap = bootstrap.channelOption(.socketOption(.so_rcvbuf), value: SocketOptionValue(receiveBufferSize))
        }
        if let source {
            bootstrap = bootstrap.bind(to: try SocketAddress(ipAddress: source, port: 0))
        }
        let channel = try await bootstrap.connect(host: "127.0.0.1", port: port).get()
        return TestClient(channel: channel, inbox: inbox)
    }

    /// Connects and logs in; returns the server's LOGIN_RESULT (ok or not). `understands`:
    /// the frame types the login lists (none, as the original client and Mousy before the
    /// handshake, by default).
    public static func login(
        port: Int, username: String, password: String = "welcome", from source: String? = nil,
        understands: [MType] = []
    ) async throws -> (TestClient, LoginResult) {
        let client = try await connect(port: port, from: source, first: .playerLogin(.with {
            $0.username = username
            $0.password = password
            $0.understands = understands
        }))
        let result = try await client.loginResult()
        return (client, result)
    }

    /// Sends PLAYER_LOGIN on this connection; returns the server's LOGIN_RESULT.
    public func login(username: String, password: String = "welcome") async throws -> LoginResult {
        try await send(.playerLogin(.with {
            $0.username = username
            $0.password = password
        }))
        return try await loginResult()
    }

    /// The next LOGIN_RESULT (ok or not).
    public func loginResult() async throws -> LoginResult {
        try await next("LOGIN_RESULT") { message in
            if case .loginResult(let result) = message { result } else { nil }
        }
    }

    public func send(_ message: WireMessage) async throws {
        try await channel.writeAndFlush(message)
    }

    public func send(_ messages: [WireMessage]) async throws {
        for message in messages.dropLast() { channel.write(message, promise: nil) }
        if let last = messages.last { try await channel.writeAndFlush(last) }
    }

    /// Writes bytes as they are, bypassing the encoder.
    public func sendRaw(_ bytes: [UInt8]) async throws {
        let buffer = channel.allocator.buffer(bytes: bytes)
        try await channel.pipeline.context(handlerType: MessageToByteHandler<MessageFrameEncoder>.self)
            .flatMap { context in
                let promise = context.eventLoop.makePromise(of: Void.self)
                context.writeAndFlush(NIOAny(buffer), promise: promise)
                return promise.futureResult
            }.get()
    }

    /// The next message, whatever it is (waiting up to `timeout`, scaled by
    /// ``TestTime/scale``).
    public func next(within timeout: TimeAmount = .seconds(30)) async throws -> WireMessage {
        try await receive(within: Self.scaled(timeout))
    }

    private func receive(within timeout: TimeAmount) async throws -> WireMessage {
        let inbox = self.inbox
        let message = try await channel.eventLoop.flatSubmit {
            inbox.take(within: timeout)
        }.get()
        guard let message else { throw Failure.closed("a message") }
        return message
    }

    /// Skips messages until `extract` returns a value (e.g. the next PLAYER_CURSOR).
    public func next<T>(
        _ what: String, within timeout: TimeAmount = .seconds(30), _ extract: (WireMessage) -> T?
    ) async throws -> T {
        let deadline = NIODeadline.now() + Self.scaled(timeout)
        while true {
            let left = deadline - .now()
            guard left > .zero else { throw Failure.timedOut(what) }
            let message: WireMessage
            do {
                message = try await receive(within: left)
            } catch Failure.timedOut {
                throw Failure.timedOut(what)
            } catch Failure.closed {
                throw Failure.closed(what)
            }
            if let value = extract(message) { return value }
        }
    }

    public func nextPing(within timeout: TimeAmount = .seconds(30)) async throws -> Ping {
        try await next("PING_EVENT", within: timeout) { if case .ping(let ping) = $0 { ping } else { nil } }
    }

    public func nextCursor(within timeout: TimeAmount = .seconds(30)) async throws -> PlayerCursor {
        try await next("PLAYER_CURSOR", within: timeout) { if case .playerCursor(let c) = $0 { c } else { nil } }
    }

    public func nextLogout(within timeout: TimeAmount = .seconds(30)) async throws -> PlayerLogout {
        try await next("PLAYER_LOGOUT", within: timeout) { if case .playerLogout(let l) = $0 { l } else { nil } }
    }

    /// Everything received so far and not yet taken; takes it.
    public func drain() async throws -> [WireMessage] {
        let inbox = self.inbox
        return try await channel.eventLoop.submit { inbox.drain() }.get()
    }

    /// Every message received so far, in order, taken or not.
    public func received() async throws -> [WireMessage] {
        let inbox = self.inbox
        return try await channel.eventLoop.submit { inbox.history }.get()
    }

    /// The PLAYER_CURSORs received so far for `username`, in order, taken or not.
    public func cursors(of username: String) async throws -> [PlayerCursor] {
        try await received().compactMap {
            if case .playerCursor(let cursor) = $0, cursor.username == username { cursor } else { nil }
        }
    }

    /// Sends a MOUSE_MOVE to (`x`, `y`) with no button down.
    public func move(x: Int32, y: Int32) async throws {
        try await send(.mouseMove(.with {
            $0.x = x
            $0.y = y
        }))
    }

    /// Waits until the server has closed the connection; returns the messages that were
    /// still unread.
    @discardableResult
    public func waitForClose(within timeout: TimeAmount = .seconds(30)) async throws -> [WireMessage] {
        let closed = channel.closeFuture
        let timer = channel.eventLoop.scheduleTask(in: Self.scaled(timeout)) {}
        let outcome = try await channel.eventLoop.flatSubmit {
            closed.map { true }.or(timer.futureResult.map { false })
        }.get()
        guard outcome else { throw Failure.timedOut("the server to close the connection") }
        return try await drain()
    }

    /// Whether the connection is still open (false once either side closed it).
    public var isOpen: Bool { channel.isActive }

    /// A wait's upper bound stretched by ``TestTime/scale``.
    private static func scaled(_ timeout: TimeAmount) -> TimeAmount {
        .nanoseconds(Int64(Double(timeout.nanoseconds) * TestTime.scale))
    }

    /// Sends FIN after what was written, and keeps reading: unlike `close()`, never
    /// turned into a reset by unread data.
    public func finishSending() async throws {
        try await channel.close(mode: .output)
    }

    public func close() async {
        try? await channel.close()
    }
}

extension EventLoopFuture where Value == Bool {
    /// Whichever of the two completes first.
    fileprivate func or(_ other: EventLoopFuture<Bool>) -> EventLoopFuture<Bool> {
        let promise = eventLoop.makePromise(of: Bool.self)
        self.whenComplete { promise.completeWith($0) }
        other.whenComplete { result in promise.completeWith(result) }
        return promise.futureResult
    }
}

/// Collects decoded messages on the client's event loop and wakes whoever waits.
/// Touched only on that loop.
private final class Inbox: ChannelInboundHandler, @unchecked Sendable {
    typealias InboundIn = WireMessage

    private var messages: [WireMessage] = []
    /// Every message received, taken or not.
    private(set) var history: [WireMessage] = []
    private var waiters: [(promise: EventLoopPromise<WireMessage?>, timer: Scheduled<Void>)] = []
    private var closed = false
    private let first: WireMessage?
    private let firstRaw: [UInt8]?

    init(first: WireMessage?, firstRaw: [UInt8]?) {
        self.first = first
        self.firstRaw = firstRaw
    }

    func channelActive(context: ChannelHandlerContext) {
        if let first {
            context.writeAndFlush(NIOAny(first), promise: nil)
        }
        if let firstRaw {
            // Past the encoder: straight to the socket.
            let buffer = context.channel.allocator.buffer(bytes: firstRaw)
            try? context.pipeline.syncOperations.context(handlerType: MessageToByteHandler<MessageFrameEncoder>.self)
                .writeAndFlush(NIOAny(buffer), promise: nil)
        }
        context.fireChannelActive()
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        let message = unwrapInboundIn(data)
        history.append(message)
        if !waiters.isEmpty {
            let waiter = waiters.removeFirst()
            waiter.timer.cancel()
            waiter.promise.succeed(message)
        } else {
            messages.append(message)
        }
    }

    func channelInactive(context: ChannelHandlerContext) {
        closed = true
        for waiter in waiters {
            waiter.timer.cancel()
            waiter.promise.succeed(nil)
        }
        waiters.removeAll()
        context.fireChannelInactive()
    }

    func errorCaught(context: ChannelHandlerContext, error: Error) {
        context.close(promise: nil)
    }

    func take(within timeout: TimeAmount) -> EventLoopFuture<WireMessage?> {
        let loop = MultiThreadedEventLoopGroup.currentEventLoop!
        if !messages.isEmpty { return loop.makeSucceededFuture(messages.removeFirst()) }
        if closed { return loop.makeSucceededFuture(nil) }
        let promise = loop.makePromise(of: WireMessage?.self)
        let timer = loop.scheduleTask(in: timeout) { [self] in
            guard let index = self.waiters.firstIndex(where: { $0.promise.futureResult === promise.futureResult }) else {
                return
            }
            self.waiters.remove(at: index)
            promise.fail(TestClient.Failure.timedOut("a message"))
        }
        waiters.append((promise, timer))
        return promise.futureResult
    }

    func drain() -> [WireMessage] {
        defer { messages.removeAll() }
        return Array(messages)
    }
}
