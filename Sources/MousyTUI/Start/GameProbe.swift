import Messages
import Net
import NIOCore
import NIOPosix

#if canImport(Glibc)
import Glibc
#endif

/// Finds out, before the screen starts, what listens on an address: it connects, logs
/// in as a player would and reads the answer, then logs out again. Only a server that
/// answers the login in the game's own frames counts as a game server.
enum GameProbe {
    /// The reason this project's server gives for a duplicate name.
    static let nameTakenReason = ClientSession.nameTakenReason

    /// One trial login of `username` on `address`; waits at most `timeout` for the answer.
    static func probe(
        _ address: ServerAddress,
        username: String,
        password: String,
        timeout: TimeAmount = .seconds(3),
        spectator: Bool = false
    ) -> ProbeAnswer {
        let group = MultiThreadedEventLoopGroup.singleton
        let eventLoop = group.any()
        let answer = eventLoop.makePromise(of: ProbeAnswer.self)
        let login = PlayerLogin.with {
            $0.username = username
            $0.password = password
            $0.spectator = spectator
        }
        let connect = ClientBootstrap(group: eventLoop)
            .connectTimeout(timeout)
            .channelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    let sync = channel.pipeline.syncOperations
                    try sync.addHandler(MessageFrameDecoder.handler())
                    try sync.addHandler(MessageFrameEncoder.handler())
                    try sync.addHandler(ProbeHandler(login: login, answer: answer))
                }
            }
            .connect(host: address.host, port: address.port)
        connect.whenFailure { error in
            answer.succeed(Self.answer(forConnectError: error, address: address))
        }
        connect.whenSuccess { channel in
            channel.eventLoop.scheduleTask(in: timeout) {
                answer.succeed(.notAGameServer)  // no-op when already answered
                channel.close(promise: nil)
            }
            // The answer is in: let the channel finish its goodbye, but not forever.
            answer.futureResult.whenComplete { _ in
                channel.eventLoop.scheduleTask(in: .seconds(1)) { channel.close(promise: nil) }
            }
        }
        let result = (try? answer.futureResult.wait()) ?? .notAGameServer
        // Wait for the close, so that a name the probe logged out is free again.
        if let channel = try? connect.wait() {
            try? channel.closeFuture.wait()
        }
        return result
    }

    private static func answer(forConnectError error: any Error, address: ServerAddress) -> ProbeAnswer {
        if Self.isConnectionRefused(error) { return .nothingListening }
        return .unreachable(ConnectionFailure.connectFailed(error, server: address))
    }

    private static func isConnectionRefused(_ error: any Error) -> Bool {
        switch error {
        case let error as NIOConnectionError:
            return !error.connectionErrors.isEmpty && error.connectionErrors.allSatisfy { isConnectionRefused($0.error) }
        case let error as IOError:
            return error.errnoCode == ECONNREFUSED
        default:
            return false
        }
    }
}

/// Sends the login when connected and turns the first answer into a ``ProbeAnswer``.
private final class ProbeHandler: ChannelInboundHandler {
    typealias InboundIn = WireMessage
    typealias OutboundOut = WireMessage

    private let login: PlayerLogin
    private let answer: EventLoopPromise<ProbeAnswer>
    private var answered = false

    init(login: PlayerLogin, answer: EventLoopPromise<ProbeAnswer>) {
        self.login = login
        self.answer = answer
    }

    func channelActive(context: ChannelHandlerContext) {
        context.writeAndFlush(Self.wrapOutboundOut(.playerLogin(login)), promise: nil)
        context.fireChannelActive()
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        guard !answered else { return }
        let message = Self.unwrapInboundIn(data)
        if case .loginResult(let result) = message {
            if result.ok {
                logOut(context, .accepted)
            } else {
                finish(context, result.reason == GameProbe.nameTakenReason ? .nameTaken : .refused(reason: result.reason))
            }
        } else if case .playerLogout(let goodbye) = message {
            finish(context, .refused(reason: goodbye.reason))
        } else if message.sender.isServer {
            // Anything else a server sends (the original's pings) means logged in; by
            // the table's direction, so a new kind needs nothing here.
            logOut(context, .acceptedUnchecked)
        } else {
            finish(context, .notAGameServer)  // a game server never sends a client's messages
        }
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        // Bytes that are not game frames (an HTTP or SSH server, say).
        finish(context, error is FrameError ? .notAGameServer : .unreachable("The connection failed: \(error)."))
    }

    func channelInactive(context: ChannelHandlerContext) {
        if !answered {
            answered = true
            answer.succeed(.closedSilently)
        }
        context.fireChannelInactive()
    }

    private func logOut(_ context: ChannelHandlerContext, _ result: ProbeAnswer) {
        answered = true
        answer.succeed(result)
        var goodbye = PlayerLogout()
        goodbye.username = login.username
        goodbye.reason = "quit"
        // The server closes after a goodbye; our side closes once it is written.
        let channel = context.channel
        context.writeAndFlush(Self.wrapOutboundOut(.playerLogout(goodbye))).whenComplete { _ in
            channel.close(mode: .output, promise: nil)
        }
    }

    private func finish(_ context: ChannelHandlerContext, _ result: ProbeAnswer) {
        answered = true
        answer.succeed(result)
        context.close(promise: nil)
    }
}

extension GameProbe {
    /// Trial logins on `address` until one is answered: with `automaticName`, a name
    /// that is playing already is followed by the next (`DefaultName.next`), up to
    /// `attempts` names, and on a server that cannot tell names apart (the original,
    /// which never refuses one) the name is made unique (`DefaultName.unique`), so that
    /// two players never share one there. Returns the last answer and the name to use.
    static func findSeat(
        _ address: ServerAddress,
        username: String,
        password: String,
        automaticName: Bool,
        attempts: Int = 50,
        spectator: Bool = false
    ) -> (answer: ProbeAnswer, username: String) {
        var name = username
        for _ in 1..<max(1, attempts) {
            let answer = probe(address, username: name, password: password, spectator: spectator)
            if answer == .acceptedUnchecked, automaticName { return (answer, DefaultName.unique(like: name)) }
            guard answer == .nameTaken, automaticName else { return (answer, name) }
            name = DefaultName.next(after: name)
        }
        return (probe(address, username: name, password: password, spectator: spectator), name)
    }
}
