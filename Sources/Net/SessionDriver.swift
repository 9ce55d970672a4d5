import Logging
import Messages
import NIOCore

/// Runs one ``ClientSession`` on real connections, for every front: `mousy play` and
/// `mousy watch` (through ``GameClient``), SSH players, the start-up probe, and each
/// `mousy load` player. It opens connections through its ``SessionConnector``, installs
/// the one pipeline (silence watch, decoder, this driver, ``MessageFrameEncoder``, so an
/// oversized message fails its own write and never the channel), carries out every
/// ``ClientSession/Action`` in this one place, and hands the session's events to its
/// ``SessionSink``. The rules themselves are the session's.
///
/// Lives on, and is only touched from, its one event loop.
public final class SessionDriver {
    /// The loop this driver lives on.
    public let eventLoop: any EventLoop
    private let options: Options
    /// The session's rules and state, for a front to read (never to drive: use the driver).
    public private(set) var session: ClientSession
    /// What went wrong with the last connection, if the driver saw it fail; nil after a
    /// close it did not see coming (the server's), and when a new connect begins.
    public private(set) var failure: ConnectionFailure?
    /// Told the time of each batch of frames read (``GameClient/lastContactMicros``).
    var lastContact: LastContact?
    private var sink: (any SessionSink)?
    /// The current connection, once connected.
    private var channel: (any Channel)?
    private var handler: SessionDriverHandler?
    private var silence: SilenceHandler?
    /// Bumped per connect and per close; events of older connections are ignored.
    private var connection = 0
    private var framesInBatch = 0
    private var started = false
    private var finished = false
    private var loginDeadline: Scheduled<Void>?
    private var reconnectTask: Scheduled<Void>?
    /// The newest move not written yet, while the connection takes no writes (the server
    /// is not reading): a later move with the same buttons replaces it, as a later state
    /// replaces an earlier one, as in ``ClientQueue``; a button change is never replaced.
    private var heldMove: MouseMove?
    private var heldIsButtonChange = false
    /// The buttons of the last move given, to tell a button change.
    private var buttons = (left: false, right: false)
    /// Moves replaced while held, since the driver began.
    public private(set) var coalescedMoves = 0

    /// A driver for `options` on `eventLoop`, handing events to `sink` (kept until the
    /// session has stopped). Make it on its loop.
    public init(options: Options, eventLoop: any EventLoop, sink: any SessionSink) {
        self.options = options
        self.eventLoop = eventLoop
        self.sink = sink
        self.session = ClientSession(rules: options.rules)
    }

    // MARK: The front's side

    /// Begins: the first connect. Does nothing a second time.
    public func start() {
        guard !started else { return }
        started = true
        perform(session.start())
    }

    /// Stopped before it ever started: just report it.
    public func finishWithoutStarting() {
        guard !started else { return }
        started = true
        finish()
    }

    /// The pointer moved: sent while logged in, else kept for the next login. While the
    /// connection takes no writes the move is held, and merges with the next (see `heldMove`).
    public func move(_ move: MouseMove) {
        let buttonChange = (move.leftClick, move.rightClick) != buttons
        buttons = (move.leftClick, move.rightClick)
        let actions = session.moved(move)
        guard let channel, !channel.isWritable, actions == [.send(.mouseMove(move))] else {
            writeHeldMove()
            perform(actions)
            return
        }
        if heldMove != nil, !heldIsButtonChange, !buttonChange {
            coalescedMoves += 1
        } else {
            writeHeldMove()  // into the connection's buffer: a click is never lost
        }
        heldMove = move
        heldIsButtonChange = buttonChange
    }

    private func writeHeldMove() {
        guard let held = heldMove else { return }
        heldMove = nil
        perform([.send(.mouseMove(held))])
    }

    /// A message of the front's (chat): see ``ClientSession/send(_:)``.
    public func send(_ message: WireMessage) {
        writeHeldMove()
        perform(session.send(message))
    }

    /// Says goodbye when logged in, and closes; `.stopped` follows.
    public func quit() {
        options.logger.info("quitting")
        writeHeldMove()
        if case .connecting = session.state { connection += 1 }  // drop a connect under way
        perform(session.quit())
    }

    /// The open connection, if any (for a front's own looks at its socket).
    public var currentChannel: (any Channel)? { channel }

    /// Whether the connection takes writes now (false without one).
    public var isWritable: Bool { channel?.isWritable ?? false }

    /// Writes frames that are encoded already (`mousy load`'s pre-encoded moves), past
    /// the encoder; ``flush()`` sends them.
    public func writeEncoded(_ buffer: ByteBuffer) {
        handler?.writeEncoded(buffer)
    }

    /// Sends what was written.
    public func flush() {
        channel?.flush()
    }

    /// Ends the connection for its silence (what ``SessionSink/driverFellSilent(_:)`` does
    /// by default).
    public func endSilentConnection() {
        guard channel != nil else { return }
        failure = .silent
        perform(session.fellSilent())
    }

    /// Watches for silence again, from now, with the session's limit (after a front
    /// found a silence to be its own backlog).
    public func watchSilenceAgain() {
        if let limit = session.silenceLimit { silence?.watch(limit) }
    }

    // MARK: Actions

    /// Carries out the session's actions, in order: the only place that does.
    private func perform(_ actions: [ClientSession.Action]) {
        eventLoop.assertInEventLoop()
        var flushed: (any Channel)?
        for action in actions {
            switch action {
            case .connect:
                connect()
            case .send(let message):
                if let channel {
                    options.tap?.sent(message)
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
                options.logger.info("reconnecting", metadata: ["in": "\(ConnectionFailure.seconds(delay))"])
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
        let logger = options.logger
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
        sink?.driver(self, posted: event)
    }

    private func finish() {
        guard !finished else { return }
        finished = true
        loginDeadline?.cancel()
        reconnectTask?.cancel()
        options.logger.info("stopped")
        sink?.driver(self, posted: .stopped)
        sink = nil
    }

    // MARK: Connections

    private func connect() {
        connection += 1
        channel = nil
        handler = nil
        silence = nil
        failure = nil
        let id = connection
        let bound = NIOLoopBound(self, eventLoop: eventLoop)
        let logger = options.logger
        options.connector.connect(eventLoop) { channel in
            channel.eventLoop.makeCompletedFuture {
                let driver = bound.value
                let sync = channel.pipeline.syncOperations
                let silence = SilenceHandler()
                let handler = SessionDriverHandler(driver: driver, connection: id)
                try sync.addHandler(silence)
                try sync.addHandler(driver.options.decoder?() ?? MessageFrameDecoder.handler(logger: logger))
                try sync.addHandler(handler)
                try sync.addHandler(MessageFrameEncoder.handler(logger: logger))
                driver.silence = silence
                driver.handler = handler
            }
        }
        .hop(to: eventLoop)
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
            options.logger.info("connected; logging in", metadata: ["user": "\(options.rules.username)"])
            lastContact?.touch()
            self.channel = channel
            perform(session.connected())
            guard let timeout = options.loginTimeout else { return }
            loginDeadline = eventLoop.assumeIsolated().scheduleTask(in: timeout) {
                guard id == self.connection else { return }
                if case .awaitingLogin = self.session.state { self.failure = .loginUnanswered }
                self.perform(self.session.loginTimedOut(
                    reason: "The server at \(self.options.rules.server) accepted the connection but did not answer the login within \(ConnectionFailure.seconds(timeout))."
                ))
            }
        case .failure(let error):
            failure = .ofConnect(error)
            let sentence = options.connectFailureSentence?(error)
                ?? ConnectionFailure.connectFailed(error, server: options.rules.server)
            perform(session.connectFailed(reason: sentence))
        }
    }

    func received(_ message: WireMessage, connection id: Int) {
        guard id == connection else { return }
        framesInBatch += 1
        options.tap?.received(message)
        perform(session.received(message))
    }

    func readComplete(connection id: Int) {
        guard id == connection else { return }
        let frames = framesInBatch
        framesInBatch = 0
        lastContact?.touch()
        sink?.driver(self, readBatchOf: frames)
    }

    private func bounce(_ ping: Ping, on channel: any Channel) {
        let bounce = PingBounce(ping, on: channel, serverReportsRoundTrip: session.serverReportsRoundTrip)
        options.tap?.sent(.ping(bounce.reply))
        channel.writeAndFlush(WireMessage.ping(bounce.reply), promise: nil)
        post(.ping(bounce.report))
    }

    func becameWritable(connection id: Int) {
        guard id == connection else { return }
        writeHeldMove()
        sink?.driverBecameWritable(self)
    }

    func fellSilent(connection id: Int) {
        guard id == connection else { return }
        if let sink { sink.driverFellSilent(self) } else { endSilentConnection() }
    }

    func failed(_ error: any Error, connection id: Int) {
        guard id == connection else { return }
        options.logger.info("connection error", metadata: ["error": "\(error)"])
        if case .awaitingLogin = session.state, error is FrameError {
            failure = .notAGameServer
            session.failed(reason: ConnectionFailure.notAGameServer(options.rules.server))
        }
        failure = failure ?? .broken
        session.failed(reason: ConnectionFailure.connectionFailed(error))
    }

    func closed(connection id: Int) {
        guard id == connection else { return }
        connection += 1  // nothing more from this one
        channel = nil
        handler = nil
        silence = nil
        framesInBatch = 0
        heldMove = nil  // the session sends its last move after the next login
        loginDeadline?.cancel()
        loginDeadline = nil
        perform(session.closed())
    }

    /// Closes our side after what was written (the server reads it, then sees end of
    /// stream), then waits a little for the server to close before closing for good.
    private func closeGracefully(_ channel: any Channel) {
        channel.close(mode: .output).assumeIsolated().whenFailure { _ in
            channel.close(promise: nil)
        }
        eventLoop.assumeIsolated().scheduleTask(in: options.quitGracePeriod) {
            channel.close(promise: nil)
        }
    }
}
