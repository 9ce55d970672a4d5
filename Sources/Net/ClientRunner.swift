import Logging
import Messages
import NIOCore
import NIOPosix

#if canImport(Glibc)
import Glibc
#endif

/// The client's state machine: connects, logs in, bounces pings, writes the UI's
/// commands, and reconnects. Lives on, and is only touched from, its one event loop.
final class ClientRunner {
    private enum Phase {
        /// Not started.
        case idle
        /// A TCP connect is under way.
        case connecting
        /// Connected, login sent; waiting for LOGIN_RESULT or a first ping.
        case awaitingLogin(any Channel)
        /// The server accepted us.
        case loggedIn(any Channel)
        /// The server refused us; waiting for the close.
        case refused(any Channel)
        /// Waiting out the backoff before the next connect.
        case waitingToReconnect(Scheduled<Void>)
        /// Goodbye sent; waiting for the close.
        case quitting(any Channel)
        /// Finished; `.stopped` was posted.
        case stopped
    }

    private let configuration: ClientConfiguration
    private let queue: ClientQueue
    private let logger: Logger
    private let eventLoop: any EventLoop
    private let stoppedPromise: EventLoopPromise<Void>
    private let lastContact: LastContact

    private var phase = Phase.idle
    /// Bumped per connect; events of older connections are ignored.
    private var connection = 0
    /// Connect attempts since start or since the last session ended.
    private var attempt = 0
    /// A session was established once: from now on a drop means reconnect.
    private var everLoggedIn = false
    private var backoff: ReconnectBackoff
    /// Why this side is closing the current connection, when it knows better than "closed".
    private var localCloseReason: String?
    /// The server's own goodbye to us (a PLAYER_LOGOUT naming us, or no one).
    private var serverGoodbye: String?
    /// The pointer as the UI last reported it: sent again after each login.
    private var lastMove: MouseMove?
    /// Fails the attempt if the login is not answered in time.
    private var loginDeadline: Scheduled<Void>?

    init(
        configuration: ClientConfiguration,
        queue: ClientQueue,
        logger: Logger,
        eventLoop: any EventLoop,
        lastContact: LastContact
    ) {
        self.configuration = configuration
        self.queue = queue
        self.logger = logger
        self.eventLoop = eventLoop
        self.stoppedPromise = eventLoop.makePromise()
        self.lastContact = lastContact
        self.backoff = ReconnectBackoff(
            initial: configuration.reconnectInitialDelay,
            maximum: max(configuration.reconnectMaximumDelay, configuration.reconnectInitialDelay)
        )
    }

    /// Succeeds once `.stopped` has been posted.
    var stopped: EventLoopFuture<Void> { stoppedPromise.futureResult }

    // MARK: Lifecycle

    func start() {
        guard case .idle = phase else { return }
        connect()
    }

    /// Stopped before it ever started: just report it.
    func finishWithoutStarting() {
        guard case .idle = phase else { return }
        finish()
    }

    private func connect() {
        eventLoop.assertInEventLoop()
        connection += 1
        attempt += 1
        localCloseReason = nil
        serverGoodbye = nil
        phase = .connecting
        queue.post(.connecting(configuration.server, attempt: attempt))
        logger.info("connecting", metadata: ["server": "\(configuration.server)", "attempt": "\(attempt)"])

        let id = connection
        let bound = NIOLoopBound(self, eventLoop: eventLoop)
        let logger = logger
        let silence = configuration.silenceTimeout
        var bootstrap = ClientBootstrap(group: eventLoop)
            .connectTimeout(configuration.connectTimeout)
            .channelOption(.tcpOption(.tcp_nodelay), value: 1)
        if let bytes = configuration.socketSendBufferBytes {
            bootstrap = bootstrap.channelOption(.socketOption(.so_sndbuf), value: SocketOptionValue(bytes))
        }
        bootstrap
            .channelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    let sync = channel.pipeline.syncOperations
                    if let silence {
                        try sync.addHandler(IdleStateHandler(readTimeout: silence))
                    }
                    try sync.addHandler(MessageFrameDecoder.handler())
                    try sync.addHandler(MessageFrameEncoder.handler(logger: logger))
                    try sync.addHandler(ClientChannelHandler(runner: bound.value, connection: id))
                }
            }
            .connect(host: configuration.server.host, port: configuration.server.port)
            .assumeIsolated()
            .whenComplete { result in
                self.connectFinished(result, connection: id)
            }
    }

    private func connectFinished(_ result: Result<any Channel, any Error>, connection id: Int) {
        guard id == connection, case .connecting = phase else {
            // Quit while connecting: drop the late connection.
            if case .success(let channel) = result { channel.close(promise: nil) }
            return
        }
        switch result {
        case .success(let channel):
            logger.info("connected; logging in", metadata: ["user": "\(configuration.username)"])
            lastContact.touch()
            var login = PlayerLogin()
            login.username = configuration.username
            login.password = configuration.password
            phase = .awaitingLogin(channel)
            channel.writeAndFlush(WireMessage.playerLogin(login), promise: nil)
            let timeout = configuration.loginTimeout
            loginDeadline = eventLoop.assumeIsolated().scheduleTask(in: timeout) {
                guard id == self.connection, case .awaitingLogin = self.phase else { return }
                self.localCloseReason = self.localCloseReason
                    ?? "The server at \(self.configuration.server) accepted the connection but did not answer the login within \(ConnectionFailure.seconds(timeout))."
                channel.close(promise: nil)
            }
        case .failure(let error):
            let reason = ConnectionFailure.connectFailed(error, server: configuration.server)
            logger.info("connect failed", metadata: ["reason": "\(reason)"])
            sessionEnded(reason: reason)
        }
    }

    /// A connection is gone (or never came up) without a refusal: reconnect when a session
    /// was established before and reconnecting is on, else finish.
    private func sessionEnded(reason: String) {
        queue.post(.disconnected(reason: reason))
        guard everLoggedIn, configuration.reconnect, !queue.isQuitRequested else {
            finish()
            return
        }
        let delay = backoff.next()
        queue.post(.reconnecting(in: delay))
        logger.info("reconnecting", metadata: ["in": "\(ConnectionFailure.seconds(delay))"])
        let task = eventLoop.assumeIsolated().scheduleTask(in: delay) {
            self.connect()
        }
        phase = .waitingToReconnect(task)
    }

    private func finish() {
        if case .stopped = phase { return }
        phase = .stopped
        queue.setCommandWaker(nil)
        queue.post(.stopped)
        logger.info("stopped")
        stoppedPromise.succeed()
    }

    // MARK: Commands from the UI

    /// Takes and carries out the UI's commands (woken by the queue at most once per batch).
    func drainCommands() {
        if case .loggedIn(let channel) = phase, !channel.isWritable, !queue.isQuitRequested {
            // The server is not reading: leave the moves in the queue, where they coalesce;
            // becameWritable() comes back for them.
            queue.noteHeldBackDrain()
            return
        }
        var wrote: (any Channel)?
        for command in queue.takeCommands() {
            switch command {
            case .move(let x, let y, let left, let right):
                var move = MouseMove()
                move.x = x
                move.y = y
                move.leftClick = left
                move.rightClick = right
                lastMove = move
                if case .loggedIn(let channel) = phase {
                    channel.write(WireMessage.mouseMove(move), promise: nil)
                    wrote = channel
                }
            case .quit:
                wrote?.flush()
                quit()
                return
            }
        }
        wrote?.flush()
    }

    private func quit() {
        logger.info("quitting")
        switch phase {
        case .idle, .connecting:
            connection += 1  // a connect still under way is dropped when it finishes
            finish()
        case .waitingToReconnect(let task):
            task.cancel()
            finish()
        case .awaitingLogin(let channel), .refused(let channel):
            phase = .quitting(channel)
            closeGracefully(channel)
        case .loggedIn(let channel):
            phase = .quitting(channel)
            var goodbye = PlayerLogout()
            goodbye.username = configuration.username
            goodbye.reason = "quit"
            channel.writeAndFlush(WireMessage.playerLogout(goodbye), promise: nil)
            closeGracefully(channel)
        case .quitting, .stopped:
            break
        }
    }

    /// Closes our side after what was written (the server reads it, then sees end of
    /// stream), then waits a little for the server to close before closing for good.
    private func closeGracefully(_ channel: any Channel) {
        channel.close(mode: .output).assumeIsolated().whenFailure { _ in
            channel.close(promise: nil)
        }
        eventLoop.assumeIsolated().scheduleTask(in: configuration.quitGracePeriod) {
            channel.close(promise: nil)
        }
    }

    // MARK: Connection events

    func received(_ message: WireMessage, connection id: Int) {
        guard id == connection else { return }
        lastContact.touch()
        switch message {
        case .loginResult(let result):
            guard case .awaitingLogin(let channel) = phase else { return ignore(message) }
            if result.ok {
                loggedIn(channel, welcome: result)
            } else {
                let reason = result.reason.isEmpty ? "no reason given" : result.reason
                refuse(channel, reason: "The server refused the login: \(reason).")
            }
        case .ping(let ping):
            switch phase {
            case .awaitingLogin(let channel):
                loggedIn(channel, welcome: nil)  // an original server: the first ping means logged in
                bounce(ping, on: channel)
            case .loggedIn(let channel):
                bounce(ping, on: channel)
            case .idle, .connecting, .refused, .waitingToReconnect, .quitting, .stopped:
                ignore(message)
            }
        case .playerCursor(let cursor):
            switch phase {
            case .awaitingLogin, .loggedIn:
                queue.post(.cursor(cursor))
            case .idle, .connecting, .refused, .waitingToReconnect, .quitting, .stopped:
                ignore(message)
            }
        case .playerLogout(let goodbye):
            if goodbye.username.isEmpty || goodbye.username == configuration.username {
                serverGoodbye = goodbye.reason.isEmpty ? "no reason given" : goodbye.reason
            } else {
                queue.post(.playerLeft(username: goodbye.username, reason: goodbye.reason))
            }
        case .playerLogin, .mouseMove:
            // A client's messages: a server never sends them.
            ignore(message)
        }
    }

    private func ignore(_ message: WireMessage) {
        logger.debug("ignored", metadata: ["message": "\(message)"])
    }

    private func loggedIn(_ channel: any Channel, welcome: LoginResult?) {
        loginDeadline?.cancel()
        loginDeadline = nil
        phase = .loggedIn(channel)
        everLoggedIn = true
        attempt = 0
        backoff.reset()
        logger.info("logged in", metadata: ["welcome": "\(welcome.map { WireMessage.loginResult($0).description } ?? "none")"])
        queue.post(.loggedIn(welcome: welcome))
        if let lastMove {
            channel.write(WireMessage.mouseMove(lastMove), promise: nil)
        }
        drainCommands()
        channel.flush()
    }

    private func refuse(_ channel: any Channel, reason: String) {
        logger.info("login refused", metadata: ["reason": "\(reason)"])
        phase = .refused(channel)
        queue.post(.refused(reason: reason))
        channel.close(promise: nil)
    }

    private func bounce(_ ping: Ping, on channel: any Channel) {
        let now = Epoch.nowMicros()
        var reply = Ping()
        reply.sentEpoch = ping.sentEpoch
        reply.bounceEpoch = now
        channel.writeAndFlush(WireMessage.ping(reply), promise: nil)

        let length = (try? Frame.encode(.ping(ping)).count).map { $0 - Frame.headerLength } ?? 0
        let serverRoundTrip: UInt64? = ping.rttUs > 0 ? UInt64(ping.rttUs) : nil
        queue.post(.ping(PingReport(
            length: length,
            roundTripMicros: serverRoundTrip ?? kernelRoundTrip(channel),
            roundTripFromServer: serverRoundTrip != nil,
            sentEpochMicros: ping.sentEpoch,
            receivedAtMicros: now
        )))
    }

    /// The kernel's smoothed TCP round trip for this connection, in microseconds.
    private func kernelRoundTrip(_ channel: any Channel) -> UInt64? {
        #if os(Linux)
        guard let provider = channel as? any SocketOptionProvider else { return nil }
        var roundTrip: UInt64?
        // On the channel's own loop this completes at once.
        provider.getTCPInfo().assumeIsolated().whenSuccess { info in
            roundTrip = info.tcpi_rtt > 0 ? UInt64(info.tcpi_rtt) : nil
        }
        return roundTrip
        #else
        return nil
        #endif
    }

    func becameWritable(connection id: Int) {
        guard id == connection else { return }
        drainCommands()
    }

    func fellSilent(connection id: Int) {
        guard id == connection, let silence = configuration.silenceTimeout else { return }
        switch phase {
        case .awaitingLogin(let channel), .loggedIn(let channel):
            localCloseReason = localCloseReason
                ?? "The server has sent nothing for \(ConnectionFailure.seconds(silence)), so the connection was closed."
            channel.close(promise: nil)
        default:
            break
        }
    }

    func failed(_ error: any Error, connection id: Int) {
        guard id == connection else { return }
        logger.info("connection error", metadata: ["error": "\(error)"])
        if case .awaitingLogin = phase, error is FrameError {
            localCloseReason = localCloseReason ?? ConnectionFailure.notAGameServer(configuration.server)
        }
        localCloseReason = localCloseReason ?? ConnectionFailure.connectionFailed(error)
    }

    func closed(connection id: Int) {
        guard id == connection else { return }
        connection += 1  // nothing more from this one
        loginDeadline?.cancel()
        loginDeadline = nil
        switch phase {
        case .awaitingLogin:
            if let localCloseReason {
                sessionEnded(reason: localCloseReason)
            } else {
                // The original server's way of saying no: close without a word.
                let reason = serverGoodbye.map { "The server refused the login: \($0)." }
                    ?? "The server closed the connection without accepting the login (wrong user name or password?)."
                logger.info("login refused", metadata: ["reason": "\(reason)"])
                queue.post(.refused(reason: reason))
                finish()
            }
        case .loggedIn:
            let reason = serverGoodbye.map { "The server ended the session: \($0)." }
                ?? localCloseReason
                ?? "The server closed the connection."
            logger.info("disconnected", metadata: ["reason": "\(reason)"])
            sessionEnded(reason: reason)
        case .refused, .quitting:
            finish()
        case .idle, .connecting, .waitingToReconnect, .stopped:
            break
        }
    }
}
