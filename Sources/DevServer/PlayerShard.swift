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
    let configuration: ServerConfiguration
    let logger: Logger
    private let debugEnabled: Bool
    let registry: PlayerRegistry
    let frames: ServerFrames
    let desk: LoginDesk
    let pinger: Pinger
    let fanOut: FanOut
    let readBudget: ReadBudget
    private let chats: ChatDesk
    /// The world of boxes, on the loop that owns it; nil without shapes.
    var shapes: NIOLoopBound<ShapeService>?

    /// Every open connection of this loop.
    private var sessions: [ObjectIdentifier: PlayerSession] = [:]
    /// The logged-in players of this loop, for a session taken over from another connection.
    var playing: [PlayerID: PlayerSession] = [:]
    var shuttingDown = false
    private var allClosed: EventLoopPromise<Void>?
    private var loggedSkippedTypes: Set<UInt8> = []  // unknown frame types, logged once each
    /// Connections, logins and what players sent; the parts count the rest.
    var ownCounters = ServerCounters()

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
        self.pinger = Pinger(
            loop: loop, interval: configuration.pingInterval, timeout: configuration.pingTimeout, frames: frames,
            playersOnline: { registry.players }
        )
        self.fanOut = FanOut(loop: loop, configuration: configuration, frames: frames)
        self.readBudget = ReadBudget(loop: loop)
        self.chats = ChatDesk(configuration: configuration, fanOut: fanOut, frames: frames, logger: logger)
        pinger.timedOut = { [weak self] session in
            guard let self else { return }
            self.logger.info("Disconnecting \(session.logName): no ping bounced for \(LoginDesk.describe(configuration.pingTimeout ?? .zero))")
            self.close(session, reason: .pingTimeout)
        }
    }

    /// The loop's counters, its parts' included.
    var counters: ServerCounters {
        ownCounters + desk.counters + pinger.counters + fanOut.counters + chats.counters
            + (fanOut.shapes?.counters ?? ServerCounters())
    }

    // MARK: - Lifecycle

    /// Connects the fan-out to every loop's (this one's included) and starts its tick.
    func start(peers: [NIOLoopBound<FanOut>]) {
        fanOut.start(peers: peers)
    }

    /// Installs the handler for a freshly accepted connection.
    func adopt(_ channel: Channel) throws {
        try adopt(PlayerSession(channel: channel))
    }

    /// Installs the handler for a connection whose session is made already (a gateway's).
    func adopt(_ session: PlayerSession) throws {
        try session.channel.pipeline.syncOperations.addHandler(PlayerSessionHandler(shard: self, session: session))
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
                ownCounters.framesOutByType.count(.playerLogout)
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

    /// `count` frames of types the table does not name were skipped: counted as UNKNOWN.
    func skipped(_ count: Int, newTypes: [UInt8], from session: PlayerSession) {
        ownCounters.framesInByType.count(.unknown, by: count)
        for type in newTypes where loggedSkippedTypes.insert(type).inserted {
            logger.info("Skipping frames of unknown type \(type) from \(session.logName) (a newer client's); logged once")
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
    func close(_ session: PlayerSession, reason: DisconnectReason) {
        if session.closeReason == nil { session.closeReason = reason }
        if session.phase == .playing { end(session, reason: reason) }
        session.phase = .closed
        session.channel.close(promise: nil)
    }

    /// Removes a logged-in player: frees its name, stops its pings and fan-out, and
    /// queues its departure for the other players, unless another connection has taken
    /// the session over meanwhile (then the name and the player live on there).
    func end(_ session: PlayerSession, reason: DisconnectReason) {
        guard session.phase == .playing else { return }
        session.phase = .closed
        session.closeReason = session.closeReason ?? reason
        if !session.spectator { ownCounters.playersOnline -= 1 }
        if playing[session.id] === session { playing[session.id] = nil }
        chats.left(session.id)
        if reason == .pingTimeout, let grace = configuration.resumeGrace,
           registry.park(session.username, serial: session.loginSerial) {
            // Gone for the others, but the name waits for its player's token a while
            // (a Ctrl-Z, a laptop asleep): back in time, it is itself again.
            fanOut.leave(session, reason: reason)
            let (registry, name, serial) = (self.registry, session.username, session.loginSerial)
            loop.assumeIsolated().scheduleTask(in: grace) { registry.release(name, serial: serial) }
        } else if registry.release(session.username, serial: session.loginSerial) {
            fanOut.leave(session, reason: reason)
        } else {
            fanOut.drop(session)
        }
    }

    // MARK: - Inbound messages

    func received(_ message: WireMessage, from session: PlayerSession) {
        ownCounters.framesInByType.count(message.type)
        switch session.phase {
        case .awaitingLogin:
            if case .playerLogin(let login) = message {
                self.login(login, for: session)
            } else {
                desk.refuse(session, .notALogin, reason: "first frame must be PLAYER_LOGIN", detail: "first frame was \(message.type)")
            }
        case .playing:
            switch message {
            case .mouseMove(let move):
                guard !session.spectator else { return }  // a spectator has no cursor
                if debugEnabled { logger.debug("Dispatcher got message of type 2 from: \(session.username)") }
                fanOut.moved(session, to: CursorState(move), activity: readBudget.readStamp)
            case .ping(let ping):
                pinger.bounced(ping, by: session)
            case .playerLogout:
                logger.info("\(session.logName) logged out")
                close(session, reason: .loggedOut)
            case .chat(let chat):
                chats.received(chat, from: session, now: .now())
            case .playerLogin, .loginResult, .playerCursor, .gameObject:
                if debugEnabled { logger.debug("Ignoring \(message.type) from \(session.logName)") }
            }
        case .resuming:
            // The client waits for its LOGIN_RESULT before it sends more; anything else
            // waits for nothing.
            if case .playerLogout = message {
                close(session, reason: .loggedOut)
            } else if debugEnabled {
                logger.debug("Ignoring \(message.type) from \(session.logName) while its session is handed over")
            }
        case .closed:
            break
        }
    }
}
