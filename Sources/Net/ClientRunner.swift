import Logging
import Messages
import NIOCore
import NIOPosix

#if canImport(Glibc)
import Glibc
#endif

/// Runs a ``ClientSession`` on real sockets: connects, writes, schedules, and feeds the
/// session what happens. The rules themselves (login, refusal, pings, silence, resume,
/// backoff) are the session's. Lives on, and is only touched from, its one event loop.
final class ClientRunner {
    private let configuration: ClientConfiguration
    private let queue: ClientQueue
    private let logger: Logger
    private let eventLoop: any EventLoop
    private let stoppedPromise: EventLoopPromise<Void>
    private let lastContact: LastContact

    private var session: ClientSession
    /// The current connection, once connected.
    private var channel: (any Channel)?
    /// Its silence watch.
    private var silence: SilenceHandler?
    /// Bumped per connect and per close; events of older connections are ignored.
    private var connection = 0
    private var started = false
    private var finished = false
    /// Fails the attempt if the login is not answered in time.
    private var loginDeadline: Scheduled<Void>?
    private var reconnectTask: Scheduled<Void>?

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
        self.session = ClientSession(rules: configuration.sessionRules)
    }

    /// Succeeds once `.stopped` has been posted.
    var stopped: EventLoopFuture<Void> { stoppedPromise.futureResult }

    // MARK: Lifecycle

    func start() {
        guard !started else { return }
        started = true
        perform(session.start())
    }

    /// Stopped before it ever started: just report it.
    func finishWithoutStarting() {
        guard !started else { return }
        started = true
        finish()
    }

    /// Carries out the session's actions, in order.
    private func perform(_ actions: [ClientSession.Action]) {
        eventLoop.assertInEventLoop()
        var flushed: (any Channel)?
        for action in actions {
            switch action {
            case .connect:
                connect()
            case .send(let message):
                if let channel {
                    channel.write(message, promise: nil)
                    flushed = channel
                }
            case .bounce(let ping):
                if let channel { bounce(ping, on: channel) }
            case .close:
                flushed?.flush()
                flushed = nil
                channel?.close(promise: nil)
            case .closeGracefully:
                flushed?.flush()
                flushed = nil
                if let channel { closeGracefully(channel) }
            case .watchSilence(let limit):
                silence?.watch(limit)
            case .scheduleReconnect(let delay):
                logger.info("reconnecting", metadata: ["in": "\(ConnectionFailure.seconds(delay))"])
                reconnectTask = eventLoop.assumeIsolated().scheduleTask(in: delay) {
                    self.perform(self.session.reconnectDue())
                }
            case .cancelReconnect:
                reconnectTask?.cancel()
                reconnectTask = nil
            case .post(let event):
                post(event)
            case .finish:
                finish()
            }
        }
        flushed?.flush()
    }

    private func post(_ event: ClientEvent) {
        switch event {
        case .loggedIn(let welcome):
            loginDeadline?.cancel()
            loginDeadline = nil
            logger.info("logged in", metadata: ["welcome": "\(welcome.map { WireMessage.loginResult($0).description } ?? "none")"])
        case .refused(let reason):
            logger.info("login refused", metadata: ["reason": "\(reason)"])
        case .disconnected(let reason):
            logger.info("disconnected", metadata: ["reason": "\(reason)"])
        case .connecting(let server, let attempt):
            logger.info("connecting", metadata: ["server": "\(server)", "attempt": "\(attempt)"])
        case .ping, .cursor, .playerLeft, .message, .reconnecting, .stopped:
            break
        }
        queue.post(event)
    }

    private func connect() {
        connection += 1
        channel = nil
        silence = nil
        let id = connection
        let bound = NIOLoopBound(self, eventLoop: eventLoop)
        let logger = logger
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
                    let silence = SilenceHandler()
                    try sync.addHandler(silence)
                    try sync.addHandler(MessageFrameDecoder.handler(logger: logger))
                    try sync.addHandler(MessageFrameEncoder.handler(logger: logger))
                    try sync.addHandler(ClientChannelHandler(runner: bound.value, connection: id))
                    bound.value.silence = silence
                }
            }
            .connect(host: configuration.server.host, port: configuration.server.port)
            .assumeIsolated()
            .whenComplete { result in
                self.connectFinished(result, connection: id)
            }
    }

    private func connectFinished(_ result: Result<any Channel, any Error>, connection id: Int) {
        guard id == connection, case .connecting = session.state else {
            // Quit while connecting: drop the late connection.
            if case .success(let channel) = result { channel.close(promise: nil) }
            return
        }
        switch result {
        case .success(let channel):
            logger.info("connected; logging in", metadata: ["user": "\(configuration.username)"])
            lastContact.touch()
            self.channel = channel
            perform(session.connected())
            let timeout = configuration.loginTimeout
            loginDeadline = eventLoop.assumeIsolated().scheduleTask(in: timeout) {
                guard id == self.connection else { return }
                self.perform(self.session.loginTimedOut(
                    reason: "The server at \(self.configuration.server) accepted the connection but did not answer the login within \(ConnectionFailure.seconds(timeout))."
                ))
            }
        case .failure(let error):
            perform(session.connectFailed(reason: ConnectionFailure.connectFailed(error, server: configuration.server)))
        }
    }

    private func finish() {
        guard !finished else { return }
        finished = true
        loginDeadline?.cancel()
        reconnectTask?.cancel()
        queue.setCommandWaker(nil)
        queue.post(.stopped)
        logger.info("stopped")
        stoppedPromise.succeed()
    }

    // MARK: Commands from the UI

    /// Takes and carries out the UI's commands (woken by the queue at most once per batch).
    func drainCommands() {
        if case .loggedIn = session.state, let channel, !channel.isWritable, !queue.isQuitRequested {
            // The server is not reading: leave the moves in the queue, where they coalesce;
            // becameWritable() comes back for them.
            queue.noteHeldBackDrain()
            return
        }
        var actions: [ClientSession.Action] = []
        for command in queue.takeCommands() {
            switch command {
            case .move(let x, let y, let left, let right):
                var move = MouseMove()
                move.x = x
                move.y = y
                move.leftClick = left
                move.rightClick = right
                actions += session.moved(move)
            case .send(let message):
                actions += session.send(message)
            case .quit:
                logger.info("quitting")
                perform(actions)
                if case .connecting = session.state { connection += 1 }  // drop a connect under way
                perform(session.quit())
                return
            }
        }
        perform(actions)
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
        let actions = session.received(message)
        if actions.isEmpty { logger.debug("ignored", metadata: ["message": "\(message)"]) }
        perform(actions)
    }

    private func bounce(_ ping: Ping, on channel: any Channel) {
        let now = Epoch.nowMicros()
        var reply = Ping()
        reply.sentEpoch = ping.sentEpoch
        reply.bounceEpoch = now
        channel.writeAndFlush(WireMessage.ping(reply), promise: nil)

        let length = (try? Frame.encode(.ping(ping)).count).map { $0 - Frame.headerLength } ?? 0
        let serverRoundTrip: UInt64? = ping.rttUs > 0 ? UInt64(ping.rttUs) : nil
        // A server that measures round trips sends none in its first ping (it has had no
        // bounce yet): unknown then, not the kernel's few microseconds of a fresh socket.
        // The kernel's estimate stands in only for a server that never reports one.
        let estimate = session.serverReportsRoundTrip ? nil : kernelRoundTrip(channel)
        post(.ping(PingReport(
            length: length,
            roundTripMicros: serverRoundTrip ?? estimate,
            roundTripFromServer: serverRoundTrip != nil,
            sentEpochMicros: ping.sentEpoch,
            receivedAtMicros: now,
            playersOnline: ping.hasPlayersOnline ? Int(ping.playersOnline) : nil
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
        guard id == connection else { return }
        perform(session.fellSilent())
    }

    func failed(_ error: any Error, connection id: Int) {
        guard id == connection else { return }
        logger.info("connection error", metadata: ["error": "\(error)"])
        if case .awaitingLogin = session.state, error is FrameError {
            session.failed(reason: ConnectionFailure.notAGameServer(configuration.server))
        }
        session.failed(reason: ConnectionFailure.connectionFailed(error))
    }

    func closed(connection id: Int) {
        guard id == connection else { return }
        connection += 1  // nothing more from this one
        channel = nil
        silence = nil
        loginDeadline?.cancel()
        loginDeadline = nil
        perform(session.closed())
    }
}
