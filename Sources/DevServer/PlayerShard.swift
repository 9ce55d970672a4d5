import Logging
import Messages
import NIOCore

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Everything the server keeps on one event loop: its connections, and the parts that
/// serve them there: the ``LoginDesk``, the ``Pinger``, the ``FanOut`` and the
/// ``ReadBudget``.
///
/// The shard itself owns the connections and dispatches what they send. All hot paths
/// (decoding, cursor updates, pings, fan-out) run on the loop without locks or actor
/// hops. The shard and its parts are confined to `loop`: they are not `Sendable`, and
/// other threads reach them only through `NIOLoopBound` (checked at run time).
final class PlayerShard {
    let loop: EventLoop
    private let configuration: ServerConfiguration
    private let logger: Logger
    private let debugEnabled: Bool
    private let registry: PlayerRegistry
    private let frames: ServerFrames
    private let desk: LoginDesk
    private let pinger: Pinger
    let fanOut: FanOut
    let readBudget: ReadBudget

    /// Every open connection of this loop.
    private var sessions: [ObjectIdentifier: PlayerSession] = [:]
    private var shuttingDown = false
    private var allClosed: EventLoopPromise<Void>?
    /// Connections, logins and what players sent; the parts count the rest.
    private var ownCounters = ShardCounters()

    /// Made on `loop`, the only place it is used.
    init(
        loop: EventLoop, configuration: ServerConfiguration, registry: PlayerRegistry, throttle: LoginThrottle,
        logger: Logger
    ) {
        loop.preconditionInEventLoop()
        self.loop = loop
        self.configuration = configuration
        self.registry = registry
        self.logger = logger
        self.debugEnabled = logger.logLevel <= .debug
        let frames = ServerFrames(logger: logger)
        self.frames = frames
        self.desk = LoginDesk(
            loop: loop, configuration: configuration, registry: registry, throttle: throttle, logger: logger,
            frames: frames
        )
        self.pinger = Pinger(loop: loop, interval: configuration.pingInterval, frames: frames)
        self.fanOut = FanOut(loop: loop, configuration: configuration, frames: frames)
        self.readBudget = ReadBudget(loop: loop)
    }

    /// The loop's counters, its parts' included.
    var counters: ShardCounters {
        ownCounters + desk.counters + pinger.counters + fanOut.counters
    }

    // MARK: - Lifecycle

    /// Connects the fan-out to every loop's (this one's included) and starts its tick.
    func start(peers: [NIOLoopBound<FanOut>]) {
        fanOut.start(peers: peers)
    }

    /// Installs the handler for a freshly accepted connection.
    func adopt(_ channel: Channel) throws {
        let session = PlayerSession(channel: channel)
        try channel.pipeline.syncOperations.addHandler(PlayerSessionHandler(shard: self, session: session))
    }

    /// Tells every player the server is going away, then closes every connection; the
    /// future completes when all are closed (at the latest after the grace period).
    func shutdown() -> EventLoopFuture<Void> {
        shuttingDown = true
        fanOut.stop()
        pinger.stop()
        let promise = loop.makePromise(of: Void.self)
        for session in sessions.values {
            let channel = session.channel
            if session.phase == .playing {
                let goodbye = frames.encode(.playerLogout(.with {
                    $0.username = session.username
                    $0.reason = DisconnectReason.serverShutdown.rawValue
                }), allocator: channel.allocator)
                ownCounters.framesOut += 1
                end(session, reason: .serverShutdown)
                channel.writeAndFlush(goodbye).whenComplete { _ in channel.close(promise: nil) }
            } else {
                session.closeReason = session.closeReason ?? .serverShutdown
                session.phase = .closed
                channel.close(promise: nil)
            }
        }
        if sessions.isEmpty {
            promise.succeed(())
        } else {
            allClosed = promise
            loop.assumeIsolated().scheduleTask(in: configuration.shutdownGracePeriod) {
                for session in self.sessions.values {
                    session.channel.close(promise: nil)
                }
            }
        }
        return promise.futureResult
    }

    /// Breaks the reference cycle between the loops' fan-outs once the server has stopped.
    func detach() {
        fanOut.detachPeers()
    }

    // MARK: - Connections

    func connected(_ session: PlayerSession) {
        sessions[ObjectIdentifier(session)] = session
        ownCounters.connections += 1
        if shuttingDown {
            session.closeReason = .serverShutdown
            session.phase = .closed
            session.channel.close(promise: nil)
            return
        }
        desk.expect(session) { self.close(session, reason: .loginTimeout) }
    }

    /// The connection has closed, for whatever reason.
    func disconnected(_ session: PlayerSession) {
        desk.stopWaiting(session)
        let reason = session.closeReason ?? .connectionClosed
        if session.phase == .playing {
            logger.info("\(session.logName) disconnected: \(reason)")
            end(session, reason: reason)
        }
        session.phase = .closed
        guard sessions.removeValue(forKey: ObjectIdentifier(session)) != nil else { return }
        ownCounters.connections -= 1
        ownCounters.disconnects[reason, default: 0] += 1
        if sessions.isEmpty, let allClosed {
            self.allClosed = nil
            allClosed.succeed(())
        }
    }

    func badInput(_ error: Error, from session: PlayerSession) {
        guard session.phase != .closed else { return }
        logger.warning("Closing \(session.logName): \(error)")
        close(session, reason: .badFrame)
    }

    func connectionFailed(_ error: Error, for session: PlayerSession) {
        guard session.phase != .closed else { return }
        let reason = (error as? IOError).map { String(cString: strerror($0.errnoCode)) } ?? "\(error)"
        logger.info("Closing \(session.logName): \(reason)")
        close(session, reason: .connectionClosed)
    }

    func outboundBufferFull(_ session: PlayerSession) {
        guard session.phase != .closed else { return }
        logger.warning(
            "Disconnecting \(session.logName): outbound buffer over \(configuration.maxOutboundBytes) bytes (not reading)"
        )
        close(session, reason: .outboundBufferFull)
    }

    /// Ends the session at once (the others hear of it at the next tick) and closes.
    private func close(_ session: PlayerSession, reason: DisconnectReason) {
        if session.closeReason == nil { session.closeReason = reason }
        if session.phase == .playing { end(session, reason: reason) }
        session.phase = .closed
        session.channel.close(promise: nil)
    }

    /// Removes a logged-in player: frees its name, stops its pings and fan-out, and
    /// queues its departure for the other players.
    private func end(_ session: PlayerSession, reason: DisconnectReason) {
        guard session.phase == .playing else { return }
        session.phase = .closed
        session.closeReason = session.closeReason ?? reason
        registry.release(session.username)
        ownCounters.playersOnline -= 1
        fanOut.leave(session, reason: reason)
    }

    // MARK: - Inbound messages

    func received(_ message: WireMessage, from session: PlayerSession) {
        ownCounters.framesIn += 1
        switch session.phase {
        case .awaitingLogin:
            if case .playerLogin(let login) = message {
                self.login(login, for: session)
            } else {
                desk.refuse(session, reason: "first frame must be PLAYER_LOGIN", detail: "first frame was \(message.type)")
            }
        case .playing:
            switch message {
            case .mouseMove(let move):
                ownCounters.mouseEventsIn += 1
                if debugEnabled {
                    logger.debug("Dispatcher got message of type 2 from: \(session.username)")
                }
                fanOut.moved(session, to: CursorState(move), activity: readBudget.readStamp)
            case .ping(let ping):
                pinger.bounced(ping, by: session)
            case .playerLogout:
                logger.info("\(session.logName) logged out")
                close(session, reason: .loggedOut)
            case .playerLogin, .loginResult, .playerCursor:
                if debugEnabled { logger.debug("Ignoring \(message.type) from \(session.logName)") }
            }
        case .closed:
            break
        }
    }

    private func login(_ login: PlayerLogin, for session: PlayerSession) {
        guard let admission = desk.review(login, from: session) else { return }
        let name = login.username
        session.id = admission.id
        session.username = name
        session.phase = .playing
        ownCounters.logins += 1
        ownCounters.playersOnline += 1
        logger.info("ACCESS GRANTED FOR Username: \(name)")

        let channel = session.channel
        var out = channel.allocator.buffer(capacity: 64)
        frames.append(.loginResult(.with {
            $0.ok = true
            $0.pingIntervalMs = UInt32(clamping: configuration.pingInterval.nanoseconds / 1_000_000)
            $0.playersOnline = UInt32(clamping: admission.online)
        }), to: &out)
        fanOut.join(session, welcome: &out)
        channel.writeAndFlush(out, promise: nil)
        pinger.add(session)
    }
}
